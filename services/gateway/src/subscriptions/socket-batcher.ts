import type { Socket } from 'node:net';
import type { WebSocketServer } from 'ws';

/**
 * Sends the frames written to WebSocket clients during one turn of the event
 * loop in one write per connection. The stream hub hands over a whole Redis
 * read at once and graphql-ws sends each event as a frame of its own: left
 * alone, every frame costs a system call, which on a small machine is most of
 * a frame's cost. Holding the writes until the turn ends delays none of them
 * past the moment the process would have gone back to waiting anyway.
 */
export class SocketBatcher {
  private readonly sockets = new Set<Socket>();
  private holding = false;

  constructor(wsServer: WebSocketServer) {
    wsServer.on('connection', (_ws, req) => {
      const socket = req.socket;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Holds every connection's writes until this turn of the event loop ends. */
  holdUntilTurnEnds(): void {
    if (this.holding || this.sockets.size === 0) return;
    this.holding = true;
    // The same sockets are released as were held: one joining meanwhile was never corked.
    const held = [...this.sockets];
    for (const socket of held) socket.cork();
    setImmediate(() => {
      this.holding = false;
      for (const socket of held) socket.uncork();
    });
  }
}
