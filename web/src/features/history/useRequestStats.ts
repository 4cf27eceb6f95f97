import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { HistoryStatsQuery, RequestFilter } from '../../gql/graphql';

const statsQuery = graphql(`
  query HistoryStats($filter: RequestFilter) {
    requestStats(filter: $filter) { count errorRate cost latencyP50 latencyP95 }
  }
`);

export type RequestStatsView = HistoryStatsQuery['requestStats'];

/**
 * The count and figures of what the filter matches: the toolbar's summary,
 * and the number "Select all matching" selects (the connection has no total).
 * A new `refresh` fetches it again.
 */
export function useRequestStats(filter: RequestFilter, refresh: number) {
  const [{ data, error }, refetch] = useQuery({ query: statsQuery, variables: { filter }, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    if (refresh > 0) refetch({ requestPolicy: 'network-only' });
  }, [refresh, refetch]);
  return { stats: data?.requestStats ?? null, error };
}
