import { useCallback } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useRun, type RunState } from '../playground/useRun';

const replayRequestMutation = graphql(`
  mutation ReplayRequest($id: ID!) {
    replayRequest(id: $id) { id provider model }
  }
`);

/** Replays a logged request as stored and follows its run's events, as the playground follows its runs. */
export function useReplay(): [RunState, { replay: (requestId: string) => Promise<void>; stop: () => Promise<void> }] {
  const [run, { launch, stop }] = useRun();
  const [, executeReplay] = useMutation(replayRequestMutation);
  const replay = useCallback((requestId: string) => launch(() => executeReplay({ id: requestId })), [launch, executeReplay]);
  return [run, { replay, stop }];
}
