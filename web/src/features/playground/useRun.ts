import { useCallback, useState } from 'react';
import { useMutation, useSubscription, type CombinedError } from 'urql';
import { RunEventsSubscription, StartRunMutation, type RunEvent, type StartRunInput } from './documents';
import { reduceRunEvent, type RunView } from './run-view';

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
  completion: RunView['completion'];
  error: RunFailure | null;
}

const foldEvent = (previous: RunView | undefined, data: { runEvents: RunEvent }) => reduceRunEvent(previous, data.runEvents);

/** A GraphQL or network error as the page shows it: the server's code and its message. */
function failureOf(error: CombinedError): RunFailure {
  const first = error.graphQLErrors[0];
  if (first) return { kind: String(first.extensions.code ?? 'GRAPHQL_ERROR'), message: first.message, status: null };
  return { kind: 'NETWORK', message: error.networkError?.message ?? error.message, status: null };
}

/**
 * Starts a run with the `startRun` mutation, then follows it through the
 * `runEvents` subscription, appending text as deltas arrive.
 */
export function useRun(): [RunState, (input: StartRunInput) => Promise<void>] {
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startFailure, setStartFailure] = useState<RunFailure | null>(null);
  const [, executeStartRun] = useMutation(StartRunMutation);
  const [subscription] = useSubscription(
    { query: RunEventsSubscription, variables: { runId: runId ?? '' }, pause: runId === null },
    foldEvent,
  );

  const start = useCallback(
    async (input: StartRunInput) => {
      setRunId(null);
      setStartFailure(null);
      setStarting(true);
      const result = await executeStartRun({ input });
      // Set together with the run id (one render), so the page never flashes "Ready" in between.
      setStarting(false);
      if (result.data) setRunId(result.data.startRun.id);
      else setStartFailure(result.error ? failureOf(result.error) : { kind: 'INTERNAL', message: 'No run was started.', status: null });
    },
    [executeStartRun],
  );

  if (starting) return [{ phase: 'starting', text: '', completion: null, error: null }, start];
  if (startFailure) return [{ phase: 'failed', text: '', completion: null, error: startFailure }, start];
  if (runId === null) return [{ phase: 'idle', text: '', completion: null, error: null }, start];

  // The subscription's data may still be the previous run's until this run's first event.
  const view = subscription.data?.runId === runId ? subscription.data : null;
  if (subscription.error && view?.status !== 'completed' && view?.status !== 'failed') {
    return [{ phase: 'failed', text: view?.text ?? '', completion: null, error: failureOf(subscription.error) }, start];
  }
  if (!view) return [{ phase: 'queued', text: '', completion: null, error: null }, start];
  return [{ phase: view.status, text: view.text, completion: view.completion, error: view.error }, start];
}
