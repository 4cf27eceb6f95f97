import { useCallback, useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { RequestFilter, RunHistoryQuery } from '../../gql/graphql';

/** The runs the sidebar lists: made in the playground, or replays of logged requests (bulk replays are not). */
export const RUN_FILTER: RequestFilter = { source: ['PLAYGROUND', 'REPLAY'] };

/** Runs per step of "Load older runs", and the most the list holds (the API's largest page). */
export const RUNS_STEP = 20;
export const MAX_RUNS = 200;

/** How often the sidebar asks whether a run has ended, while it is shown. */
export const POLL_MS = 5_000;

const runHistoryQuery = graphql(`
  query RunHistory($filter: RequestFilter!, $first: Int!) {
    requests(filter: $filter, first: $first) {
      edges {
        node {
          id
          model
          status
          source
          startedAt
          replayOf
          forkedFrom
          prompt
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

// The newest run's id alone: a poll that costs one small row, followed by the
// whole list only when a run has been recorded since.
const newestRunQuery = graphql(`
  query NewestRun($filter: RequestFilter!) {
    requests(filter: $filter, first: 1) {
      edges { node { id } }
    }
  }
`);

export type RunRow = RunHistoryQuery['requests']['edges'][number]['node'];

interface RunHistoryOptions {
  /** Stops polling: the sidebar is collapsed. */
  paused: boolean;
  /** The run open in the editor: the list is fetched again when it is not in it yet. */
  activeId: string | undefined;
}

/**
 * The workspace's runs, newest first, as one growing window (`first` grows
 * with Load older runs) rather than cursor pages: a run recorded at the top
 * then never leaves a gap between pages.
 *
 * New runs are found by polling, every POLL_MS while the page is visible and
 * the sidebar open: a run is recorded by the history service after its
 * terminal event (through the record queue), so an event-triggered refetch
 * would race the record and need a retry anyway, and polling also finds runs
 * that teammates start, or this user starts in another tab.
 */
export function useRunHistory({ paused, activeId }: RunHistoryOptions) {
  const [first, setFirst] = useState(RUNS_STEP);
  const [{ data, fetching, error, stale }, refetchList] = useQuery({
    query: runHistoryQuery,
    variables: { filter: RUN_FILTER, first },
    requestPolicy: 'cache-and-network',
  });
  const [{ data: newest }, checkNewest] = useQuery({ query: newestRunQuery, variables: { filter: RUN_FILTER }, pause: true });

  const runs = data?.requests.edges.map((e) => e.node) ?? [];
  const listedNewest = runs[0]?.id ?? null;
  const refetch = useCallback(() => refetchList({ requestPolicy: 'network-only' }), [refetchList]);

  useEffect(() => {
    if (paused) return;
    const poll = () => {
      if (document.visibilityState === 'visible') checkNewest({ requestPolicy: 'network-only' });
    };
    const timer = window.setInterval(poll, POLL_MS);
    document.addEventListener('visibilitychange', poll);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
    };
  }, [paused, checkNewest]);

  const newestId = newest?.requests.edges[0]?.node.id ?? null;
  useEffect(() => {
    if (newestId && data && newestId !== listedNewest) refetch();
    // Only a new answer to the poll is a reason to fetch again, not the list changing.
  }, [newestId]);

  // A run opened from elsewhere (a link, a run just started) that the window does not hold yet.
  const activeListed = activeId !== undefined && runs.some((r) => r.id === activeId);
  useEffect(() => {
    if (activeId && data && !activeListed) refetch();
  }, [activeId]);

  return {
    runs,
    fetching: fetching || stale,
    loaded: data !== undefined,
    error,
    hasMore: (data?.requests.pageInfo.hasNextPage ?? false) && first < MAX_RUNS,
    atLimit: first >= MAX_RUNS && (data?.requests.pageInfo.hasNextPage ?? false),
    loadMore: () => setFirst((n) => Math.min(MAX_RUNS, n + RUNS_STEP)),
    refetch,
  };
}
