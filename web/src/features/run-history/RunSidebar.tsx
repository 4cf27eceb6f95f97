import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../graphql/errors';
import { firstWords, formatAge, originOf, shortId } from './run-item';
import { useNow } from './useNow';
import { useRunHistory, type RunRow } from './useRunHistory';
import './run-sidebar.css';

export interface RunSidebarProps {
  /** The request (= run id) open in the editor now, shown as current. */
  activeId?: string;
  /** Starts collapsed or open, whatever was chosen last (kept in this browser). @default the last choice, else open */
  defaultCollapsed?: boolean;
}

const COLLAPSED_KEY = 'reprise.runSidebar.collapsed';

function storedCollapsed(fallback: boolean): boolean {
  try {
    const value = window.localStorage.getItem(COLLAPSED_KEY);
    return value === null ? fallback : value === 'true';
  } catch {
    return fallback;
  }
}

function storeCollapsed(collapsed: boolean) {
  try {
    window.localStorage.setItem(COLLAPSED_KEY, String(collapsed));
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
}

const STATUS_WORD: Partial<Record<RunRow['status'], string>> = { FAILED: 'failed', CANCELLED: 'stopped' };

function RunItem({ run, active, now, wordsOf }: { run: RunRow; active: boolean; now: number; wordsOf: (id: string) => string | null }) {
  const words = firstWords(run.prompt);
  const origin = originOf(run);
  const status = STATUS_WORD[run.status];
  const originWords = origin ? wordsOf(origin.id) : null;
  return (
    <li className={`run-item${active ? ' run-item--active' : ''}${status ? ` run-item--${run.status.toLowerCase()}` : ''}`} data-run-id={run.id}>
      <Link className="run-item__link" to={`/runs/${encodeURIComponent(run.id)}`} aria-current={active ? 'page' : undefined}>
        <span className="run-item__top">
          <span className="run-item__model">{run.model}</span>
          {status && <span className={`run-item__status run-item__status--${run.status.toLowerCase()}`}>{status}</span>}
          <time className="run-item__age" dateTime={run.startedAt} title={new Date(run.startedAt).toLocaleString('en-GB')}>
            {formatAge(run.startedAt, now)}
          </time>
        </span>
        <span className="run-item__words">{words ?? <span className="run-item__none">No user message</span>}</span>
      </Link>
      {origin && (
        <p className="run-item__origin">
          {origin.kind === 'replay' ? 'Replay of ' : 'Forked from '}
          <Link to={`/history/${encodeURIComponent(origin.id)}`} title={`Request ${origin.id} in History`}>
            {originWords ? `“${originWords}”` : shortId(origin.id)}
          </Link>
        </p>
      )}
    </li>
  );
}

/**
 * The workspace's playground runs and replays, newest first; each links to
 * `/runs/<id>`, and says where it came from (a replay of, or forked from, a
 * request in History). Collapsible to a thin rail beside the editor.
 */
export function RunSidebar({ activeId, defaultCollapsed = false }: RunSidebarProps) {
  const [collapsed, setCollapsed] = useState(() => storedCollapsed(defaultCollapsed));
  const { runs, fetching, loaded, error, hasMore, atLimit, loadMore, refetch } = useRunHistory({ paused: collapsed, activeId });
  const now = useNow(15_000);

  const toggle = () => {
    storeCollapsed(!collapsed);
    setCollapsed(!collapsed);
  };

  if (collapsed) {
    return (
      <aside className="run-sidebar run-sidebar--collapsed" aria-label="Run history">
        <div className="run-sidebar__inner">
          <button type="button" className="run-sidebar__toggle" aria-expanded={false} onClick={toggle}>
            <span aria-hidden="true">»</span>
            <span className="run-sidebar__rail-label">Runs</span>
            <span className="visually-hidden">Show run history</span>
          </button>
        </div>
      </aside>
    );
  }

  const words = new Map(runs.map((r) => [r.id, firstWords(r.prompt, 5)]));
  const wordsOf = (id: string) => words.get(id) ?? null;

  return (
    <aside className="run-sidebar" aria-label="Run history">
      <div className="run-sidebar__inner">
        <header className="run-sidebar__header">
          <h2 id="run-sidebar-heading">Runs</h2>
          {fetching && loaded && (
            <span className="run-sidebar__updating" role="status">
              Updating…
            </span>
          )}
          <button type="button" className="run-sidebar__toggle" aria-expanded={true} aria-controls="run-sidebar-list" onClick={toggle}>
            <span aria-hidden="true">«</span>
            <span className="visually-hidden">Hide run history</span>
          </button>
        </header>

        <div id="run-sidebar-list" className="run-sidebar__body">
          {error && (
            <div className="run-sidebar__message" role="alert">
              <p>Could not load the runs: {errorMessage(error)}</p>
              <button type="button" className="button button--quiet" onClick={refetch}>
                Try again
              </button>
            </div>
          )}
          {!loaded && !error && <p className="run-sidebar__message">Loading runs…</p>}
          {loaded && runs.length === 0 && (
            <p className="run-sidebar__message">
              No runs yet. Each run you start in the Playground, and each replay of a logged request, is listed here.
            </p>
          )}
          {runs.length > 0 && (
            <ol className="run-sidebar__list" aria-labelledby="run-sidebar-heading">
              {runs.map((run) => (
                <RunItem key={run.id} run={run} active={run.id === activeId} now={now} wordsOf={wordsOf} />
              ))}
            </ol>
          )}
          {hasMore && (
            <button type="button" className="button button--quiet run-sidebar__more" disabled={fetching} onClick={loadMore}>
              {fetching ? 'Loading…' : 'Load older runs'}
            </button>
          )}
          {atLimit && (
            <p className="run-sidebar__message">
              Older runs are in <Link to="/history?source=playground&source=replay">History</Link>.
            </p>
          )}
        </div>
      </div>
    </aside>
  );
}
