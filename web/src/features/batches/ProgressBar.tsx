import { BAR_STATES, ended, shares, STATE_WORDS, type Counts } from './progress';

/** The replays' states, in words, for the bar's accessible value: "12 of 30 ended: 10 done, 2 failed; 3 running". */
export function progressWords(counts: Counts): string {
  const parts = BAR_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${STATE_WORDS[s].toLowerCase()}`);
  return `${ended(counts)} of ${counts.total} ended${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * One bar, stacked by state from the left: done, failed, cancelled,
 * skipped, then running; the rest of the track is what is queued. The
 * counts are also in words (the legend, and the bar's value text), so the
 * colours are never the only telling.
 */
export function ProgressBar({ counts, label, compact }: { counts: Counts; label: string; compact?: boolean }) {
  const share = shares(counts);
  return (
    <div
      className={compact ? 'batch-bar batch-bar--compact' : 'batch-bar'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={Math.max(1, counts.total)}
      aria-valuenow={ended(counts)}
      aria-valuetext={progressWords(counts)}
    >
      {BAR_STATES.filter((s) => s !== 'queued' && share[s] > 0).map((s) => (
        <span key={s} className={`batch-bar__part batch-bar__part--${s}`} style={{ width: `${share[s] * 100}%` }} />
      ))}
    </div>
  );
}
