import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { errorMessage, fieldIssues } from '../../graphql/errors';
import { AppHeader } from '../layout/AppHeader';
import { FilterBar } from './FilterBar';
import { draftFieldOf, type DraftErrors } from './filter-draft';
import { HistoryToolbar } from './HistoryToolbar';
import { RequestDetail } from './RequestDetail';
import { RequestTable } from './RequestTable';
import { filterFromSearch, requestFilter, searchFromFilter, type HistoryFilter } from './request-filter';
import { NOTHING_SELECTED, type Selection } from './selection';
import { useRequestStats } from './useRequestStats';
import './history.css';

/** /history and /history/:id: the filter bar and the table, with the opened request's detail beside it. */
export function HistoryPage() {
  const { id = null } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const historyFilter = filterFromSearch(new URLSearchParams(location.search));
  const filter = requestFilter(historyFilter);
  const filterKey = JSON.stringify(filter);

  // Ticked rows belong to one filter: another filter starts with none.
  const [selected, setSelected] = useState<{ filterKey: string; selection: Selection }>({ filterKey, selection: NOTHING_SELECTED });
  const selection = selected.filterKey === filterKey ? selected.selection : NOTHING_SELECTED;
  const setSelection = (next: Selection) => setSelected({ filterKey, selection: next });

  // Bumped when a replay started from the detail has been recorded: the first page and the count are fetched again.
  const [refresh, setRefresh] = useState(0);
  const { stats, error: statsError } = useRequestStats(filter, refresh);
  // A refused filter field is named under `filter.`: its message goes beside that field in the bar.
  const serverErrors: DraftErrors = {};
  for (const issue of fieldIssues(statsError)) {
    const field = draftFieldOf(issue.field);
    if (field) serverErrors[field] = issue.message;
  }
  const refused = Object.keys(serverErrors).length > 0;

  const apply = (next: HistoryFilter) => {
    const search = searchFromFilter(next).toString();
    void navigate({ pathname: location.pathname, search: search ? `?${search}` : '' });
  };

  return (
    <div className="history">
      <AppHeader title="History" />
      <main className={id ? 'history__body history__body--detail' : 'history__body'}>
        <div className="history__list">
          <FilterBar value={historyFilter} onApply={apply} serverErrors={serverErrors} />
          {refused ? (
            <p className="history-field-error history__refused" role="alert">
              The filter was refused: fix the fields marked above.
            </p>
          ) : (
            <>
              <HistoryToolbar
                filter={filter}
                stats={stats}
                statsError={statsError ? errorMessage(statsError) : null}
                selection={selection}
                onSelectionChange={setSelection}
                onDeleted={(ids) => {
                  if (id && ids.includes(id)) void navigate({ pathname: '/history', search: location.search });
                }}
              />
              <RequestTable
                filter={filter}
                filterKey={filterKey}
                openId={id}
                search={location.search}
                compact={id !== null}
                selection={selection}
                onSelectionChange={setSelection}
                refresh={refresh}
              />
            </>
          )}
        </div>
        {id && <RequestDetail key={id} id={id} closeTo={`/history${location.search}`} onApplyFilter={apply} filter={historyFilter} onReplayRecorded={() => setRefresh((n) => n + 1)} />}
      </main>
    </div>
  );
}
