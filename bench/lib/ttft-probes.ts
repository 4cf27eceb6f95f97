import { RUN_EVENTS, START_RUN, type RunEventResult } from '@reprise/e2e';
import type { Client as WsClient } from 'graphql-ws';
import type OpenAI from 'openai';

/**
 * A moment seen by the client, twice: `mono` (performance.now(), sub-ms,
 * for durations measured here) and `wall` (Date.now(), whole ms, the clock
 * the services and Redis use, for hops between processes).
 */
export interface Stamp {
  mono: number;
  wall: number;
}

export function stamp(): Stamp {
  return { mono: performance.now(), wall: Date.now() };
}

export interface DirectTimes {
  /** From the call to the first chunk with content. */
  ttftMs: number;
  /** From the call to the end of the stream. */
  totalMs: number;
}

export interface PathTimes {
  runId: string;
  /** The mutation is about to be sent. */
  sent: Stamp;
  /** The mutation's answer (the run id) has been read. */
  mutationDone: Stamp;
  /** RunStarted arrived on the subscription. */
  startedReceived: Stamp;
  /** The first RunDelta arrived on the subscription. */
  firstDeltaReceived: Stamp;
  /** The subscription completed after RunCompleted. */
  completed: Stamp;
  /** Redis's clock when the worker appended RunStarted (the ms part of its stream id). */
  startedAppendedMs: number;
  /** Redis's clock when the worker appended the first delta. */
  firstDeltaAppendedMs: number;
  /** From the BullMQ job hash, read after the phase: the runner API's Date.now() at `queue.add`. */
  jobQueuedMs?: number;
  /** From the BullMQ job hash: the worker's Date.now() when it asked to take the job. */
  jobTakenMs?: number;
}

/** Milliseconds part of a Redis stream id (`1732680000123-0`). */
export function streamIdMs(id: string): number {
  return Number(id.split('-')[0]);
}

/**
 * The provider call the worker makes, made from here: same body (the worker
 * adds `stream: true` and usage), same SDK settings, timed to the first chunk
 * that carries content, then read to the end as the worker does.
 */
export async function probeDirect(client: OpenAI, messages: OpenAI.ChatCompletionMessageParam[], model: string, signal: AbortSignal): Promise<DirectTimes> {
  const t0 = performance.now();
  const stream = await client.chat.completions.create(
    { model, messages, stream: true, stream_options: { include_usage: true } },
    { signal },
  );
  let first: number | null = null;
  for await (const chunk of stream) {
    if (first === null && chunk.choices[0]?.delta?.content) first = performance.now();
  }
  const end = performance.now();
  if (first === null) throw new Error('direct: the stream ended without content');
  return { ttftMs: first - t0, totalMs: end - t0 };
}

/**
 * The same call without streaming, timed from the call to the parsed
 * chat.completion: what a proxy whose streaming path cannot run is compared
 * on (through that proxy, and straight to the simulator as its baseline).
 */
export async function probeComplete(client: OpenAI, messages: OpenAI.ChatCompletionMessageParam[], model: string, signal: AbortSignal): Promise<number> {
  const t0 = performance.now();
  const completion = await client.chat.completions.create({ model, messages }, { signal });
  const end = performance.now();
  if (!completion.choices[0]?.message.content) throw new Error(`complete: no content in ${JSON.stringify(completion).slice(0, 300)}`);
  return end - t0;
}

export interface PathProbeDeps {
  gatewayUrl: string;
  /** `{ authorization: 'Bearer <key>' }`, sent with the mutation. */
  auth: { authorization: string };
  /** Connected with the same key in its `connectionParams`. */
  ws: WsClient;
}

interface StartRunResponse {
  data?: { startRun: { id: string } } | null;
  errors?: unknown[];
}

/**
 * One playground run as the web page makes it: `startRun` over keep-alive
 * HTTP, then `runEvents` on the page's one graphql-ws connection as soon as
 * the id is known; resolves when the subscription completes.
 */
export async function probePath(
  { gatewayUrl, auth, ws }: PathProbeDeps,
  input: { model: string; messages: Array<{ role: 'user'; content: string }> },
  signal: AbortSignal,
): Promise<PathTimes> {
  const sent = stamp();
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ query: START_RUN, variables: { input } }),
    signal,
  });
  const body = (await res.json()) as StartRunResponse;
  const mutationDone = stamp();
  const runId = body.data?.startRun.id;
  if (!res.ok || !runId) throw new Error(`startRun answered ${res.status}: ${JSON.stringify(body.errors ?? body)}`);

  return new Promise<PathTimes>((resolve, reject) => {
    let startedReceived: Stamp | undefined;
    let firstDeltaReceived: Stamp | undefined;
    let startedAppendedMs: number | undefined;
    let firstDeltaAppendedMs: number | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      unsubscribe();
      reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
    };
    const onAbort = () => fail(signal.reason ?? new Error('aborted'));
    const unsubscribe = ws.subscribe<{ runEvents: RunEventResult }>(
      { query: RUN_EVENTS, variables: { runId } },
      {
        next: (result) => {
          const at = stamp();
          if (result.errors?.length || !result.data) return fail(new Error(`runEvents: ${JSON.stringify(result.errors)}`));
          const event = result.data.runEvents;
          switch (event.__typename) {
            case 'RunStarted':
              startedReceived ??= at;
              startedAppendedMs ??= streamIdMs(event.id);
              return;
            case 'RunDelta':
              if (!firstDeltaReceived) {
                firstDeltaReceived = at;
                firstDeltaAppendedMs = streamIdMs(event.id);
              }
              return;
            case 'RunFailed':
              return fail(new Error(`run ${runId} failed: ${JSON.stringify(event.error)}`));
            case 'RunCompleted':
              return;
          }
        },
        error: fail,
        complete: () => {
          if (settled) return;
          const completed = stamp();
          if (!startedReceived || !firstDeltaReceived || startedAppendedMs === undefined || firstDeltaAppendedMs === undefined) {
            return fail(new Error(`run ${runId} ended without RunStarted and a RunDelta`));
          }
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve({ runId, sent, mutationDone, startedReceived, firstDeltaReceived, completed, startedAppendedMs, firstDeltaAppendedMs });
        },
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
