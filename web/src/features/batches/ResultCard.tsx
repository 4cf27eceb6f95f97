import { useId } from 'react';
import { Link } from 'react-router';
import { FieldDiffTable } from './FieldDiffTable';
import { formatSigned, formatUsd, ms, tokens } from './format';
import type { BatchResultNode } from './ResultPage';
import { TextDiff } from './TextDiff';

type Outcome = 'failed' | 'changed' | 'unchanged';

/** As the results filter counts it: a replay that did not complete failed; one that matches in text, calls and JSON is unchanged. */
function outcomeOf({ replay, comparison }: BatchResultNode): Outcome {
  if (replay.status !== 'COMPLETED') return 'failed';
  const sameJson = !comparison.json || comparison.json.differences.length === 0;
  return comparison.sameText && !comparison.toolCallsChanged && sameJson ? 'unchanged' : 'changed';
}

const OUTCOME_WORDS: Record<Outcome | 'cancelled', string> = { failed: 'Failed', changed: 'Changed', unchanged: 'Unchanged', cancelled: 'Cancelled' };

/** One replay beside its original: the text diff, the tool-call and JSON field diffs, the deltas and the judge's verdict. */
export function ResultCard({ result }: { result: BatchResultNode }) {
  const { original, replay, comparison } = result;
  const headingId = useId();
  const outcome = outcomeOf(result);
  // Counted with the failed (as the filter counts it), but a stopped replay is said and shown as such.
  const look = replay.status === 'CANCELLED' ? 'cancelled' : outcome;
  const { deltas } = comparison;

  return (
    <article className={`batch-result batch-result--${look}`} aria-labelledby={headingId} data-outcome={outcome}>
      <header className="batch-result__head">
        <span className={`batch-outcome batch-outcome--${look}`}>{OUTCOME_WORDS[look]}</span>
        <h3 id={headingId} className="batch-result__title">
          {/* Each side opens in History; the hidden words say which side a link is, the model being what shows. */}
          <Link to={`/history/${encodeURIComponent(original.id)}`}>
            {original.model}
            <span className="visually-hidden"> (the original)</span>
          </Link>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> replayed with </span>
          <Link to={`/history/${encodeURIComponent(replay.id)}`}>
            {replay.model}
            <span className="visually-hidden"> (the replay)</span>
          </Link>
        </h3>
        <dl className="batch-result__deltas" aria-label="Replay minus original">
          <div>
            <dt>Latency</dt>
            <dd>{formatSigned(deltas.latencyMs, ms)}</dd>
          </div>
          <div>
            <dt>Tokens in</dt>
            <dd>{formatSigned(deltas.promptTokens, tokens)}</dd>
          </div>
          <div>
            <dt>Tokens out</dt>
            <dd>{formatSigned(deltas.completionTokens, tokens)}</dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd>{formatSigned(deltas.cost, formatUsd)}</dd>
          </div>
        </dl>
      </header>

      {replay.judge && (
        <p className="batch-result__judge">
          <span className="batch-score">Judge {replay.judge.score.toFixed(2)}</span> {replay.judge.reason}
        </p>
      )}
      {replay.error && (
        <p className="batch-error">
          {replay.error.kind.toLowerCase().replaceAll('_', ' ')}
          {replay.error.status !== null ? ` (HTTP ${replay.error.status})` : ''}: {replay.error.message}
        </p>
      )}

      {comparison.textDiff.length > 0 ? (
        <TextDiff changes={comparison.textDiff} />
      ) : (
        <p className="batch-hint batch-result__note">{replay.error ? 'No text: the replay failed.' : 'Neither answered in text.'}</p>
      )}

      {comparison.toolCallDifferences.length > 0 && (
        <section className="batch-result__section" aria-label="Tool call differences">
          <h4>Tool calls</h4>
          <FieldDiffTable label="Tool call differences" differences={comparison.toolCallDifferences} />
        </section>
      )}
      {comparison.json && (
        <section className="batch-result__section" aria-label="JSON output">
          <h4>
            JSON output{' '}
            <span className={comparison.json.valid ? 'batch-outcome batch-outcome--unchanged' : 'batch-outcome batch-outcome--failed'}>
              {comparison.json.valid ? 'valid' : 'invalid'}
            </span>
          </h4>
          {comparison.json.error && <p className="batch-error">{comparison.json.error}</p>}
          {comparison.json.differences.length > 0 ? (
            <FieldDiffTable label="JSON field differences" differences={comparison.json.differences} />
          ) : (
            <p className="batch-hint">Every field as the original’s.</p>
          )}
        </section>
      )}
    </article>
  );
}
