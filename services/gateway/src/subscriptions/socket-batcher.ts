import type { Socket } from 'node:net';
import type { WebSocketServer } from 'ws';

/**
 * Makes the frames sent on each of the server's WebSockets during one turn of
 * the event loop leave in one write. The stream hub hands over a whole Redis
 * read at once and graphql-ws sends each event as a frame of its own: left
 * alone, every frame costs a system call, which on a small machine is most of
 * a frame's cost. A connection's socket is corked by its first frame of a
 * turn and released when the turn ends, which delays no frame past the moment
 * the process would have gone back to waiting anyway; idle connections cost
 * nothing. Call it before handing the server to graphql-ws.
 */
export function batchWritesPerTurn(wsServer: WebSocketServer): void {
  const held = new Set<Socket>();
  const release = () => {
    const sockets = [...held];
    held.clear();
    for (const socket of sockets) socket.uncork();
  };
  const hold = (socket: Socket) => {
    if (held.has(socket)) return;
    if (held.size === 0) setImmediate(release);
    held.add(socket);
    socket.cork();
  };
  // graphql-ws looks `send` up at each call, so the wrapped one is what it uses.
  wsServer.on('connection', (ws, req) => {
    const send = ws.send.bind(ws);
    ws.send = ((...args: Parameters<typeof send>) => {
      hold(req.socket);
      return send(...args);
    }) as typeof ws.send;
  });
}
