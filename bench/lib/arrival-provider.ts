import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible provider that notes when each chat request arrives
 * and answers at once with a short stream (or the whole answer, when the
 * body asks for it): what a rate-limited provider sees, for checking that
 * Reprise keeps under the limit it was given.
 */
export interface ArrivalProvider {
  url: string;
  /** performance.now() of each request's arrival. */
  arrivals: number[];
  close(): Promise<void>;
}

/** `delayMs`: how long each answer takes to start, as a real model's time to first token. */
export async function startArrivalProvider(delayMs = 0): Promise<ArrivalProvider> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[{"id":"limited","object":"model"}]}');
      return;
    }
    arrivals.push(performance.now());
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', async () => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      // A bulk replay asks for the whole answer ("stream": false): one chat completion, not a stream.
      if (/"stream"\s*:\s*false/.test(Buffer.concat(parts).toString('utf8'))) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"c","object":"chat.completion","created":1,"model":"limited","choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}');
        return;
      }
      const base = '{"id":"c","object":"chat.completion.chunk","created":1,"model":"limited","choices":';
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${base}[{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":null}]}\n\n`);
      res.write(`data: ${base}[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`);
      res.write(`data: ${base}[],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    arrivals,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Requests in each one-second window: sliding (every window starting at an arrival) and aligned to the first arrival. */
export function windowCounts(arrivals: readonly number[]): { slidingMax: number; aligned: number[] } {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let slidingMax = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    slidingMax = Math.max(slidingMax, j - i);
  }
  const aligned: number[] = [];
  const start = sorted[0] ?? 0;
  for (const t of sorted) {
    const k = Math.floor((t - start) / 1000);
    aligned[k] = (aligned[k] ?? 0) + 1;
  }
  return { slidingMax, aligned: Array.from(aligned, (n) => n ?? 0) };
}
