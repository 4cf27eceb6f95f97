import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A model provider for the replay tests: an OpenAI-compatible server that
 * keeps the raw text of every body it receives (to compare with what was
 * logged, digit for digit) and answers each with a completion, streamed or
 * whole as the body asks (bulk replays ask for it whole), one choice per
 * `n`. A scripted turn answers with tool calls instead; turns are taken in
 * order, then every answer is text. The judge's calls get its verdict.
 */

export interface ScriptedTurn {
  toolCalls?: { id: string; name: string; arguments: string }[];
  text?: string;
}

export interface ReceivedRequest {
  path: string;
  /** The body exactly as it arrived. */
  text: string;
  headers: IncomingMessage['headers'];
}

/** How the provider misbehaves for a while: 429 with Retry-After for the next `count` requests, or another status (a 400 is not retried). */
export interface Throttle {
  count: number;
  retryAfterSeconds?: number;
  /** @default 429 */
  status?: number;
}

export interface RecordingProvider {
  /** Base URL with /v1, as a provider's baseURL. */
  url: string;
  received: ReceivedRequest[];
  /** Queues turns for the next requests (tool calls, or a given text). */
  script(...turns: ScriptedTurn[]): void;
  /** Answers the next requests 429, as a rate-limited provider does. */
  throttle(throttle: Throttle): void;
  /** Holds every answer this long before its first byte (0: none). */
  delayMs: number;
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight: { now: number; most: number };
  close(): Promise<void>;
}

interface Sent {
  model?: string;
  n?: number;
  stream?: boolean;
  response_format?: { type?: string; json_schema?: { name?: string } };
}

/** The bulk replay judge's call: its structured output is named `replay_verdict`. */
const isJudge = (body: Sent) => body.response_format?.json_schema?.name === 'replay_verdict';

const chunk = (res: ServerResponse, body: unknown) => res.write(`data: ${JSON.stringify(body)}\n\n`);

export async function startRecordingProvider(): Promise<RecordingProvider> {
  const received: ReceivedRequest[] = [];
  const turns: ScriptedTurn[] = [];
  let served = 0;
  let throttled = 0;
  let retryAfter = 1;
  let failStatus = 429;
  const inFlight = { now: 0, most: 0 };
  const self = { delayMs: 0 };

  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const text = Buffer.concat(parts).toString('utf8');
    const path = req.url ?? '';
    if (req.method === 'GET' && path.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'rec-model', object: 'model' }] }));
      return;
    }
    received.push({ path, text, headers: req.headers });
    if (throttled > 0) {
      throttled--;
      if (failStatus === 429) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }));
      } else {
        res.writeHead(failStatus, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `refused with ${failStatus} on purpose`, type: 'invalid_request_error', code: null } }));
      }
      return;
    }
    inFlight.most = Math.max(inFlight.most, ++inFlight.now);
    res.once('close', () => inFlight.now--);
    if (self.delayMs) await new Promise((r) => setTimeout(r, self.delayMs));
    let body: Sent;
    try {
      body = JSON.parse(text);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not JSON', type: 'invalid_request_error' } }));
      return;
    }
    if (isJudge(body)) {
      // A judge's call, answered through its structured output.
      const content = JSON.stringify({ score: 0.75, reason: 'the replay says the same, in other words' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: `chatcmpl-rec-${received.length}`, object: 'chat.completion', created: 1_700_000_000, model: body.model ?? 'rec-model',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      }));
      return;
    }
    const turn = turns.shift() ?? { text: `answer ${++served}` };
    const id = `chatcmpl-rec-${received.length}`;
    const n = typeof body.n === 'number' && body.n > 1 ? Math.min(body.n, 8) : 1;
    const usage = { prompt_tokens: Math.ceil(text.length / 4), completion_tokens: 5 * n, total_tokens: Math.ceil(text.length / 4) + 5 * n };
    const textOf = (index: number) => `${turn.text ?? 'ok'}${n > 1 ? ` (choice ${index})` : ''}`;
    if (body.stream !== true) {
      // The whole answer at once (bulk replays ask for it so): the same answer as the stream below.
      const choices = Array.from({ length: n }, (_, index) => ({
        index,
        message: turn.toolCalls
          ? { role: 'assistant', content: null, refusal: null, tool_calls: turn.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
          : { role: 'assistant', content: textOf(index), refusal: null },
        finish_reason: turn.toolCalls ? 'tool_calls' : 'stop',
        logprobs: null,
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, object: 'chat.completion', created: 1_700_000_000, model: body.model ?? 'rec-model', choices, usage }));
      return;
    }
    const base = { id, object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model ?? 'rec-model' };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (let index = 0; index < n; index++) {
      chunk(res, { ...base, choices: [{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      if (turn.toolCalls) {
        turn.toolCalls.forEach((call, i) => {
          chunk(res, { ...base, choices: [{ index, delta: { tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }] });
          chunk(res, { ...base, choices: [{ index, delta: { tool_calls: [{ index: i, function: { arguments: call.arguments } }] }, finish_reason: null }] });
        });
        chunk(res, { ...base, choices: [{ index, delta: {}, finish_reason: 'tool_calls' }] });
      } else {
        for (const word of textOf(index).split(/(?<= )/)) chunk(res, { ...base, choices: [{ index, delta: { content: word }, finish_reason: null }] });
        chunk(res, { ...base, choices: [{ index, delta: {}, finish_reason: 'stop' }] });
      }
    }
    chunk(res, { ...base, choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    script: (...more) => void turns.push(...more),
    throttle: (t) => {
      throttled = t.count;
      retryAfter = t.retryAfterSeconds ?? 0;
      failStatus = t.status ?? 429;
    },
    get delayMs() {
      return self.delayMs;
    },
    set delayMs(ms: number) {
      self.delayMs = ms;
    },
    inFlight,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
