import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { BatchResultFilter, BatchResultsQuery } from '../../gql/graphql';
import { ResultCard } from './ResultCard';
import { errorWords } from './field-issues';

export const RESULTS_PAGE_SIZE = 10;

const resultsQuery = graphql(`
  query BatchResults($batchId: ID!, $filter: BatchResultFilter, $first: Int, $after: String) {
    batchResults(batchId: $batchId, filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          original { id provider model status output latencyMs cost usage { promptTokens completionTokens } }
          replay {
            id
            provider
            model
            status
            output
            latencyMs
            cost
            usage { promptTokens completionTokens }
            error { kind message status }
            judge { score reason model }
          }
          comparison {
            sameText
            textDiff { op text }
            toolCallsChanged
            toolCallDifferences { path kind original replay }
            json { valid error differences { path kind original replay } }
            deltas { promptTokens completionTokens latencyMs cost }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type BatchResultNode = BatchResultsQuery['batchResults']['edges'][number]['node'];

interface ResultPageProps {
  batchId: string;
  filter: BatchResultFilter;
  /** The cursor this page starts after; null for the first. */
  after: string | null;
  /** When it changes, the page is read again (the first page, while replays are still ending). */
  refreshKey?: string;
  /** On the last page only: called with the next page's cursor. */
  onLoadMore?: (cursor: string) => void;
  /** Said when the first page is empty. */
  emptyWords: string;
}

/** One page of results, its own query from its cursor: loading more adds a page without reading those above again. */
export function ResultPage({ batchId, filter, after, refreshKey, onLoadMore, emptyWords }: ResultPageProps) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: resultsQuery, variables: { batchId, filter, first: RESULTS_PAGE_SIZE, after } });
  const seen = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey === undefined || seen.current === refreshKey) return;
    seen.current = refreshKey;
    reexecute({ requestPolicy: 'network-only' });
  }, [refreshKey, reexecute]);

  if (error) {
    return (
      <p className="batch-error" role="alert">
        Could not load results: {errorWords(error)}
      </p>
    );
  }
  const connection = data?.batchResults;
  if (!connection) return <p className="batch-hint">{fetching ? 'Loading results…' : ''}</p>;
  if (after === null && connection.edges.length === 0) return <p className="batch-empty">{emptyWords}</p>;

  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <>
      {connection.edges.map(({ node }) => (
        <ResultCard key={node.replay.id} result={node} />
      ))}
      {onLoadMore && hasNextPage && endCursor && (
        <div className="batch-more">
          <button type="button" className="button button--quiet" onClick={() => onLoadMore(endCursor)}>
            Load more
          </button>
        </div>
      )}
    </>
  );
}
