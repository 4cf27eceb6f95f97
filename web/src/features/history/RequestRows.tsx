import { useEffect, type MouseEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { HistoryRequestsQuery, RequestFilter } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { firstWords, formatMs, formatScore, formatTime, formatUsd } from './format';
import type { TableColumn } from './RequestTable';

export const PAGE_SIZE = 25;

// `score` and `tags` are here so that an edit in the detail (setScore, setTags)
// shows in the row: the normalised cache updates the Request both queries hold.
const requestsQuery = graphql(`
  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {
    requests(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node { id startedAt model provider status output latencyMs cost score tags }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** What one page tells the table: its rows' ids and where the next page starts. */
export interface PageState {
  ids: string[];
  fetching: boolean;
  /** The next page's cursor; null on the last page. */
  next: string | null;
  failed: boolean;
}

interface RequestRowsProps {
  filter: RequestFilter;
  /** The cursor this page starts after; null for the first page. */
  after: string | null;
  openId: string | null;
  /** The query string the row links keep, so opening a request keeps the filter. */
  search: string;
  columns: TableColumn[];
  isSelected: (id: string) => boolean;
  onToggle: (id: string, selected: boolean) => void;
  onState: (after: string | null, state: PageState) => void;
  /** A new value fetches this page again from the network. */
  refresh: number;
}

const MAX_ROW_TAGS = 3;

/** Tags keep the row on one line: the first few, then how many more (all of them in the tooltip). */
function RowTags({ tags }: { tags: string[] }) {
  const shown = tags.slice(0, MAX_ROW_TAGS);
  const more = tags.length - shown.length;
  return (
    <span title={more ? tags.join(', ') : undefined}>
      {shown.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
      {more > 0 && <span className="tag tag--more">+{more}</span>}
    </span>
  );
}


type Row = HistoryRequestsQuery['requests']['edges'][number]['node'];

/** Each column's cell but Time's, which links to the request. */
const CELLS: Record<Exclude<TableColumn, 'Time'>, (row: Row) => ReactNode> = {
  Model: (row) => row.model,
  Provider: (row) => row.provider,
  Status: (row) => <span className={`pill pill--${row.status.toLowerCase()}`}>{row.status.toLowerCase()}</span>,
  Output: (row) => firstWords(row.output) || <span className="placeholder">no text</span>,
  Latency: (row) => formatMs(row.latencyMs),
  Cost: (row) => formatUsd(row.cost),
  Score: (row) => formatScore(row.score),
  Tags: (row) => <RowTags tags={row.tags} />,
};

const CELL_CLASS: Record<TableColumn, string> = {
  Time: 'history-table__time',
  Model: 'history-table__nowrap',
  Provider: 'history-table__nowrap',
  Status: '',
  Output: 'history-table__output',
  Latency: 'history-table__number',
  Cost: 'history-table__number',
  Score: 'history-table__number',
  Tags: 'history-table__tags',
};

/** Clicks on these act on their own; a click anywhere else in a row opens its request. */
const OWN_CLICK = 'a, button, input, label, select, textarea';

/**
 * One page of the table: its own `requests` query from its cursor, so that
 * loading more adds a page below without refetching those above (keyset
 * cursors stay valid while new requests arrive).
 */
export function RequestRows({ filter, after, openId, search, columns, isSelected, onToggle, onState, refresh }: RequestRowsProps) {
  // The first page asks the network too when it is shown again: requests logged meanwhile appear.
  const [{ data, fetching, error }, refetch] = useQuery({
    query: requestsQuery,
    variables: { filter, first: PAGE_SIZE, after },
    requestPolicy: after === null ? 'cache-and-network' : 'cache-first',
  });
  useEffect(() => {
    if (refresh > 0) refetch({ requestPolicy: 'network-only' });
  }, [refresh, refetch]);
  const navigate = useNavigate();
  const connection = data?.requests;
  const ids = connection?.edges.map((e) => e.node.id) ?? [];
  const idsKey = ids.join(',');
  const next = connection?.pageInfo.hasNextPage ? connection.pageInfo.endCursor ?? null : null;

  useEffect(() => {
    onState(after, { ids: idsKey ? idsKey.split(',') : [], fetching: fetching && !connection, next, failed: Boolean(error) && !connection });
  }, [onState, after, idsKey, fetching, connection, next, error]);

  const span = columns.length + 1;
  if (error && !connection) {
    return (
      <tr>
        <td colSpan={span} className="history-table__message" role="alert">
          Could not load requests: {errorMessage(error)}{' '}
          <button type="button" className="button button--quiet" onClick={() => refetch({ requestPolicy: 'network-only' })}>
            Try again
          </button>
        </td>
      </tr>
    );
  }
  if (!connection) {
    // Later pages say they are loading in the table's footer.
    return after === null ? (
      <tr>
        <td colSpan={span} className="history-table__message">
          Loading requests…
        </td>
      </tr>
    ) : null;
  }
  if (after === null && connection.edges.length === 0) {
    return (
      <tr>
        <td colSpan={span} className="history-table__message">
          {Object.keys(filter).length
            ? 'No request matches this filter. Remove a condition above, or reset the filters.'
            : 'No requests yet. Requests logged with the SDK or the API, playground runs and replays appear here.'}
        </td>
      </tr>
    );
  }

  const href = (id: string) => ({ pathname: `/history/${encodeURIComponent(id)}`, search });
  const openOnClick = (id: string) => (event: MouseEvent) => {
    if ((event.target as Element).closest(OWN_CLICK)) return;
    // Selecting text in a row is not a click on it.
    if (window.getSelection()?.toString()) return;
    void navigate(href(id));
  };

  return (
    <>
      {connection.edges.map(({ node }) => {
        const open = node.id === openId;
        const selected = isSelected(node.id);
        const time = formatTime(node.startedAt);
        const classes = ['history-row', open && 'history-row--open', selected && 'history-row--selected'].filter(Boolean).join(' ');
        return (
          <tr key={node.id} className={classes} aria-selected={open} data-request-id={node.id} onClick={openOnClick(node.id)}>
            <td className="history-table__check">
              <input
                type="checkbox"
                aria-label={`Select the request of ${time}, ${node.model}`}
                checked={selected}
                onChange={(e) => onToggle(node.id, e.target.checked)}
              />
            </td>
            {columns.map((column) => (
              <td key={column} className={CELL_CLASS[column]} data-column={column.toLowerCase()} title={column === 'Output' ? (node.output ?? undefined) : undefined}>
                {column === 'Time' ? (
                  <Link to={href(node.id)} aria-current={open ? 'page' : undefined} data-row-link="">
                    <time dateTime={node.startedAt}>{time}</time>
                  </Link>
                ) : (
                  CELLS[column](node)
                )}
              </td>
            ))}
          </tr>
        );
      })}
    </>
  );
}
