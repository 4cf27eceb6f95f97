import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { SocketBatcher } from '../subscriptions/socket-batcher.js';

let server: Server;
let wsServer: WebSocketServer;
let batcher: SocketBatcher;
let url: string;

beforeAll(async () => {
  server = createServer();
  wsServer = new WebSocketServer({ server });
  batcher = new SocketBatcher(wsServer);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  wsServer.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A client connection, the server's side of it (the WebSocket and its TCP socket), and the messages the client receives, in order. */
async function connect() {
  const serverSide = once(wsServer, 'connection') as Promise<[WebSocket, IncomingMessage]>;
  const client = new WebSocket(url);
  await once(client, 'open');
  const [socket, req] = await serverSide;
  const received: string[] = [];
  client.on('message', (data: Buffer) => received.push(data.toString()));
  const until = async (n: number) => {
    while (received.length < n) await new Promise((r) => setTimeout(r, 5));
  };
  return { client, socket, tcp: req.socket, received, until };
}

describe('SocketBatcher', () => {
  it('holds the frames of one turn and sends them together when it ends, every one, in order', async () => {
    const { client, socket, tcp, received, until } = await connect();
    batcher.holdUntilTurnEnds();
    const sent = Array.from({ length: 200 }, (_, i) => `frame ${i}`);
    for (const text of sent) socket.send(text);
    // Still this turn: every frame is waiting in the socket, none was written out on its own.
    expect(tcp.writableCorked).toBe(1);
    expect(tcp.writableLength).toBeGreaterThanOrEqual(sent.join('').length);
    await new Promise((r) => setImmediate(r));
    expect(tcp.writableCorked).toBe(0);
    await until(sent.length);
    expect(received).toEqual(sent);
    client.close();
  });

  it('holds nothing outside a turn it was asked to', async () => {
    const { client, socket, tcp, received, until } = await connect();
    batcher.holdUntilTurnEnds();
    socket.send('held');
    await until(1);
    socket.send('free');
    expect(tcp.writableCorked).toBe(0);
    expect(tcp.writableLength).toBe(0);
    await until(2);
    expect(received).toEqual(['held', 'free']);
    client.close();
  });
});
