import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { BatchPageQuery, BatchProgressSubscription } from '../../gql/graphql';
import { foldProgress, isTerminal, newest, type LiveProgress, type ProgressSnapshot } from './progress';
import { errorWords } from './field-issues';

const batchQuery = graphql(`
  query BatchPage($id: ID!) {
    batch(id: $id) {
      id
      name
      status
      costUsd
      concurrency
      budgetUsd
      reuseToolResults
      overrides
      selection
      createdAt
      startedAt
      endedAt
      message
      version
      judge { provider model rubric }
      counts { total queued running completed failed cancelled skipped }
      estimate { count estimatedCostUsd }
      summary {
        count
        identicalShare
        changedToolCallsShare
        invalidJsonShare
        failuresByKind { kind count }
        latencyDeltaMs { mean p95 bins { from to count } }
        costDelta { mean p95 }
        judgeScores { count mean buckets }
      }
    }
  }
`);

export const batchProgressSubscription = graphql(`
  subscription BatchProgress($batchId: ID!) {
    batchProgress(batchId: $batchId) {
      batchId
      status
      costUsd
      ratePerSecond
      etaSeconds
      at
      version
      counts { total queued running completed failed cancelled skipped }
    }
  }
`);

export type BatchView = NonNullable<BatchPageQuery['batch']>;

/** How often, at most, the summary and results are read again while replays end: each read compares a page of them. */
export const REFRESH_MS = 3_000;

export function snapshotOfProgress(p: BatchProgressSubscription['batchProgress']): ProgressSnapshot {
  return { status: p.status, counts: p.counts, costUsd: p.costUsd, ratePerSecond: p.ratePerSecond, etaSeconds: p.etaSeconds ?? null, at: Date.parse(p.at), version: p.version };
}

const snapshotOfBatch = (b: BatchView): ProgressSnapshot => ({ status: b.status, counts: b.counts, costUsd: b.costUsd, ratePerSecond: null, etaSeconds: null, at: Date.now(), version: b.version });

/** `value`, changing at most once every `ms`; the last change always comes through. */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, lastAt.current + ms - Date.now());
    const timer = setTimeout(() => {
      lastAt.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}

/**
 * A batch: the `batch` query for the first paint and the summary, then its
 * `batchProgress` updates while it is not over. The query is read again
 * (throttled) as replays end, at once when the status changes, and after
 * each control (urql's cache refetches what a mutation returning a Batch
 * touches).
 */
export function useBatch(id: string) {
  const client = useClient();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: batchQuery, variables: { id } });
  const batch = data?.batch ?? null;
  /** The updates of this page's batch: kept by id, so that another batch's are never taken for its own. */
  const [live, setLive] = useState<{ batchId: string; progress: LiveProgress } | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  const ownLive = live?.batchId === id ? live.progress : null;
  // The newer of the last update and the query's answer: either can arrive after the other (an answer read before an update that came first).
  const snapshot = batch ? newest(snapshotOfBatch(batch), ownLive?.latest ?? null) : null;
  const active = snapshot !== null && !isTerminal(snapshot.status);

  useEffect(() => {
    if (!active) return;
    // Each subscription starts from the state the server sends first: nothing of an earlier one (before a retry round) is kept.
    setLive(null);
    setLiveError(null);
    const { unsubscribe } = client.subscription(batchProgressSubscription, { batchId: id }).subscribe((result) => {
      if (result.error) setLiveError(errorWords(result.error));
      const update = result.data?.batchProgress;
      if (update) setLive((state) => ({ batchId: id, progress: foldProgress(state?.batchId === id ? state.progress : null, snapshotOfProgress(update)) }));
    });
    return unsubscribe;
  }, [client, id, active]);

  const endedCount = snapshot ? snapshot.counts.completed + snapshot.counts.failed + snapshot.counts.cancelled + snapshot.counts.skipped : 0;
  // Changes when replays end or the status moves; the query follows at most every REFRESH_MS, but at once for a new status.
  const refreshKey = useThrottled(`${endedCount}`, REFRESH_MS);
  const status = snapshot?.status ?? null;
  const seen = useRef({ refreshKey, status });
  useEffect(() => {
    const before = seen.current;
    seen.current = { refreshKey, status };
    // The first paint is the query's own answer: nothing to read again yet.
    if (before.status === null || (before.refreshKey === refreshKey && before.status === status)) return;
    reexecute({ requestPolicy: 'network-only' });
  }, [refreshKey, status, reexecute]);

  // The records follow the replays' ends through history's record queue: the last may land just after the batch
  // ends. The summary and the results are read once more a little after an end, so none is left out.
  // Only for an end this page saw happen: a batch that had ended before the page opened is read once.
  const [settledAt, setSettledAt] = useState<string | null>(null);
  const sawRunning = useRef(false);
  if (active) sawRunning.current = true;
  const ended = sawRunning.current && snapshot !== null && isTerminal(snapshot.status) ? `${snapshot.version}` : null;
  useEffect(() => {
    if (ended === null) return;
    const timer = setTimeout(() => {
      setSettledAt(ended);
      reexecute({ requestPolicy: 'network-only' });
    }, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [ended, reexecute]);

  return {
    batch,
    /** Null while the batch loads, or when there is no such batch in this workspace. */
    snapshot,
    samples: active && ownLive ? ownLive.samples : [],
    fetching,
    error: error ? errorWords(error) : null,
    liveError,
    /** Changes (throttled) as replays end: the results read their first page again. */
    refreshKey: `${refreshKey}:${status}:${settledAt === ended ? 'settled' : ''}`,
  };
}
