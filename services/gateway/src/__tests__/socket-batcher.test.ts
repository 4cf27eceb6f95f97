import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { batchWritesPerTurn } from '../subscriptions/socket-batcher.js';

let server: Server;
let wsServer: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = createServer();
  wsServer = new WebSocketServer({ server });
  batchWritesPerTurn(wsServer);
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

const turnEnds = () => new Promise((r) => setImmediate(r));

describe('batchWritesPerTurn', () => {
  it('holds the frames of one turn and sends them together when it ends, every one, in order', async () => {
    const { client, socket, tcp, received, until } = await connect();
    const sent = Array.from({ length: 200 }, (_, i) => `frame ${i}`);
    for (const text of sent) socket.send(text);
    // Still this turn: every frame is waiting in the socket, none was written out on its own.
    expect(tcp.writableCorked).toBe(1);
    expect(tcp.writableLength).toBeGreaterThanOrEqual(sent.join('').length);
    await turnEnds();
    expect(tcp.writableCorked).toBe(0);
    await until(sent.length);
    expect(received).toEqual(sent);
    client.close();
  });

  it('holds each connection only in a turn it sent in, and each turn anew', async () => {
    const a = await connect();
    const b = await connect();
    a.socket.send('a1');
    expect(a.tcp.writableCorked).toBe(1);
    expect(b.tcp.writableCorked).toBe(0);
    await turnEnds();
    expect(a.tcp.writableCorked).toBe(0);
    b.socket.send('b1');
    a.socket.send('a2');
    expect([a.tcp.writableCorked, b.tcp.writableCorked]).toEqual([1, 1]);
    await turnEnds();
    expect([a.tcp.writableLength, b.tcp.writableLength]).toEqual([0, 0]);
    await a.until(2);
    await b.until(1);
    expect(a.received).toEqual(['a1', 'a2']);
    expect(b.received).toEqual(['b1']);
    a.client.close();
    b.client.close();
  });
});
