import { Link, useParams } from 'react-router';
import { AppHeader } from '../layout/AppHeader';
import { useModels } from '../playground/useModels';
import { BatchControls } from './BatchControls';
import { BatchResults } from './BatchResults';
import { BatchSummary } from './BatchSummary';
import { batchTitle, formatDateTime, formatUsd } from './format';
import { describeOverrides } from './overrides';
import { ProgressPanel } from './ProgressPanel';
import { describeSelection, selectionOfStored } from './selection';
import { useBatch, type BatchView } from './useBatch';
import './batches.css';
import './batch.css';
import './batch-results.css';

/** What the batch replays, against what and how: the settings it was started with. */
function BatchSettings({ batch }: { batch: BatchView }) {
  const { models } = useModels();
  const overrides = batch.overrides as { provider?: string; model?: string };
  const providerLabel = models.find((m) => m.provider === overrides.provider)?.providerLabel ?? overrides.provider;
  const target = overrides.model ? `${providerLabel ? `${providerLabel} · ` : ''}${overrides.model}` : 'each request’s own model';
  const changes = describeOverrides(batch.overrides);
  return (
    <dl className="batch-settings" aria-label="Settings">
      <div>
        <dt>Replayed with</dt>
        <dd data-testid="batch-target">{target}</dd>
      </div>
      <div>
        <dt>Requests</dt>
        <dd>{describeSelection(selectionOfStored(batch.selection))}</dd>
      </div>
      <div>
        <dt>Parameters</dt>
        <dd>{changes.length ? changes.join(', ') : 'as recorded'}</dd>
      </div>
      <div>
        <dt>Concurrency</dt>
        <dd>{batch.concurrency}</dd>
      </div>
      <div>
        <dt>Budget</dt>
        <dd>{batch.budgetUsd === null ? 'no limit' : formatUsd(batch.budgetUsd)}</dd>
      </div>
      <div>
        <dt>Tool results</dt>
        <dd>{batch.reuseToolResults ? 'reused from the originals' : 'not reused'}</dd>
      </div>
      <div>
        <dt>Judge</dt>
        <dd>{batch.judge ? `${batch.judge.model}: “${batch.judge.rubric}”` : 'none'}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <time dateTime={batch.createdAt}>{formatDateTime(batch.createdAt)}</time>
        </dd>
      </div>
    </dl>
  );
}

/** /batches/:batchId: a batch's live progress and controls, its summary, and its results beside their originals. */
export function BatchPage() {
  const { batchId = '' } = useParams();
  const { batch, snapshot, samples, fetching, error, liveError, refreshKey } = useBatch(batchId);

  return (
    <div className="batches">
      <AppHeader title="Bulk replay" />
      <main className="batch-page">
        <Link to="/batches" className="batch-back">
          ← All bulk replays
        </Link>
        {error && (
          <p className="batch-error" role="alert">
            Could not load the bulk replay: {error}
          </p>
        )}
        {!batch && !error && fetching && <p className="batch-hint">Loading the bulk replay…</p>}
        {!batch && !error && !fetching && (
          <section className="batch-card batch-missing" aria-labelledby="missing-heading">
            <h2 id="missing-heading">Bulk replay not found</h2>
            <p>There is no bulk replay with this id in your workspace. It may belong to another workspace, or the link may be cut short.</p>
            <Link to="/batches" className="button button--quiet">
              Your bulk replays
            </Link>
          </section>
        )}
        {batch && snapshot && (
          <>
            <header className="batch-page__head">
              <h2 className="batch-page__title">{batchTitle(batch)}</h2>
              <BatchSettings batch={batch} />
            </header>
            <ProgressPanel
              snapshot={snapshot}
              samples={samples}
              budgetUsd={batch.budgetUsd ?? null}
              startedAt={batch.startedAt ?? null}
              endedAt={batch.endedAt ?? null}
              message={batch.message ?? null}
              liveError={liveError}
            >
              <BatchControls id={batch.id} status={snapshot.status} counts={snapshot.counts} />
            </ProgressPanel>
            <BatchSummary batch={batch} />
            <BatchResults batchId={batch.id} batchName={batchTitle(batch)} refreshKey={refreshKey} hasJudge={batch.judge !== null && batch.judge !== undefined} />
          </>
        )}
      </main>
    </div>
  );
}
