import { formatPercent, formatSigned, formatUsd, ms } from './format';
import { judgeBins } from './histogram';
import { Histogram } from './Histogram';
import type { BatchView } from './useBatch';

/** "−120 ms mean · −40 ms p95", each figure kept on one line with its word. */
function MeanAndP95({ stats, format }: { stats: { mean?: number | null; p95?: number | null }; format: (n: number) => string }) {
  return (
    <>
      <span className="batch-nowrap">
        {formatSigned(stats.mean, format)} <span className="batch-hint">mean</span>
      </span>{' '}
      ·{' '}
      <span className="batch-nowrap">
        {formatSigned(stats.p95, format)} <span className="batch-hint">p95</span>
      </span>
    </>
  );
}

const KIND_WORDS = (kind: string) => kind.toLowerCase().replaceAll('_', ' ');

/** Shares, failures and deltas over the replays recorded so far, and the two distributions as charts. */
export function BatchSummary({ batch }: { batch: BatchView }) {
  const { summary } = batch;
  const judged = summary.judgeScores;
  const score = (n: number) => n.toFixed(1);

  return (
    <section className="batch-card batch-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      {summary.count === 0 ? (
        <p className="batch-hint">No replay recorded yet. The summary fills in as replays end.</p>
      ) : (
        <dl className="batch-figures batch-figures--summary" aria-label="Summary figures">
          <div>
            <dt>Replays recorded</dt>
            <dd>{summary.count.toLocaleString('en')}</dd>
          </div>
          <div>
            <dt>Same text</dt>
            <dd>{formatPercent(summary.identicalShare)}</dd>
          </div>
          <div>
            <dt>Tool calls changed</dt>
            <dd>{formatPercent(summary.changedToolCallsShare)}</dd>
          </div>
          <div>
            <dt>Invalid JSON</dt>
            <dd>{formatPercent(summary.invalidJsonShare)}</dd>
          </div>
          <div>
            <dt>Latency change</dt>
            <dd>
              <MeanAndP95 stats={summary.latencyDeltaMs} format={ms} />
            </dd>
          </div>
          <div>
            <dt>Cost change</dt>
            <dd>
              <MeanAndP95 stats={summary.costDelta} format={formatUsd} />
            </dd>
          </div>
          <div>
            <dt>Judge score</dt>
            <dd>{judged.count ? `${judged.mean?.toFixed(2) ?? '—'} mean of ${judged.count}` : batch.judge ? 'none yet' : 'no judge'}</dd>
          </div>
          <div>
            <dt>Failures</dt>
            <dd>{summary.failuresByKind.length ? summary.failuresByKind.map((f) => `${KIND_WORDS(f.kind)}: ${f.count}`).join(', ') : 'none'}</dd>
          </div>
        </dl>
      )}
      <div className="batch-charts">
        <Histogram
          title="Judge scores"
          bins={judgeBins(judged.buckets)}
          xLabel="Score (0 to 1)"
          format={score}
          empty={batch.judge ? 'No replay has been scored yet.' : 'No judge on this batch: start one with a judge to see scores here.'}
          caption={judged.count ? `${judged.count} replays scored; mean ${judged.mean?.toFixed(2) ?? '—'}.` : undefined}
        />
        <Histogram
          title="Latency change"
          bins={summary.latencyDeltaMs.bins}
          xLabel="Replay minus original (ms); below 0 is faster"
          format={(n) => n.toLocaleString('en')}
          empty="No replay with a latency on both sides yet."
          caption={`${summary.latencyDeltaMs.bins.reduce((n, bin) => n + bin.count, 0)} replays with a latency on both sides.`}
        />
      </div>
    </section>
  );
}
