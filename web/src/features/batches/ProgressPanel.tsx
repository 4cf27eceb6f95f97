import type { ReactNode } from 'react';
import { formatUsd } from './format';
import { BAR_STATES, ended, formatDuration, formatRate, isTerminal, pace, STATE_WORDS, STATUS_WORDS, type ProgressSnapshot } from './progress';
import { ProgressBar } from './ProgressBar';

interface ProgressPanelProps {
  snapshot: ProgressSnapshot;
  samples: readonly ProgressSnapshot[];
  budgetUsd: number | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Why the batch stopped or failed, in the runner's words. */
  message: string | null;
  liveError: string | null;
  /** The controls, set in the panel's corner. */
  children: ReactNode;
}

function timeLeft(snapshot: ProgressSnapshot, secondsLeft: number | null, startedAt: string | null, endedAt: string | null): string {
  if (isTerminal(snapshot.status)) {
    if (startedAt && endedAt) return `ended after ${formatDuration((Date.parse(endedAt) - Date.parse(startedAt)) / 1000)}`;
    return 'ended';
  }
  if (snapshot.status === 'PAUSED') return 'paused';
  if (secondsLeft === null) return 'working it out…';
  if (secondsLeft === 0) return 'finishing';
  return `about ${formatDuration(secondsLeft)}`;
}

/** The live state of a batch: the bar, the counts by state, the rate, the spend against the budget, and the time left. */
export function ProgressPanel({ snapshot, samples, budgetUsd, startedAt, endedAt, message, liveError, children }: ProgressPanelProps) {
  const { counts, costUsd, status } = snapshot;
  const { rate, secondsLeft } = pace(snapshot, samples);
  const percent = counts.total > 0 ? Math.round((ended(counts) / counts.total) * 100) : 0;
  const budgetShare = budgetUsd ? Math.min(1, costUsd / budgetUsd) : null;

  return (
    <section className="batch-card batch-progress" aria-labelledby="progress-heading">
      <div className="batch-progress__head">
        <h2 id="progress-heading">Progress</h2>
        <span className={`batch-status batch-status--${status.toLowerCase()}`} data-testid="batch-status">
          {STATUS_WORDS[status]}
        </span>
        <span className="batch-progress__percent" aria-hidden="true">
          {percent}%
        </span>
        <div className="batch-progress__controls">{children}</div>
      </div>
      <ProgressBar counts={counts} label="Replays ended" />
      <ul className="batch-legend" aria-label="Replays by state">
        {BAR_STATES.map((s) => (
          <li key={s} className={counts[s] === 0 ? 'batch-legend__item batch-legend__item--none' : 'batch-legend__item'} data-state={s}>
            <span className={`batch-legend__swatch batch-bar__part--${s}`} aria-hidden="true" />
            {STATE_WORDS[s]} <strong>{counts[s].toLocaleString('en')}</strong>
          </li>
        ))}
        <li className="batch-legend__item batch-legend__total">
          Total <strong>{counts.total.toLocaleString('en')}</strong>
        </li>
      </ul>
      <dl className="batch-figures">
        <div>
          <dt>Rate</dt>
          <dd data-testid="batch-rate">{isTerminal(status) ? '—' : formatRate(rate)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-testid="batch-time-left">{timeLeft(snapshot, secondsLeft, startedAt, endedAt)}</dd>
        </div>
        <div>
          <dt>Cost so far</dt>
          <dd data-testid="batch-cost">
            {formatUsd(costUsd)}
            {budgetUsd !== null && <span className="batch-hint"> of {formatUsd(budgetUsd)} budget</span>}
            {budgetShare !== null && (
              <span className="batch-budget" role="meter" aria-label="Budget spent" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(budgetShare * 100)}>
                <span className="batch-budget__spent" style={{ width: `${budgetShare * 100}%` }} />
              </span>
            )}
          </dd>
        </div>
      </dl>
      {message && status !== 'COMPLETED' && <p className="batch-message">{message}</p>}
      {liveError && (
        <p className="batch-error" role="alert">
          Live progress stopped: {liveError}
        </p>
      )}
    </section>
  );
}
