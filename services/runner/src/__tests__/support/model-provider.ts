import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A model provider stand-in for the runner's tests: a small OpenAI-compatible
 * server (POST /v1/chat/completions, and Azure OpenAI's
 * /openai/deployments/{name}/chat/completions; GET /v1/models) that answers from a
 * queue of scripted answers and records the raw text of every request. Its
 * streams are shaped as OpenAI's: a role chunk, content deltas, tool-call
 * deltas by index (id and name first, then the arguments in pieces), a
 * finish chunk, a usage chunk when `stream_options.include_usage`, `[DONE]`.
 * A body with `"stream": false` gets the same answer as one chat completion,
 * after the same delays (or none, held until the client goes away).
 */

export interface ScriptedToolCall {
  id: string;
  name: string;
  /** The arguments as streamed, piece by piece. */
  arguments: string[];
}

export interface ScriptedChoice {
  /** Content deltas, in order. */
  content?: string[];
  toolCalls?: ScriptedToolCall[];
  /** @default 'stop', or 'tool_calls' when there are tool calls */
  finishReason?: string;
}

export interface ScriptedStream extends ScriptedChoice {
  kind: 'stream';
  /** Further choices (index 1, 2, ...) for a request with `n`; the fields above are choice 0. */
  moreChoices?: ScriptedChoice[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Before the first delta, after the role chunk. @default 0 */
  firstDelayMs?: number;
  /** Between deltas. @default 0 */
  delayMs?: number;
  /** Sends the deltas, then holds the stream open until the client goes away (to see a cancel). */
  hold?: boolean;
}

export interface ScriptedError {
  kind: 'error';
  status: number;
  message: string;
  /** @default 'invalid_request_error' */
  type?: string;
  code?: string | null;
  /** e.g. `retry-after` or `retry-after-ms`. */
  headers?: Record<string, string>;
}

export type ScriptedAnswer = ScriptedStream | ScriptedError;

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The body exactly as it arrived. */
  body: string;
  at: number;
  /** When the answer ended or the connection closed; null while it is open. */
  endedAt: number | null;
  /** Set when the client closed the connection before the answer ended. */
  closedByClient: boolean;
  /** Resolves when the exchange is over, either way. */
  finished: Promise<void>;
}

export interface ModelProvider {
  /** The base URL, ending in /v1, as a ProviderConfig takes it. */
  url: string;
  /** The server's root (`http://127.0.0.1:port`): an Azure OpenAI provider's base URL. */
  origin: string;
  requests: ReceivedRequest[];
  /** Chat requests only, OpenAI's path or Azure's. */
  chatRequests(): ReceivedRequest[];
  /** Queues answers for the next chat requests, in order. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export interface ModelProviderOptions {
  /** The answer when the script is empty. @default one streamed "Hello world" */
  fallback?: ScriptedAnswer;
  /** What GET /v1/models lists. @default ['stand-in-model'] */
  models?: string[];
}

/** POST /v1/chat/completions, or Azure's /openai/deployments/{deployment}/chat/completions. */
const CHAT_PATH = /^(?:\/v1|\/openai\/deployments\/[^/]+)\/chat\/completions$/;

const DEFAULT_ANSWER: ScriptedStream = { kind: 'stream', content: ['Hello', ' world'], usage: { prompt_tokens: 5, completion_tokens: 2 } };

