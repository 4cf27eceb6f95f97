import { useCallback, useState } from 'react';
import { useMutation, useSubscription, type CombinedError, type OperationResult } from 'urql';
import { graphql } from '../../gql';
import type { RunEventsSubscription, StartRunInput } from '../../gql/graphql';
import { isTerminal, reduceRunEvent, type RunView } from './run-view';

const startRunMutation = graphql(`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) { id provider model }
  }
`);

const cancelRunMutation = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) { id }
  }
`);

// run-view.ts takes its event types from this selection: a field the reducer reads is selected here.
const runEventsSubscription = graphql(`
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      id
      runId
      ... on RunStarted { provider model }
      ... on RunDelta { text }
      ... on RunToolCallDelta { index callId name arguments }
      ... on RunCompleted {
        message {
          content
          toolCalls { id type function { name arguments } }
        }
        finishReason
        usage { promptTokens completionTokens totalTokens }
        cost
        structuredOutput { valid error }
        latencyMs
        ttftMs
      }
      ... on RunFailed { error { kind message status } latencyMs }
      ... on RunCancelled {
        partial {
          content
          toolCalls { id type function { name arguments } }
        }
        latencyMs
      }
      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }
    }
  }
`);

export type RunPhase = 'idle' | 'starting' | RunView['status'];

/** A run's failure, from the provider (RunFailed) or from the gateway refusing to start it. */
export interface RunFailure {
  kind: string;
  message: string;
  status: number | null;
}

export interface RunState {
  phase: RunPhase;
  text: string;
  toolCalls: RunView['toolCalls'];
  /** The latest retry announced; the status shows it while `phase` is `retrying`. */
  retry: RunView['retry'];
  completion: RunView['completion'];
  cancellation: RunView['cancellation'];
  error: RunFailure | null;
  /** Whether Stop applies: the run exists (it has an id) and has not ended. */
  stoppable: boolean;
  /** Stop was clicked; the run has not ended yet. */
  stopping: boolean;
  /** The gateway refused or failed the cancelRun request; the run goes on. */
  stopError: RunFailure | null;
}

/** Sends the mutation that creates a run (startRun, replayRequest...) and returns its result. */
export type RunLauncher = () => Promise<OperationResult<unknown>>;

/** The run id a launching mutation returned: its one root field's `id`. */
function launchedRunId(data: unknown): string | null {
  const root = data && typeof data === 'object' ? Object.values(data)[0] : null;
  return root && typeof root === 'object' && 'id' in root && typeof root.id === 'string' ? root.id : null;
}

export interface RunControls {
  start: (input: StartRunInput) => Promise<void>;
  /** Starts a run with another mutation (a replay) and follows it as `start` does. */
  launch: (send: RunLauncher) => Promise<void>;
  /** Asks the gateway to stop the current run; its RunCancelled event ends it. */
  stop: () => Promise<void>;
}

const foldEvent = (previous: RunView | undefined, data: RunEventsSubscription) => reduceRunEvent(previous, data.runEvents);

/** A GraphQL or network error as the page shows it: the server's code and its message. */
function failureOf(error: CombinedError): RunFailure {
  const first = error.graphQLErrors[0];
  if (first) return { kind: String(first.extensions.code ?? 'GRAPHQL_ERROR'), message: first.message, status: null };
  return { kind: 'NETWORK', message: error.networkError?.message ?? error.message, status: null };
}

const NO_RUN: Omit<RunState, 'phase'> = {
  text: '',
  toolCalls: [],
  retry: null,
  completion: null,
  cancellation: null,
  error: null,
  stoppable: false,
  stopping: false,
  stopError: null,
};

/**
 * Starts a run with the `startRun` mutation, then follows it through the
 * `runEvents` subscription, appending text as deltas arrive; stops it with
 * `cancelRun`.
 */
export function useRun(): [RunState, RunControls] {
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startFailure, setStartFailure] = useState<RunFailure | null>(null);
  // Keyed by run id, so that a new run never inherits the last one's Stop state.
  const [stopRequest, setStopRequest] = useState<{ runId: string; error: RunFailure | null } | null>(null);
  const [, executeStartRun] = useMutation(startRunMutation);
  const [, executeCancelRun] = useMutation(cancelRunMutation);
  const [subscription] = useSubscription(
    { query: runEventsSubscription, variables: { runId: runId ?? '' }, pause: runId === null },
    foldEvent,
  );

  const launch = useCallback(async (send: RunLauncher) => {
    setRunId(null);
    setStartFailure(null);
    setStarting(true);
    const result = await send();
    const id = launchedRunId(result.data);
    // Set together with the run id (one render), so the page never flashes "Ready" in between.
    setStarting(false);
    if (id !== null) setRunId(id);
    else setStartFailure(result.error ? failureOf(result.error) : { kind: 'INTERNAL', message: 'No run was started.', status: null });
  }, []);

  const start = useCallback((input: StartRunInput) => launch(() => executeStartRun({ input })), [launch, executeStartRun]);

  const stop = useCallback(async () => {
    if (runId === null) return;
    setStopRequest({ runId, error: null });
    const result = await executeCancelRun({ id: runId });
    if (result.error) setStopRequest({ runId, error: failureOf(result.error) });
  }, [runId, executeCancelRun]);

  const controls: RunControls = { start, launch, stop };
  if (starting) return [{ ...NO_RUN, phase: 'starting' }, controls];
  if (startFailure) return [{ ...NO_RUN, phase: 'failed', error: startFailure }, controls];
  if (runId === null) return [{ ...NO_RUN, phase: 'idle' }, controls];

  const request = stopRequest?.runId === runId ? stopRequest : null;
  const stopState = { stoppable: true, stopping: request !== null && request.error === null, stopError: request?.error ?? null };
  // The subscription's data may still be the previous run's until this run's first event.
  const view = subscription.data?.runId === runId ? subscription.data : null;
  if (subscription.error && !(view && isTerminal(view.status))) {
    const partial = view ? { text: view.text, toolCalls: view.toolCalls } : {};
    return [{ ...NO_RUN, ...partial, phase: 'failed', error: failureOf(subscription.error) }, controls];
  }
  if (!view) return [{ ...NO_RUN, ...stopState, phase: 'queued' }, controls];
  const { status, text, toolCalls, retry, completion, cancellation, error } = view;
  const ended = isTerminal(status);
  return [
    {
      phase: status,
      text,
      toolCalls,
      retry,
      completion,
      cancellation,
      error,
      stoppable: !ended,
      stopping: !ended && stopState.stopping,
      stopError: ended ? null : stopState.stopError,
    },
    controls,
  ];
}
