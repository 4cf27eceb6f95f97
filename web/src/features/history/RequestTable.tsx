import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RequestFilter } from '../../gql/graphql';
import { RequestRows, type PageState } from './RequestRows';
import type { Selection } from './selection';

export type TableColumn = 'Time' | 'Model' | 'Provider' | 'Status' | 'Output' | 'Latency' | 'Cost' | 'Score' | 'Tags';

const COLUMNS: TableColumn[] = ['Time', 'Model', 'Provider', 'Status', 'Output', 'Latency', 'Cost', 'Score', 'Tags'];
// Beside an open request the table is narrow; the provider, latency and cost are in the detail.
const COMPACT_COLUMNS = COLUMNS.filter((name) => name !== 'Provider' && name !== 'Latency' && name !== 'Cost');

interface RequestTableProps {
  filter: RequestFilter;
  /** Another filter starts again from the first page. */
  filterKey: string;
  openId: string | null;
  search: string;
  /** Leaves out some columns, for when the detail takes part of the page. */
  compact: boolean;
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  /** A new value fetches the first page again (a request has been recorded that may belong in it). */
  refresh: number;
}

/** Moves focus to the same kind of control in the row above or below: rows are reached with the arrow keys. */
function moveFocus(event: KeyboardEvent<HTMLTableSectionElement>) {
  const target = event.target as HTMLElement;
  const row = target.closest('tr');
  if (!row || !(target.matches('[data-row-link]') || target.matches('input[type=checkbox]'))) return;
  if (event.key === 'Enter' && target.matches('input[type=checkbox]')) {
    // Enter opens the row's request from its checkbox too (Space toggles it).
    event.preventDefault();
    row.querySelector<HTMLElement>('[data-row-link]')?.click();
    return;
  }
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  let next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
  while (next && !next.hasAttribute('data-request-id')) next = event.key === 'ArrowDown' ? next.nextElementSibling : next.previousElementSibling;
  if (!next) return;
  event.preventDefault();
  const selector = target.matches('[data-row-link]') ? '[data-row-link]' : 'input[type=checkbox]';
  next.querySelector<HTMLElement>(selector)?.focus();
}

/**
 * The logged requests under the filter, newest first, a page at a time: the
 * next page loads as the end of the table scrolls into view, or with Load
 * more (the path for the keyboard, and where IntersectionObserver is missing).
 */
export function RequestTable({ filter, filterKey, openId, search, compact, selection, onSelectionChange, refresh }: RequestTableProps) {
  const columns = compact ? COMPACT_COLUMNS : COLUMNS;
  // The cursors of the pages loaded after the first, and what each page reported, for this filter only.
  const [pages, setPages] = useState<{ filterKey: string; cursors: string[]; states: Record<string, PageState> }>({
    filterKey,
    cursors: [],
    states: {},
  });
  const current = pages.filterKey === filterKey ? pages : { filterKey, cursors: [], states: {} };
  const starts: (string | null)[] = [null, ...current.cursors];
  const states = starts.map((after) => current.states[after ?? ''] ?? null);
  const last = states.at(-1) ?? null;
  const loaded = states.flatMap((s) => s?.ids ?? []);

  const onState = useCallback(
    (after: string | null, state: PageState) =>
      setPages((p) => {
        const base = p.filterKey === filterKey ? p : { filterKey, cursors: [], states: {} };
        return { ...base, states: { ...base.states, [after ?? '']: state } };
      }),
    [filterKey],
  );
  const loadMore = useCallback(() => {
    if (!last?.next) return;
    const cursor = last.next;
    setPages((p) => (p.filterKey === filterKey && !p.cursors.includes(cursor) ? { ...p, cursors: [...p.cursors, cursor] } : p));
  }, [last?.next, filterKey]);

  // Infinite scroll: while the footer is in view (or within a screen of it), the next page loads.
  const footer = useRef<HTMLDivElement>(null);
  const [footerVisible, setFooterVisible] = useState(false);
  useEffect(() => {
    const element = footer.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setFooterVisible(entry?.isIntersecting ?? false), { rootMargin: '0px 0px 400px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // Still in view after a page arrived (a tall screen): the next one follows.
  useEffect(() => {
    if (footerVisible && last?.next && !last.fetching) loadMore();
  }, [footerVisible, last?.next, last?.fetching, loadMore]);

  const isSelected = useCallback((id: string) => selection.all || selection.ids.has(id), [selection]);
  const onToggle = useCallback(
    (id: string, checked: boolean) => {
      // Unticking one row of "all matching" leaves the other loaded rows ticked.
      const ids = new Set(selection.all ? loaded : selection.ids);
      if (checked) ids.add(id);
      else ids.delete(id);
      onSelectionChange({ all: false, ids });
    },
    [selection, loaded, onSelectionChange],
  );

  const selectedLoaded = loaded.filter(isSelected).length;
  const allLoaded = loaded.length > 0 && selectedLoaded === loaded.length;
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = selectedLoaded > 0 && !allLoaded;
  });

  return (
    <div className="history-table__wrap">
      <div className="history-table__scroll">
        <table className="history-table" aria-label="Requests">
          <thead>
            <tr>
              <th scope="col" className="history-table__check">
                <input
                  ref={headerBox}
                  type="checkbox"
                  aria-label={`Select the ${loaded.length} loaded requests`}
                  checked={allLoaded}
                  disabled={loaded.length === 0}
                  onChange={(e) => onSelectionChange({ all: false, ids: new Set(e.target.checked ? [...selection.ids, ...loaded] : []) })}
                />
              </th>
              {columns.map((name) => (
                <th key={name} scope="col" className={name === 'Latency' || name === 'Cost' || name === 'Score' ? 'history-table__number' : undefined}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody onKeyDown={moveFocus}>
            {starts.map((after) => (
              <RequestRows
                key={after ?? 'first'}
                filter={filter}
                after={after}
                openId={openId}
                search={search}
                columns={columns}
                isSelected={isSelected}
                onToggle={onToggle}
                onState={onState}
                refresh={after === null ? refresh : 0}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div ref={footer} className="history-table__more">
        {last?.next ? (
          <button type="button" className="button button--quiet" disabled={last.fetching} onClick={loadMore}>
            Load more
          </button>
        ) : last?.fetching && starts.length > 1 ? (
          <span role="status">Loading more requests…</span>
        ) : last && !last.fetching && !last.failed && loaded.length > 0 && starts.length > 1 ? (
          <span className="placeholder">All {loaded.length} requests are shown.</span>
        ) : null}
      </div>
    </div>
  );
}
