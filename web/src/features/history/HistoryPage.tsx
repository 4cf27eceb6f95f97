import { useParams, useNavigate, useLocation } from 'react-router';
import { AppHeader } from '../layout/AppHeader';
import { FilterBar } from './FilterBar';
import { RequestDetail } from './RequestDetail';
import { RequestTable } from './RequestTable';
import { fieldsFromSearch, requestFilter, searchFromFields } from './request-filter';
import './history.css';

/** /history and /history/:id: the filter bar and the table, with the opened request's detail beside it. */
export function HistoryPage() {
  const { id = null } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const fields = fieldsFromSearch(new URLSearchParams(location.search));
  const filter = requestFilter(fields);
  const filterKey = JSON.stringify(filter);

  return (
    <div className="history">
      <AppHeader title="History" />
      <main className={id ? 'history__body history__body--detail' : 'history__body'}>
        <div className="history__list">
          <FilterBar
            value={fields}
            onApply={(next) => {
              const search = searchFromFields(next).toString();
              void navigate({ pathname: location.pathname, search: search ? `?${search}` : '' });
            }}
          />
          <RequestTable filter={filter} filterKey={filterKey} selectedId={id} search={location.search} compact={id !== null} />
        </div>
        {id && <RequestDetail key={id} id={id} closeTo={`/history${location.search}`} />}
      </main>
    </div>
  );
}
