import { readFileSync } from 'node:fs';
import { START_RUN } from '@reprise/e2e';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { epochMs } from './stats.js';

/**
 * Shared pieces of the streams, memory and cancel benchmarks: graphql-ws
 * connections, startRun / cancelRun over HTTP, and /proc readings (the
 * simulator whose every write is timed is in timed-simulator.ts).
 */

export const RUN_EVENTS_FULL = /* GraphQL */ `
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      id
      ... on RunDelta { text }
      ... on RunCompleted { message { content } }
      ... on RunCancelled { partial { content } latencyMs }
      ... on RunFailed { error { kind message } }
      ... on RunRetrying { attempt discardOutput }
    }
  }
`;

export const CANCEL_RUN = /* GraphQL */ `
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) { id }
  }
`;

export interface RunEvent {
  __typename: string;
  id: string;
  text?: string;
  message?: { content: string | null };
  partial?: { content: string };
  error?: { kind: string; message: string };
}

export async function connectWs(url: string, auth: { authorization: string }, signal: AbortSignal): Promise<WsClient> {
  const ws = createClient({ url, connectionParams: auth, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('graphql-ws did not connect within 10 s')), 10_000);
    const offConnected = ws.on('connected', () => {
      clearTimeout(timer);
      offConnected();
      offClosed();
      resolve();
    });
    const offClosed = ws.on('closed', (event) => {
      clearTimeout(timer);
      const { code, reason } = event as { code?: number; reason?: string };
      reject(new Error(`graphql-ws closed before connecting: ${code ?? '?'} ${reason ?? ''}`));
    });
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  return ws;
}

export async function gql<T>(url: string, auth: { authorization: string }, query: string, variables: unknown, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || !body.data) throw new Error(`gateway answered ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return body.data;
}

export async function startRun(url: string, auth: { authorization: string }, model: string, content: string, signal: AbortSignal): Promise<string> {
  const data = await gql<{ startRun: { id: string } }>(url, auth, START_RUN, { input: { model, messages: [{ role: 'user', content }] } }, signal);
  return data.startRun.id;
}

export interface Received {
  event: RunEvent;
  /** epochMs() when the client read it: comparable with the timed simulator's write times, even in another process. */
  at: number;
}

export interface Watch {
  /** Every event in arrival order. */
  events: Received[];
  /** Resolves when the subscription completes (after the terminal event), rejects on error or abort. */
  done: Promise<void>;
  /** Resolves at the first event that passes `test`. */
  waitFor(test: (e: RunEvent) => boolean): Promise<Received>;
  unsubscribe(): void;
}

/** Subscribes to `runEvents` of one run on a shared connection, timing each event. */
export function watchRun(ws: WsClient, runId: string, signal: AbortSignal, onEvent?: (r: Received) => void): Watch {
  const events: Received[] = [];
  const waiters: Array<{ test: (e: RunEvent) => boolean; resolve: (r: Received) => void }> = [];
  let unsubscribe = () => undefined as void;
  const done = new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      unsubscribe();
      reject(signal.reason ?? new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    unsubscribe = ws.subscribe<{ runEvents: RunEvent }>(
      { query: RUN_EVENTS_FULL, variables: { runId } },
      {
        next: (result) => {
          const at = epochMs();
          if (result.errors?.length || !result.data) {
            signal.removeEventListener('abort', onAbort);
            reject(new Error(`runEvents ${runId}: ${JSON.stringify(result.errors)}`));
            return;
          }
          const r = { event: result.data.runEvents, at };
          events.push(r);
          onEvent?.(r);
          for (let i = waiters.length - 1; i >= 0; i--) {
            if (waiters[i]!.test(r.event)) {
              waiters[i]!.resolve(r);
              waiters.splice(i, 1);
            }
          }
        },
        error: (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
        },
        complete: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      },
    );
  });
  done.catch(() => undefined);
  return {
    events,
    done,
    unsubscribe: () => unsubscribe(),
    waitFor: (test) => {
      const found = events.find((r) => test(r.event));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

/** Resident set size of a process in MB (VmRSS of /proc/<pid>/status), or null. */
export function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Compares two stream ids (`ms-seq`). */
export function streamIdLess(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);
