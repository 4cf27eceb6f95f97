import { useState } from 'react';
import type { RequestFilter } from '../../gql/graphql';
import { RequestRows } from './RequestRows';

const COLUMNS = ['Time', 'Model', 'Provider', 'Status', 'Output', 'Latency', 'Cost', 'Tags'];
// Beside an open request the table is narrow; the provider is in the detail.
const COMPACT_COLUMNS = COLUMNS.filter((name) => name !== 'Provider');

interface RequestTableProps {
  filter: RequestFilter;
  /** Another filter starts again from the first page. */
  filterKey: string;
  selectedId: string | null;
  search: string;
  /** Leaves out the provider column, for when the detail takes half the page. */
  compact: boolean;
}

/** The logged requests under the filter, newest first, a page at a time. */
export function RequestTable({ filter, filterKey, selectedId, search, compact }: RequestTableProps) {
  const columns = compact ? COMPACT_COLUMNS : COLUMNS;
  // The cursors of the pages loaded after the first, for this filter only.
  const [pages, setPages] = useState<{ filterKey: string; cursors: string[] }>({ filterKey, cursors: [] });
  const cursors = pages.filterKey === filterKey ? pages.cursors : [];
  const starts: (string | null)[] = [null, ...cursors];

  return (
    <div className="history-table__scroll">
      <table className="history-table" aria-label="Requests">
        <thead>
          <tr>
            {columns.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {starts.map((after, index) => (
            <RequestRows
              key={after ?? 'first'}
              filter={filter}
              after={after}
              selectedId={selectedId}
              search={search}
              showProvider={!compact}
              columns={columns.length}
              onLoadMore={index === starts.length - 1 ? (cursor) => setPages({ filterKey, cursors: [...cursors, cursor] }) : undefined}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
