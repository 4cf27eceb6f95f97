import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ReplayOverrides, ReplaySelection } from '../../gql/graphql';

const estimateQuery = graphql(`
  query EstimateBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides) {
    estimateBulkReplay(selection: $selection, overrides: $overrides) {
      count
      inputTokens
      outputTokens
      estimatedCostUsd
      encoding
      models { provider model count }
    }
  }
`);

/** How long the form must rest before the estimate is asked again: typing a temperature is not four estimates. */
export const ESTIMATE_DEBOUNCE_MS = 400;

/** `value` once it has stayed the same for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The estimate for the selection and overrides, asked again (debounced) as
 * either changes; null inputs pause it. Compared as JSON text, so a form
 * re-rendering with equal values asks nothing.
 */
export function useEstimate(selection: ReplaySelection | null, overrides: ReplayOverrides | null) {
  const key = selection && overrides ? JSON.stringify({ selection, overrides }) : null;
  const settledKey = useDebounced(key, ESTIMATE_DEBOUNCE_MS);
  const variables = settledKey ? (JSON.parse(settledKey) as { selection: ReplaySelection; overrides: ReplayOverrides }) : null;
  const [{ data, fetching, error, stale }] = useQuery({
    query: estimateQuery,
    variables: variables ?? { selection: { ids: [] } },
    pause: variables === null,
    // The selection's requests change as apps log more: never an estimate from an earlier visit alone.
    requestPolicy: 'cache-and-network',
  });
  const current = settledKey !== null && settledKey === key;
  return {
    estimate: variables ? (data?.estimateBulkReplay ?? null) : null,
    // Waiting for the form to rest counts as updating: the figures shown are for what it held before.
    updating: key !== null && (!current || fetching || stale),
    error: variables ? (error ?? null) : null,
  };
}