function sse(res: ServerResponse, data: unknown): void {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/** Each choice's deltas as OpenAI streams them: one choice per chunk. */
function deltasOf(choice: ScriptedChoice, index: number): object[] {
  const deltas: object[] = (choice.content ?? []).map((text) => ({ index, delta: { content: text }, finish_reason: null }));
  (choice.toolCalls ?? []).forEach((call, i) => {
    deltas.push({ index, delta: { tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null });
    for (const piece of call.arguments) deltas.push({ index, delta: { tool_calls: [{ index: i, function: { arguments: piece } }] }, finish_reason: null });
  });
  return deltas;
}

/** The scripted answer as the API returns it unstreamed, every choice, with usage. */
async function whole(request: { model?: string }, res: ServerResponse, answer: ScriptedStream, signal: AbortSignal): Promise<void> {
  const choices = [answer, ...(answer.moreChoices ?? [])];
  const pieces = choices.flatMap((c, index) => deltasOf(c, index)).length;
  const wait = (answer.firstDelayMs ?? 0) + Math.max(0, pieces - 1) * (answer.delayMs ?? 0);
  if (wait) await sleep(wait, undefined, { signal });
  if (answer.hold) {
    await once(res, 'close');
    return;
  }
  const usage = answer.usage && { ...answer.usage, total_tokens: answer.usage.prompt_tokens + answer.usage.completion_tokens };
  const body = {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? 'stand-in-model',
    system_fingerprint: 'fp_stand_in',
    choices: choices.map((c, index) => ({
      index,
      message: {
        role: 'assistant',
        content: c.content?.length ? c.content.join('') : c.toolCalls?.length ? null : '',
        refusal: null,
        ...(c.toolCalls?.length ? { tool_calls: c.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments.join('') } })) } : {}),
      },
      logprobs: null,
      finish_reason: c.finishReason ?? (c.toolCalls?.length ? 'tool_calls' : 'stop'),
    })),
    ...(usage ? { usage } : {}),
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function stream(req: ReceivedRequest, res: ServerResponse, answer: ScriptedStream, signal: AbortSignal): Promise<void> {
  const request = JSON.parse(req.body) as { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
  if (request.stream === false) return whole(request, res, answer, signal);
  const choices = [answer, ...(answer.moreChoices ?? [])];
  const meta = { id: `chatcmpl-${Math.random().toString(36).slice(2)}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model ?? 'stand-in-model', system_fingerprint: 'fp_stand_in' };
  const chunk = (choice: object | null, extra: object = {}) => ({ ...meta, choices: choice ? [choice] : [], ...extra });
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  choices.forEach((_c, index) => sse(res, chunk({ index, delta: { role: 'assistant', content: '' }, finish_reason: null })));
  const deltas = choices.flatMap((c, index) => deltasOf(c, index));
  for (const [i, delta] of deltas.entries()) {
    const wait = i === 0 ? (answer.firstDelayMs ?? 0) : (answer.delayMs ?? 0);
    if (wait) await sleep(wait, undefined, { signal });
    sse(res, chunk(delta));
  }
  if (answer.hold) {
    await once(res, 'close');
    return;
  }
  choices.forEach((c, index) => sse(res, chunk({ index, delta: {}, finish_reason: c.finishReason ?? (c.toolCalls?.length ? 'tool_calls' : 'stop') })));
  if (request.stream_options?.include_usage && answer.usage) {
    const { prompt_tokens, completion_tokens } = answer.usage;
    sse(res, chunk(null, { usage: { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens } }));
  }
  sse(res, '[DONE]');
  res.end();
}

function fail(res: ServerResponse, answer: ScriptedError): void {
  const body = JSON.stringify({ error: { message: answer.message, type: answer.type ?? 'invalid_request_error', param: null, code: answer.code ?? null } });
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(body);
}

export async function startModelProvider(options: ModelProviderOptions = {}): Promise<ModelProvider> {
  const requests: ReceivedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const aborted = new AbortController();
    const received: ReceivedRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
      endedAt: null,
      closedByClient: false,
      finished: once(res, 'close').then(() => undefined),
    };
    res.on('close', () => {
      received.endedAt = Date.now();
      if (!res.writableEnded) {
        received.closedByClient = true;
        aborted.abort();
      }
    });
    requests.push(received);

    if (req.method === 'GET' && path === '/v1/models') {
      const data = (options.models ?? ['stand-in-model']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'stand-in' }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
      return;
    }
    if (req.method !== 'POST' || !CHAT_PATH.test(path)) {
      fail(res, { kind: 'error', status: 404, message: `no route ${req.method} ${path}` });
      return;
    }
    const answer = scripted.shift() ?? options.fallback ?? DEFAULT_ANSWER;
    try {
      if (answer.kind === 'error') fail(res, answer);
      else await stream(received, res, answer, aborted.signal);
    } catch (err) {
      // The client went away mid-stream: nothing more to write.
      if (!aborted.signal.aborted) throw err;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () => requests.filter((r) => CHAT_PATH.test(r.path)),
    script: (...answers) => void scripted.push(...answers),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The most of these requests that were open at the same moment. */
export function mostAtOnce(requests: ReceivedRequest[]): number {
  // At the same millisecond an end counts before a start: a slot handed on is not two at once.
  const moments = requests.flatMap((r) => [
    { at: r.at, step: 1 },
    { at: r.endedAt ?? Infinity, step: -1 },
  ]);
  moments.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let most = 0;
  for (const { step } of moments) most = Math.max(most, (open += step));
  return most;
}
