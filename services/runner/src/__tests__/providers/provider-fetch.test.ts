import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import { streamChatBody } from '../../providers/chat-stream.js';
import { providerFetch } from '../../providers/provider-fetch.js';

/** A server that answers each request with `handle`, and keeps what it received: raw body bytes and the client's port. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void) {
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer; clientPort: number }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body, clientPort: req.socket.remotePort! });
      handle(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const sse = (res: ServerResponse, events: string[]) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(`data: ${e}\n\n`);
  res.end('data: [DONE]\n\n');
};

const chunk = (content: string) => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });

describe('providerFetch, the fetch the SDK calls providers with', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  afterEach(() => server?.close());

  it('sends the body byte for byte and streams the answer to the SDK, reusing one connection', async () => {
    server = await serve((_req, res) => sse(res, [chunk('Hel'), chunk('lo')]));
    const client = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0, fetch: providerFetch });
    const text = '{"model":"m","seed":12345678901234567890,"__proto__":{"x":null},"messages":[{"role":"user","content":"hé"}]}';
    const answers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const stream = await streamChatBody(client, text, 'm', new AbortController().signal);
      let answer = '';
      for await (const c of stream) answer += c.choices[0]?.delta.content ?? '';
      answers.push(answer);
    }
    expect(answers).toEqual(['Hello', 'Hello']);
    expect(server.received.map((r) => r.body.toString('utf8'))).toEqual([text, text]);
    expect(server.received[0]!.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(server.received[0]!.headers.authorization).toBe('Bearer k');
    // Keep-alive: the second call came over the first one's socket.
    expect(server.received[1]!.clientPort).toBe(server.received[0]!.clientPort);
  });

  it("gives the SDK a provider's error status, body and Retry-After", async () => {
    server = await serve((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error', code: null } }));
    });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0, fetch: providerFetch });
    const err = await streamChatBody(client, '{"model":"m","messages":[]}', 'm', new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).message).toContain('slow down');
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it('stops reading when the signal aborts mid-stream, and the provider sees the connection close', async () => {
    let closed!: () => void;
    const providerSawClose = new Promise<void>((r) => (closed = r));
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${chunk('first')}\n\n`);
      res.on('close', closed);
    });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0, fetch: providerFetch });
    const controller = new AbortController();
    const stream = await streamChatBody(client, '{"model":"m","messages":[]}', 'm', controller.signal);
    const seen: string[] = [];
    for await (const c of stream) {
      seen.push(c.choices[0]?.delta.content ?? '');
      controller.abort(new Error('cancelled'));
    }
    expect(seen).toEqual(['first']);
    await providerSawClose;
  });

  it('rejects with an AbortError when aborted before the answer', async () => {
    server = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = providerFetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('decodes a gzip answer and does not follow a redirect', async () => {
    server = await serve((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(307, { location: '/elsewhere' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'set-cookie': ['a=1', 'b=2'] });
      res.end(gzipSync('{"ok":true}'));
    });
    const zipped = await providerFetch(`${server.url}/zipped`);
    expect(await zipped.json()).toEqual({ ok: true });
    expect(zipped.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const moved = await providerFetch(`${server.url}/moved`, { method: 'POST', body: 'x' });
    expect(moved.status).toBe(307);
    expect(server.received.map((r) => r.url)).toEqual(['/zipped', '/moved']);
  });
});
