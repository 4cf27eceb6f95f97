import { Link } from 'react-router';
import { ReplayNotes } from '../history/ReplayNotes';
import type { Origin } from './session';
import type { RouteStatus } from './useRouteRestore';

interface OriginBannerProps {
  origin: Origin | null;
  /** What the edited editor would change, for a replay's overrides or a fork. */
  changed: string[];
  route: RouteStatus;
  /** Stops running as a replay: the editor's contents run as a new request. */
  onDetach: () => void;
}

const historyLink = (id: string) => `/history/${encodeURIComponent(id)}`;

function Changes({ changed, replay }: { changed: string[]; replay: boolean }) {
  if (changed.length === 0) {
    return <p className="origin__hint">{replay ? 'Nothing changed yet: Run sends the original request exactly as stored.' : 'Unchanged since it was restored.'}</p>;
  }
  return (
    <p className="origin__hint" data-testid="origin-changes">
      {replay ? 'Sent as overrides, the rest as stored: ' : 'Edited, so the next run is recorded as forked from it: '}
      {changed.map((field, i) => (
        <span key={field}>
          {i > 0 && ', '}
          <code>{field}</code>
        </span>
      ))}
    </p>
  );
}

/** Says where the editor's contents came from and how Run will send them; or what the URL is still loading. */
export function OriginBanner({ origin, changed, route, onDetach }: OriginBannerProps) {
  if (route.state === 'loading') {
    return (
      <section className="origin" aria-label="Opened request" data-testid="origin-banner">
        <p className="origin__title">
          Loading {route.kind === 'run' ? 'run' : 'request'} <code>{route.id}</code>…
        </p>
      </section>
    );
  }
  if (route.state === 'error' || route.state === 'missing') {
    return (
      <section className="origin origin--error" aria-label="Opened request" data-testid="origin-banner">
        <p className="field-error" role="alert">
          {route.state === 'missing'
            ? `No ${route.kind === 'run' ? 'run' : 'request'} ${route.id} in your workspace${route.kind === 'run' ? ', or it has not been recorded yet' : ''}.`
            : `Could not load ${route.id}: ${route.message}`}
        </p>
      </section>
    );
  }
  if (route.state === 'streaming') {
    return (
      <section className="origin" aria-label="Opened request" data-testid="origin-banner">
        <p className="origin__title">
          Run <code>{route.id}</code> is still going
        </p>
        <p className="origin__hint">Its answer streams on the right; its request fills the editor once it is recorded.</p>
      </section>
    );
  }
  if (!origin) return null;

  const replay = origin.kind === 'replay';
  return (
    <section className={`origin${replay ? ' origin--replay' : ''}`} aria-label={replay ? 'Replaying request' : 'Restored run'} data-testid="origin-banner">
      <div className="origin__head">
        <p className="origin__title">
          {replay ? 'Replaying request ' : 'Restored run '}
          <Link to={historyLink(origin.id)}>
            <code>{origin.id}</code>
          </Link>
          <span className="origin__model"> · {origin.model}</span>
        </p>
        {replay && (
          <button type="button" className="button--small" onClick={onDetach}>
            Run as a new request instead
          </button>
        )}
      </div>
      {replay && <p className="origin__hint">Run replays the original: the provider gets the stored request with only the fields you change here.</p>}
      <Changes changed={changed} replay={replay} />
      {replay || origin.notes.length === 0 ? (
        <ReplayNotes notes={origin.notes} />
      ) : (
        // Every recorded run has notes of the same kind (stream is the worker's): at hand, not in the way.
        <details className="origin__notes">
          <summary>
            {origin.notes.length} note{origin.notes.length === 1 ? '' : 's'} on how its request is shown
          </summary>
          <ReplayNotes notes={origin.notes} />
        </details>
      )}
    </section>
  );
}
