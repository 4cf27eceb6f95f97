/**
 * A batch's state as the page shows it: the same shape from the `batch`
 * query (first paint) and from each `batchProgress` update after it.
 */
export type BatchStatus = 'QUEUEING' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED' | 'BUDGET_EXCEEDED' | 'FAILED';

export interface Counts {
  total: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  skipped: number;
}

export interface ProgressSnapshot {
  status: BatchStatus;
  counts: Counts;
  costUsd: number;
  /** The server's rate (replays ended per second, lately); null on the first paint, which has none. */
  ratePerSecond: number | null;
  etaSeconds: number | null;
  /** When the state was read, ms since the epoch. */
  at: number;
  /** The batch's version: bumped by the server at every change, so the higher of two snapshots is the newer. */
  version: number;
}

/**
 * The newer of two snapshots of one batch, by version; on a tie, `b`. The
 * page hears of a batch by two roads (its progress updates, and the `batch`
 * query read again as replays end), and a query's answer can arrive after
 * an update newer than it: without this, the page would step back.
 */
export function newest<T extends Pick<ProgressSnapshot, 'version'>>(a: T | null, b: T | null): T | null {
  if (!a || !b) return a ?? b;
  return a.version > b.version ? a : b;
}

export const TERMINAL_STATUSES: readonly BatchStatus[] = ['COMPLETED', 'CANCELLED', 'BUDGET_EXCEEDED', 'FAILED'];

export const isTerminal = (status: BatchStatus) => TERMINAL_STATUSES.includes(status);

export const STATUS_WORDS: Record<BatchStatus, string> = {
  QUEUEING: 'queueing',
  RUNNING: 'running',
  PAUSED: 'paused',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
  BUDGET_EXCEEDED: 'out of budget',
  FAILED: 'failed',
};

export const ended = (c: Counts) => c.completed + c.failed + c.cancelled + c.skipped;

/**
 * The states a replay can be in, in the order the bar stacks them: ended
 * ones first (from the left), then running, then queued.
 */
export const BAR_STATES = ['completed', 'failed', 'cancelled', 'skipped', 'running', 'queued'] as const;
export type BarState = (typeof BAR_STATES)[number];

export const STATE_WORDS: Record<BarState, string> = {
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped (budget)',
  running: 'Running',
  queued: 'Queued',
};

/** Each state's share of the total, 0 to 1; all zero while the total is not known yet. */
export function shares(counts: Counts): Record<BarState, number> {
  const out = {} as Record<BarState, number>;
  for (const state of BAR_STATES) out[state] = counts.total > 0 ? counts[state] / counts.total : 0;
  return out;
}

/** Which controls make sense now: the runner refuses the others (a 409 the gateway does not put in words). */
export function allowedActions(status: BatchStatus, counts: Counts) {
  const active = status === 'QUEUEING' || status === 'RUNNING' || status === 'PAUSED';
  return {
    pause: status === 'QUEUEING' || status === 'RUNNING',
    resume: status === 'PAUSED',
    cancel: active,
    // Not while the first round is still being queued: the runner answers "busy" then.
    retryFailed: counts.failed > 0 && (status === 'RUNNING' || status === 'PAUSED' || status === 'COMPLETED'),
  };
}

/** How far back the page's own rate looks: the server's window is of the same order. */
export const RATE_WINDOW_MS = 30_000;

/**
 * Replays ended per second over the recent samples (the page's own reckoning,
 * for when the server has not given a rate): the ended count's rise over the
 * time between the oldest sample in the window and the newest. Null until
 * two samples a moment apart exist.
 */
export function rateFromSamples(samples: readonly Pick<ProgressSnapshot, 'counts' | 'at'>[], windowMs = RATE_WINDOW_MS): number | null {
  const last = samples.at(-1);
  if (!last) return null;
  const first = samples.find((s) => last.at - s.at <= windowMs) ?? last;
  const seconds = (last.at - first.at) / 1000;
  if (seconds < 0.5) return null;
  return Math.max(0, ended(last.counts) - ended(first.counts)) / seconds;
}

/**
 * Seconds until what is left (queued and running) has ended at `rate`; 0 when
 * nothing is left, null when it cannot be told (no rate yet, or paused).
 */
export function secondsLeft(status: BatchStatus, counts: Counts, rate: number | null): number | null {
  if (isTerminal(status)) return 0;
  const left = counts.queued + counts.running;
  if (left === 0) return 0;
  if (status === 'PAUSED' || rate === null || rate <= 0) return null;
  return left / rate;
}

/** The rate and time left shown: the server's while it gives them, else the page's own from the updates it saw. */
export function pace(latest: ProgressSnapshot, samples: readonly ProgressSnapshot[]): { rate: number | null; secondsLeft: number | null } {
  const rate = latest.ratePerSecond !== null && latest.ratePerSecond > 0 ? latest.ratePerSecond : rateFromSamples(samples);
  const fromServer = latest.status !== 'PAUSED' && latest.etaSeconds !== null && latest.ratePerSecond !== null && latest.ratePerSecond > 0;
  return { rate, secondsLeft: fromServer ? latest.etaSeconds : secondsLeft(latest.status, latest.counts, rate) };
}

/** "45 s", "3 min 20 s", "2 h 05 min"; under a second is "under a second". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "2.4 / s" for quick batches, "18 / min" for slow ones: a rate under one a second reads better per minute. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return '—';
  if (perSecond >= 1) return `${perSecond.toFixed(perSecond >= 10 ? 0 : 1)} / s`;
  return `${(perSecond * 60).toFixed(perSecond * 60 >= 10 ? 0 : 1)} / min`;
}

/** What the page keeps of the updates it has seen: the latest, and those within the rate's window. */
export interface LiveProgress {
  latest: ProgressSnapshot;
  samples: ProgressSnapshot[];
}

/** Adds an update; samples older than the window (by the update's own time) are let go. */
export function foldProgress(state: LiveProgress | null, next: ProgressSnapshot, windowMs = RATE_WINDOW_MS): LiveProgress {
  if (state && next.version < state.latest.version) return state;
  const samples = [...(state?.samples ?? []), next].filter((s) => next.at - s.at <= windowMs);
  return { latest: next, samples };
}
