import type { RunEventsSubscription } from '../../gql/graphql';

/** One event of the `runEvents` subscription (useRun.ts), as its selection types it. */
export type RunEvent = RunEventsSubscription['runEvents'];
type EventOf<T extends RunEvent['__typename']> = Extract<RunEvent, { __typename: T }>;
type ToolCall = EventOf<'RunCancelled'>['partial']['toolCalls'][number];

/** One tool call as the answer area shows it; while streaming, `arguments` may be a fragment of JSON. */
export interface ToolCallView {
  /** The provider's index of the call; calls are kept in this order. */
  index: number;
  /** The provider's call id; null until a piece has carried it. */
  id: string | null;
  name: string;
  arguments: string;
}

export type RunStatus = 'queued' | 'streaming' | 'retrying' | 'completed' | 'failed' | 'cancelled';

/** What the answer area shows for one run, folded from its events. */
export interface RunView {
  runId: string;
  /** `queued` until the worker's RunStarted arrives; `retrying` from RunRetrying until the next attempt streams. */
  status: RunStatus;
  text: string;
  /** In the provider's index order. */
  toolCalls: ToolCallView[];
  /** The last event applied; anything at or before it is a replay. */
  lastEventId: string | null;
  /** The latest retry announced; kept after the next attempt starts. */
  retry: Pick<EventOf<'RunRetrying'>, 'attempt' | 'delayMs' | 'error'> | null;
  /** The completed event's figures, as the subscription delivers them. */
  completion: Pick<EventOf<'RunCompleted'>, 'finishReason' | 'usage' | 'cost' | 'structuredOutput' | 'latencyMs' | 'ttftMs'> | null;
  cancellation: Pick<EventOf<'RunCancelled'>, 'latencyMs'> | null;
  error: EventOf<'RunFailed'>['error'] | null;
}

export function queuedRun(runId: string): RunView {
  return { runId, status: 'queued', text: '', toolCalls: [], lastEventId: null, retry: null, completion: null, cancellation: null, error: null };
}

/** Whether no event can follow: the run completed, failed or was cancelled. */
export function isTerminal(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** Orders Redis Stream ids (`ms-seq`) numerically; as strings "9-0" would sort after "10-0". */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** Adds one streamed piece to the call at its index, as the runner assembles it: id set, name and arguments appended. */
function withToolCallPiece(calls: ToolCallView[], piece: EventOf<'RunToolCallDelta'>): ToolCallView[] {
  const call = calls.find((c) => c.index === piece.index) ?? { index: piece.index, id: null, name: '', arguments: '' };
  const updated: ToolCallView = {
    index: piece.index,
    id: piece.callId || call.id,
    name: call.name + (piece.name ?? ''),
    arguments: call.arguments + (piece.arguments ?? ''),
  };
  return [...calls.filter((c) => c.index !== piece.index), updated].sort((a, b) => a.index - b.index);
}

const toolCallViews = (calls: ToolCall[]): ToolCallView[] =>
  calls.map((c, index) => ({ index, id: c.id, name: c.function.name, arguments: c.function.arguments }));

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
    case 'RunToolCallDelta':
      return { ...next, status: 'streaming', toolCalls: withToolCallPiece(next.toolCalls, event) };
    case 'RunRetrying': {
      const { attempt, delayMs, error } = event;
      // The failed attempt's output is void when the next one streams its own.
      const output = event.discardOutput ? { text: '', toolCalls: [] } : {};
      return { ...next, ...output, status: 'retrying', retry: { attempt, delayMs, error } };
    }
    case 'RunCompleted': {
      const { finishReason, usage, cost, structuredOutput, latencyMs, ttftMs } = event;
      // The completed message is authoritative: it is what history records.
      return {
        ...next,
        status: 'completed',
        text: event.message.content ?? next.text,
        toolCalls: event.message.toolCalls ? toolCallViews(event.message.toolCalls) : next.toolCalls,
        completion: { finishReason, usage, cost: cost ?? null, structuredOutput: structuredOutput ?? null, latencyMs, ttftMs },
      };
    }
    case 'RunCancelled':
      // What the runner kept of the stream is authoritative, as for a completed run.
      return {
        ...next,
        status: 'cancelled',
        text: event.partial.content,
        toolCalls: toolCallViews(event.partial.toolCalls),
        cancellation: { latencyMs: event.latencyMs },
      };
    case 'RunFailed':
      return { ...next, status: 'failed', error: event.error };
    default:
      // A newer gateway may send event types this page does not know yet;
      // skip them rather than break the view.
      return next;
  }
}

/**
 * A call's arguments for display: pretty-printed once the run has ended and
 * they parse as JSON; as streamed (possibly a fragment) before that, or when
 * the model wrote something that is not JSON.
 */
export function formatToolArguments(args: string, ended: boolean): string {
  if (!ended) return args;
  try {
    return JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    return args;
  }
}

/** A cost in USD, to the millionth of a dollar: `$0.000123`, `$0.0021`, `$1.50`. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.000_001) return '< $0.000001';
  const [whole, decimals = ''] = usd.toFixed(6).split('.');
  return `$${whole}.${decimals.replace(/0+$/, '').padEnd(2, '0')}`;
}
