import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readChatRequest } from './chat-request.js';
import { completionMeta, completionObject, streamFrames } from './completion.js';
import { invalidRequest, simulatedFailure } from './openai-errors.js';
import { resolveOptions, SimOptionError, type SimOptions } from './options.js';
import { planReply } from './reply.js';

/**
 * Before dropping a connection, leave the client time to read what was sent:
 * a fetch body stream that errors discards the chunks it still had queued, so
 * the client would see fewer than drop-after chunks.
 */
const DROP_GRACE_MS = 25;

/** Waits `ms`, or rejects as soon as the client has gone; zero waits not at all, so benchmarks pay nothing for it. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal });
  signal.throwIfAborted();
}

export function requestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** The key the client sent, as OpenAI (bearer) or Azure (`api-key`) expects it. */
function apiKeyOf(req: IncomingMessage): string {
  const azureKey = req.headers['api-key'];
  if (typeof azureKey === 'string') return azureKey;
  return req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
}

function readOptions(defaults: Partial<SimOptions>, req: IncomingMessage, messages: Parameters<typeof resolveOptions>[2]): SimOptions {
  try {
    return resolveOptions(defaults, req.headers, messages);
  } catch (error) {
    if (error instanceof SimOptionError) throw invalidRequest(error.message);
    throw error;
  }
}

export interface ChatCompletionsInput {
  req: IncomingMessage;
  res: ServerResponse;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** Set when the request came by the Azure path. */
  deployment?: string;
  defaults: Partial<SimOptions>;
  /** Aborted when the client disconnects: every wait ends and nothing more is written. */
  signal: AbortSignal;
}

/**
 * Answers one chat-completions request. Throws OpenAIHttpError for answers
 * that are errors (validation, simulated failures), which the server sends.
 */
/** How many requests with the same messages were seen, for `fail-times`. Bounded: cleared when large. */
const seenBefore = new Map<string, number>();

function recovered(options: SimOptions, messages: unknown): boolean {
  if (options.failTimes === null) return false;
  const key = JSON.stringify(messages);
  const seen = seenBefore.get(key) ?? 0;
  if (seenBefore.size > 10_000) seenBefore.clear();
  seenBefore.set(key, seen + 1);
  return seen >= options.failTimes;
}

export async function handleChatCompletions({ req, res, body, deployment, defaults, signal }: ChatCompletionsInput): Promise<void> {
  const request = readChatRequest(body, deployment);
  const parsed = readOptions(defaults, req, request.messages);
  const options = recovered(parsed, request.messages) ? { ...parsed, fail: null, dropAfter: null } : parsed;
  if (options.fail !== null) {
    throw simulatedFailure(options.fail, { apiKey: apiKeyOf(req), retryAfterSec: options.retryAfterSec });
  }
  const reply = planReply(request, options);
  const meta = completionMeta(request.model);
  const steps = reply.deltas.length;
  // Drop only if there is a chunk left to cut off; otherwise the stream completes.
  const dropAt = options.dropAfter !== null && options.dropAfter < steps ? options.dropAfter : null;

  if (!request.stream) {
    // The whole answer takes as long as streaming it would: first token at ttft, then one per delay.
    const lastStep = dropAt ?? Math.max(0, steps - 1);
    await pause(options.ttftMs + options.delayMs * lastStep, signal);
    if (dropAt !== null) {
      res.destroy();
      return;
    }
    const json = JSON.stringify(completionObject(meta, reply));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      'x-request-id': requestId(),
    });
    res.end(json);
    return;
  }

  const frames = streamFrames(meta, reply, request.includeUsage);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': requestId(),
  });
  // The role chunk goes out at once, as OpenAI's does; it also sends the headers.
  res.write(frames.head);
  for (let i = 0; i < steps; i++) {
    await pause(i === 0 ? options.ttftMs : options.delayMs, signal);
    if (i === dropAt) {
      await pause(DROP_GRACE_MS, signal);
      res.destroy();
      return;
    }
    res.write(frames.content[i]);
  }
  if (steps === 0) await pause(options.ttftMs, signal);
  res.end(frames.tail);
}
