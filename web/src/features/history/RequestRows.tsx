import { useQuery } from 'urql';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { RequestFilter } from '../../gql/graphql';
import { firstWords, formatMs, formatTime, formatUsd } from './format';

export const PAGE_SIZE = 25;

const requestsQuery = graphql(`
  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {
    requests(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node { id startedAt model provider status output latencyMs cost tags }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

interface RequestRowsProps {
  filter: RequestFilter;
  /** The cursor this page starts after; null for the first page. */
  after: string | null;
  selectedId: string | null;
  /** The query string the row links keep, so opening a request keeps the filter. */
  search: string;
  /** Set on the last page only: called with the next page's cursor. */
  onLoadMore?: (cursor: string) => void;
  columns: number;
  showProvider: boolean;
}

/**
 * One page of the table: its own `requests` query from its cursor, so that
 * loading more adds a page below without refetching those above (keyset
 * cursors stay valid while new requests arrive).
 */
export function RequestRows({ filter, after, selectedId, search, onLoadMore, columns, showProvider }: RequestRowsProps) {
  const [{ data, fetching, error }] = useQuery({ query: requestsQuery, variables: { filter, first: PAGE_SIZE, after } });
  const connection = data?.requests;

  if (error) {
    return (
      <tr>
        <td colSpan={columns} className="history-table__message" role="alert">
          Could not load requests: {error.message}
        </td>
      </tr>
    );
  }
  if (!connection) {
    return (
      <tr>
        <td colSpan={columns} className="history-table__message">
          {fetching ? 'Loading requests…' : ''}
        </td>
      </tr>
    );
  }
  if (after === null && connection.edges.length === 0) {
    return (
      <tr>
        <td colSpan={columns} className="history-table__message">
          No requests match. Requests logged with the SDK or the API, and playground runs, appear here.
        </td>
      </tr>
    );
  }

  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <>
      {connection.edges.map(({ node }) => {
        const selected = node.id === selectedId;
        return (
          <tr key={node.id} className={selected ? 'history-row history-row--selected' : 'history-row'} aria-selected={selected} data-request-id={node.id}>
            <td className="history-table__time">
              <Link to={{ pathname: `/history/${encodeURIComponent(node.id)}`, search }} aria-current={selected ? 'page' : undefined}>
                <time dateTime={node.startedAt}>{formatTime(node.startedAt)}</time>
              </Link>
            </td>
            <td className="history-table__nowrap">{node.model}</td>
            {showProvider && <td className="history-table__nowrap">{node.provider}</td>}
            <td>
              <span className={`pill pill--${node.status.toLowerCase()}`}>{node.status.toLowerCase()}</span>
            </td>
            <td className="history-table__output" title={node.output ?? undefined}>
              {firstWords(node.output) || <span className="placeholder">no text</span>}
            </td>
            <td className="history-table__number">{formatMs(node.latencyMs)}</td>
            <td className="history-table__number">{formatUsd(node.cost)}</td>
            <td className="history-table__tags">
              {node.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </td>
          </tr>
        );
      })}
      {onLoadMore && hasNextPage && endCursor && (
        <tr>
          <td colSpan={columns} className="history-table__more">
            <button type="button" className="button button--quiet" onClick={() => onLoadMore(endCursor)}>
              Load more
            </button>
          </td>
        </tr>
      )}
    </>
  );
}
