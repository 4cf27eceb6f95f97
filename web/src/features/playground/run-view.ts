import type { RunError, RunEvent, Usage } from './documents';

/** What the answer area shows for one run, folded from its events. */
export interface RunView {
  runId: string;
  /** `queued` until the worker's RunStarted arrives. */
  status: 'queued' | 'streaming' | 'completed' | 'failed';
  text: string;
  /** The last event applied; anything at or before it is a replay. */
  lastEventId: string | null;
  completion: { finishReason: string | null; usage: Usage | null; latencyMs: number; ttftMs: number | null } | null;
  error: RunError | null;
}

export function queuedRun(runId: string): RunView {
  return { runId, status: 'queued', text: '', lastEventId: null, completion: null, error: null };
}

/** Orders Redis Stream ids (`ms-seq`) numerically; as strings "9-0" would sort after "10-0". */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/**
 * Applies one event. When graphql-ws reconnects it subscribes again with the
 * same variables and the server replays the run from the start, so events
 * already applied are skipped rather than appending their text twice.
 */
export function reduceRunEvent(previous: RunView | undefined, event: RunEvent): RunView {
  // urql hands the reducer the last run's view when a new subscription starts.
  const view = previous?.runId === event.runId ? previous : queuedRun(event.runId);
  if (view.lastEventId !== null && compareStreamIds(event.id, view.lastEventId) <= 0) return view;
  const next = { ...view, lastEventId: event.id };

  switch (event.__typename) {
    case 'RunStarted':
      return { ...next, status: 'streaming' };
    case 'RunDelta':
      return { ...next, status: 'streaming', text: next.text + event.text };
    case 'RunCompleted': {
      const { finishReason, usage, latencyMs, ttftMs } = event;
      // The completed message is authoritative: it is what history records.
      return { ...next, status: 'completed', text: event.message.content ?? next.text, completion: { finishReason, usage, latencyMs, ttftMs } };
    }
    case 'RunFailed':
      return { ...next, status: 'failed', error: event.error };
    default:
      // A newer gateway may send event types this page does not know yet
      // (tool-call deltas, cancellation); skip them rather than break the view.
      return next;
  }
}
