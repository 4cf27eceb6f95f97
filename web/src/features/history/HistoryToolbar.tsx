import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { RequestFilter } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { formatDuration, formatShare, formatUsd } from './format';
import { bulkReplayHref, isEmptySelection, NOTHING_SELECTED, type Selection } from './selection';
import { DELETE_BATCH, useDeleteRequests } from './useRequestEdits';
import type { RequestStatsView } from './useRequestStats';

interface HistoryToolbarProps {
  filter: RequestFilter;
  stats: RequestStatsView | null;
  statsError: string | null;
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  /** Called with the ids deleted, once they are. */
  onDeleted: (ids: string[]) => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The figures of what matches, and what can be done with the ticked rows: bulk replay, delete. */
export function HistoryToolbar({ filter, stats, statsError, selection, onSelectionChange, onDeleted }: HistoryToolbarProps) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const { deleting, error, deleteRequests } = useDeleteRequests();
  const count = stats?.count ?? null;
  const selected = selection.all ? count : selection.ids.size;

  const remove = async () => {
    const ids = [...selection.ids];
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      const result = await deleteRequests(ids.slice(i, i + DELETE_BATCH));
      if (result.error) return;
    }
    setConfirming(false);
    onSelectionChange(NOTHING_SELECTED);
    onDeleted(ids);
  };

  return (
    <div className="history-toolbar">
      <p className="history-toolbar__stats" aria-live="polite">
        {statsError ? (
          <span className="history-field-error">Could not count the requests: {statsError}</span>
        ) : stats ? (
          <>
            <strong>{plural(stats.count, 'request')}</strong>
            {stats.count > 0 && (
              <>
                {' '}
                · {formatShare(stats.errorRate)} failed · {formatUsd(stats.cost)} in all · latency p50 {formatDuration(stats.latencyP50)}, p95{' '}
                {formatDuration(stats.latencyP95)}
              </>
            )}
          </>
        ) : (
          'Counting…'
        )}
      </p>

      {!isEmptySelection(selection) && (
        <div className="history-toolbar__selection" role="group" aria-label="Selected requests">
          <span className="history-toolbar__count">
            {selection.all ? `All ${count === null ? '' : plural(count, 'request')} matching this filter selected` : `${plural(selection.ids.size, 'request')} selected`}
          </span>
          {!selection.all && count !== null && count > selection.ids.size && (
            <button type="button" className="button button--quiet" onClick={() => onSelectionChange({ all: true, ids: new Set() })}>
              Select all {count.toLocaleString('en')} matching this filter
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={() => onSelectionChange(NOTHING_SELECTED)}>
            Clear selection
          </button>
          <button type="button" className="button button--primary history-toolbar__main" disabled={selected === 0} onClick={() => void navigate(bulkReplayHref(selection, filter))}>
            Bulk replay…
          </button>
          {!selection.all && !confirming && (
            <button type="button" className="button button--quiet button--danger" onClick={() => setConfirming(true)}>
              Delete…
            </button>
          )}
        </div>
      )}

      {confirming && !selection.all && selection.ids.size > 0 && (
        <div className="history-toolbar__confirm" role="group" aria-labelledby="delete-confirm-text">
          <span id="delete-confirm-text">Delete {plural(selection.ids.size, 'request')} for good? This cannot be undone.</span>
          <button type="button" className="button button--danger-solid" autoFocus disabled={deleting} onClick={() => void remove()}>
            {deleting ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="button button--quiet" disabled={deleting} onClick={() => setConfirming(false)}>
            Cancel
          </button>
          {error && (
            <span className="history-field-error" role="alert">
              Could not delete: {errorMessage(error)}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
