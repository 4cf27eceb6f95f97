import { useState } from 'react';
import { Link } from 'react-router';
import { AppHeader } from '../layout/AppHeader';
import { BatchListRows } from './BatchListRows';
import './batches.css';
import './batch-list.css';

const COLUMNS = ['Name', 'State', 'Progress', 'Replayed with', 'Created', 'Cost'];

/** /batches: the workspace's bulk replays, newest first, a page at a time, the running ones live. */
export function BatchListPage() {
  // The cursors of the pages loaded after the first.
  const [cursors, setCursors] = useState<string[]>([]);
  const starts: (string | null)[] = [null, ...cursors];

  return (
    <div className="batches">
      <AppHeader title="Bulk replays" />
      <main className="batch-list">
        <div className="batch-list__head">
          <p className="batch-hint">Each bulk replay runs logged requests again against a model and compares every answer with its original.</p>
          <Link to="/batches/new" className="button button--primary batch-list__new">
            New bulk replay
          </Link>
        </div>
        <div className="batch-table__scroll">
          <table className="batch-table" aria-label="Bulk replays">
            <thead>
              <tr>
                {COLUMNS.map((name) => (
                  <th key={name} scope="col" className={name === 'Cost' ? 'batch-table__number' : undefined}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {starts.map((after, index) => (
                <BatchListRows
                  key={after ?? 'first'}
                  after={after}
                  columns={COLUMNS.length}
                  onLoadMore={index === starts.length - 1 ? (cursor) => setCursors([...cursors, cursor]) : undefined}
                />
              ))}
            </tbody>
          </table>
        </div>
      </main>
    </div>
  );
}
