import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { ReplayNotes } from '../history/ReplayNotes';

const replayBannerQuery = graphql(`
  query ReplayBanner($id: ID!) {
    request(id: $id) {
      id
      model
      replayNotes { kind field message }
    }
  }
`);

/**
 * Says which logged request the playground was opened from, with its replay
 * notes. The editor does not load `replayInput` yet (a later slice): until
 * then the banner points back to History, whose Replay sends it as stored.
 */
export function ReplayBanner({ requestId }: { requestId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: replayBannerQuery, variables: { id: requestId } });
  const request = data?.request ?? null;
  return (
    <section className="replay-banner" role="region" aria-label="Replaying request" data-testid="replay-banner">
      <p className="replay-banner__title">
        Replaying request <code>{requestId}</code>
        {request && <span className="replay-banner__model"> · {request.model}</span>}
      </p>
      {fetching && <p className="replay-banner__hint">Loading the request…</p>}
      {error && <p className="field-error" role="alert">Could not load the request: {error.message}</p>}
      {!fetching && !error && !request && <p className="field-error" role="alert">No request with this id in your workspace.</p>}
      {request && <ReplayNotes notes={request.replayNotes} />}
      <p className="replay-banner__hint">
        The editor below does not load logged requests yet. <Link to={`/history/${encodeURIComponent(requestId)}`}>Open it in History</Link> to
        replay it exactly as stored.
      </p>
    </section>
  );
}
