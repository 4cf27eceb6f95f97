import { Link } from 'react-router';
import { RunOutput } from '../playground/RunOutput';
import { ChatView } from './ChatView';
import { formatDateTime, formatMs, formatUsd, prettyJson } from './format';
import { ReplayNotes } from './ReplayNotes';
import { TagEditor } from './TagEditor';
import { useReplay } from './useReplay';
import { useRequestDetail, type RequestDetail as Detail } from './useRequestDetail';
// The run view's styles (answer, figures, errors, tool calls), shared with the playground.
import '../playground/playground.css';

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
function Replay({ requestId }: { requestId: string }) {
  const [run, { replay, stop }] = useReplay();
  const busy = run.phase === 'starting' || run.phase === 'queued' || run.phase === 'streaming' || run.phase === 'retrying';
  return (
    <section className="request-detail__section" aria-label="Replay">
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

/** One request: the conversation, the recorded answer, figures, tags, notes, raw bodies, and Replay. */
export function RequestDetail({ id, closeTo }: { id: string; closeTo: string }) {
  const { request, fetching, error, found } = useRequestDetail(id);

  return (
    <section className="request-detail" aria-labelledby="request-detail-heading">
      <header className="request-detail__header">
        <h2 id="request-detail-heading">Request {request ? <code>{request.id}</code> : null}</h2>
        <Link to={closeTo} className="button button--quiet" aria-label="Close the request">
          Close
        </Link>
      </header>

      {error && (
        <p className="field-error" role="alert">
          Could not load the request: {error.message}
        </p>
      )}
      {!request && !error && <p className="placeholder">{fetching || !found ? 'Loading the request…' : 'No request with this id in your workspace.'}</p>}

      {request && (
        <>
          <p className="request-detail__meta">
            <span className={`pill pill--${request.status.toLowerCase()}`}>{request.status.toLowerCase()}</span> {request.provider} ·{' '}
            {request.model} · {request.source.toLowerCase()} · <time dateTime={request.startedAt}>{formatDateTime(request.startedAt)}</time>
            {request.replayOf && (
              <>
                {' '}
                · replay of <Link to={`/history/${encodeURIComponent(request.replayOf)}`}>{request.replayOf}</Link>
              </>
            )}
          </p>

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

          <section className="request-detail__section" aria-labelledby="tags-heading">
            <h3 id="tags-heading">Tags</h3>
            <TagEditor requestId={request.id} tags={request.tags} />
          </section>

          <Replay key={request.id} requestId={request.id} />

          <details className="request-detail__raw">
            <summary>Request body (as sent)</summary>
            <pre aria-label="Request body">{prettyJson(request.requestBody)}</pre>
          </details>
          <details className="request-detail__raw">
            <summary>Response body (as received)</summary>
            {request.responseBody === null ? (
              <p className="placeholder">No response body.</p>
            ) : (
              <pre aria-label="Response body">{prettyJson(request.responseBody)}</pre>
            )}
          </details>
        </>
      )}
    </section>
  );
}
