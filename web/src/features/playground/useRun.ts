import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import type { StartRunInput } from '../../gql/graphql';
import { RunStore, type RunLauncher, type RunState } from './run-store';

export { type RunFailure, type RunLauncher, type RunPhase, type RunState } from './run-store';

export const startRunMutation = graphql(`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) { id provider model }
  }
`);

export interface RunControls {
  start: (input: StartRunInput) => Promise<void>;
  /** Starts a run with another mutation (a replay) and follows it as `start` does. */
  launch: (send: RunLauncher) => Promise<void>;
  /** Asks the gateway to stop the current run; its RunCancelled event ends it. */
  stop: () => Promise<void>;
}

/**
 * One run owned by the calling component: started with `startRun` (or any
 * launching mutation), followed through `runEvents`, stopped with
 * `cancelRun`. The component re-renders at most once per animation frame
 * while the run streams. (The playground keeps its runs in its session
 * instead, so that they outlive the page: session-store.ts.)
 */
export function useRun(): [RunState, RunControls] {
  const client = useClient();
  const [store] = useState(() => new RunStore(client));
  // Paused while unmounted (StrictMode unmounts once in development), resumed from the last event seen.
  useEffect(() => {
    store.resume();
    return () => store.pause();
  }, [store]);
  const run = useSyncExternalStore(store.subscribe, store.getSnapshot);

  const launch = useCallback(async (send: RunLauncher) => void (await store.launch(send)), [store]);
  const start = useCallback((input: StartRunInput) => launch(() => client.mutation(startRunMutation, { input }).toPromise()), [launch, client]);
  const stop = useCallback(() => store.stop(), [store]);
  const controls = useMemo(() => ({ start, launch, stop }), [start, launch, stop]);
  return [run, controls];
}
