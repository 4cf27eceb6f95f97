import type { KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../graphql/errors';
import { RunOutput } from '../playground/RunOutput';
import { ChatView } from './ChatView';
import { formatDateTime, formatMs, formatUsd } from './format';
import { RawBody } from './RawBody';
import { ReplayNotes } from './ReplayNotes';
import type { HistoryFilter, MetadataValue } from './request-filter';
import { ScoreEditor } from './ScoreEditor';
import { TagEditor } from './TagEditor';
import { useReplay } from './useReplay';
import { useWhenRecorded } from './useWhenRecorded';
import { useRequestDetail, type RequestDetail as Detail } from './useRequestDetail';
// The run view's styles (answer, figures, errors, tool calls), shared with the playground.
import '../playground/playground.css';
import './request-detail.css';

function Figures({ request }: { request: Detail }) {
  const { usage } = request;
  return (
    <dl className="metrics" aria-label="Figures">
      <div>
        <dt>Tokens</dt>
        <dd>{usage ? `${usage.promptTokens} in · ${usage.completionTokens} out · ${usage.totalTokens} total` : '—'}</dd>
      </div>
      <div>
        <dt>Latency</dt>
        <dd>{formatMs(request.latencyMs)}</dd>
      </div>
      <div>
        <dt>Time to first token</dt>
        <dd>{formatMs(request.ttftMs)}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{formatUsd(request.cost)}</dd>
      </div>
    </dl>
  );
}

/** Replay at once, the streamed answer below; the run view is the playground's. */
function Replay({ requestId, onRecorded }: { requestId: string; onRecorded: () => void }) {
  const [run, { replay, stop }] = useReplay();
  const busy = run.phase === 'starting' || run.phase === 'queued' || run.phase === 'streaming' || run.phase === 'retrying';
  // The replay is a request of its own: the table shows it once history has it.
  useWhenRecorded(run.runId, run.phase === 'completed' || run.phase === 'failed' || run.phase === 'cancelled', onRecorded);
  return (
    <section className="request-detail__section" aria-label="Run it again">
      <div className="request-detail__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void replay(requestId)}>
          {busy ? 'Replaying…' : 'Replay'}
        </button>
        {run.stoppable && (
          <button type="button" className="button button--quiet" disabled={run.stopping} onClick={() => void stop()}>
            {run.stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
        <Link className="button button--quiet" to={`/?replay=${encodeURIComponent(requestId)}`}>
          Open in Playground
        </Link>
      </div>
      {run.phase !== 'idle' && <RunOutput run={run} title="Replay" />}
    </section>
  );
}

const historyLink = (id: string) => `/history/${encodeURIComponent(id)}`;

/** Where the request came from: the run, the request it replays or was forked from, its batch. */
function Origins({ request }: { request: Detail }) {
  const items = [
    request.replayOf && (
      <li key="replayOf">
        Replay of <Link to={historyLink(request.replayOf)}>{request.replayOf}</Link>
      </li>
    ),
    request.forkedFrom && (
      <li key="forkedFrom">
        Forked from <Link to={historyLink(request.forkedFrom)}>{request.forkedFrom}</Link>
      </li>
    ),
    request.batchId && (
      <li key="batch">
        In bulk replay <Link to={`/batches/${encodeURIComponent(request.batchId)}`}>{request.batchId}</Link>
      </li>
    ),
    request.source === 'PLAYGROUND' && request.runId && (
      <li key="run">
        <Link to={`/runs/${encodeURIComponent(request.runId)}`}>Reopen this run in the Playground</Link>
      </li>
    ),
    <li key="replays">
      <Link to={{ pathname: historyLink(request.id), search: `?replayOf=${encodeURIComponent(request.id)}` }}>Replays of this request</Link>
    </li>,
    request.externalId && (
      <li key="external">
        Your id: <code>{request.externalId}</code>
      </li>
    ),
  ].filter(Boolean);
  return items.length ? <ul className="request-detail__origins">{items}</ul> : null;
}

interface MetadataListProps {
  metadata: Record<string, unknown>;
  filter: HistoryFilter;
  onApplyFilter: (filter: HistoryFilter) => void;
}

/** Each key and value, with a button that narrows the table to requests sharing it. */
function MetadataList({ metadata, filter, onApplyFilter }: MetadataListProps) {
  const entries = Object.entries(metadata).filter(
    (entry): entry is [string, MetadataValue] => ['string', 'number', 'boolean'].includes(typeof entry[1]),
  );
  if (entries.length === 0) return <p className="placeholder">No metadata.</p>;
  return (
    <dl className="metadata-list">
      {entries.map(([key, value]) => {
        const shown = typeof value === 'string' ? value : String(value);
        const active = filter.metadata.some((m) => m.key === key && m.value === value);
        return (
          <div key={key}>
            <dt>{key}</dt>
            <dd>
              <code>{typeof value === 'string' ? shown : `${shown} (${typeof value})`}</code>
              <button
                type="button"
                className="button button--quiet metadata-list__filter"
                disabled={active}
                aria-label={`Show requests with ${key} = ${shown}`}
                onClick={() => onApplyFilter({ ...filter, metadata: [...filter.metadata, { key, value }] })}
              >
                {active ? 'Filtered' : 'Filter'}
              </button>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

interface RequestDetailProps {
  id: string;
  closeTo: string;
  /** The table's filter, which the metadata buttons narrow. */
  filter: HistoryFilter;
  onApplyFilter: (filter: HistoryFilter) => void;
  /** A replay started here has been recorded: the lists that could hold it should be fetched again. */
  onReplayRecorded: () => void;
}

/** One request: the conversation, the recorded answer, figures, tags and score, notes, raw bodies, and Replay. */
export function RequestDetail({ id, closeTo, filter, onApplyFilter, onReplayRecorded }: RequestDetailProps) {
  const { request, fetching, error, found } = useRequestDetail(id);
  const navigate = useNavigate();

  // Escape closes the panel, unless it is meant for a field being edited.
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || (event.target as Element).closest('input, textarea, select')) return;
    void navigate(closeTo);
  };

  return (
    <section className="request-detail" aria-labelledby="request-detail-heading" onKeyDown={closeOnEscape}>
      <header className="request-detail__header">
        <h2 id="request-detail-heading">Request {request ? <code>{request.id}</code> : null}</h2>
        <Link to={closeTo} className="button button--quiet" aria-label="Close the request">
          Close
        </Link>
      </header>

      {error && (
        <p className="history-field-error" role="alert">
          Could not load the request: {errorMessage(error)}
        </p>
      )}
      {!request && !error && <p className="placeholder">{fetching || !found ? 'Loading the request…' : 'No request with this id in your workspace.'}</p>}

      {request && (
        <>
          <p className="request-detail__meta">
            <span className={`pill pill--${request.status.toLowerCase()}`}>{request.status.toLowerCase()}</span> {request.provider} ·{' '}
            {request.model} · {request.source.toLowerCase()} · <time dateTime={request.startedAt}>{formatDateTime(request.startedAt)}</time>
          </p>
          <Origins request={request} />

          <ReplayNotes notes={request.replayNotes} />

          <section className="request-detail__section" aria-labelledby="conversation-heading">
            <h3 id="conversation-heading">Conversation</h3>
            <ChatView messages={request.replayInput.messages} />
          </section>

          <section className="request-detail__section" aria-labelledby="recorded-answer-heading">
            <h3 id="recorded-answer-heading">Answer</h3>
            {request.output ? (
              <p className="chat__text request-detail__answer">{request.output}</p>
            ) : (
              <p className="placeholder">{request.error ? 'No answer: the request failed.' : 'The model returned no text.'}</p>
            )}
            {request.error && (
              <div className="run-error" role="alert">
                <p className="run-error__kind">
                  {request.error.kind}
                  {request.error.status !== null && <span className="run-error__status"> · HTTP {request.error.status}</span>}
                </p>
                <p>{request.error.message}</p>
              </div>
            )}
            <Figures request={request} />
          </section>

          <div className="request-detail__columns">
            <section className="request-detail__section" aria-labelledby="tags-heading">
              <h3 id="tags-heading">Tags</h3>
              <TagEditor requestId={request.id} tags={request.tags} />
            </section>
            <section className="request-detail__section" aria-labelledby="score-heading">
              <h3 id="score-heading">Score</h3>
              <ScoreEditor requestId={request.id} score={request.score ?? null} />
            </section>
          </div>

          <section className="request-detail__section" aria-labelledby="metadata-heading">
            <h3 id="metadata-heading">Metadata</h3>
            <MetadataList metadata={request.metadata} filter={filter} onApplyFilter={onApplyFilter} />
          </section>

          <Replay key={request.id} requestId={request.id} onRecorded={onReplayRecorded} />

          <RawBody title="Request body (as sent)" label="Request body" text={request.requestBody} />
          <RawBody title="Response body (as received)" label="Response body" text={request.responseBody ?? null} />
        </>
      )}
    </section>
  );
}
