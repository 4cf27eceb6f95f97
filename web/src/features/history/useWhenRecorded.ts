import { useEffect, useRef } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';

const recordedQuery = graphql(`
  query RecordedRequest($id: ID!) {
    request(id: $id) { id }
  }
`);

/** How often, and how many times, to look for the record once the run has ended. */
const CHECK_EVERY_MS = 500;
const CHECKS = 20;

/**
 * Calls `onRecorded` once the history service holds the request of a run
 * that has ended. The record arrives through the record queue after the
 * run's terminal event, so a list fetched at that event could still miss it:
 * this asks for the request itself, a few times, until it is there.
 */
export function useWhenRecorded(runId: string | null, ended: boolean, onRecorded: () => void) {
  const client = useClient();
  const callback = useRef(onRecorded);
  useEffect(() => {
    callback.current = onRecorded;
  });

  useEffect(() => {
    if (!runId || !ended) return;
    let stopped = false;
    let timer: number | undefined;
    const check = async (attempt: number) => {
      const result = await client.query(recordedQuery, { id: runId }, { requestPolicy: 'network-only' }).toPromise();
      if (stopped) return;
      if (result.data?.request) callback.current();
      else if (attempt + 1 < CHECKS) timer = window.setTimeout(() => void check(attempt + 1), CHECK_EVERY_MS);
    };
    timer = window.setTimeout(() => void check(0), CHECK_EVERY_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [client, runId, ended]);
}
