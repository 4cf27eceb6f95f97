import {
  allowedActions,
  foldProgress,
  formatDuration,
  newest,
  formatRate,
  pace,
  rateFromSamples,
  secondsLeft,
  shares,
  type Counts,
  type ProgressSnapshot,
} from '../../../features/batches/progress';

const counts = (c: Partial<Counts>): Counts => ({ total: 0, queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0, ...c });
const snap = (at: number, c: Partial<Counts>, extra: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  status: 'RUNNING',
  counts: counts({ total: 100, ...c }),
  costUsd: 0,
  ratePerSecond: null,
  etaSeconds: null,
  at,
  // Later is newer, unless a test says otherwise.
  version: at,
  ...extra,
});

describe('rateFromSamples', () => {
  it('is the ended count’s rise over the time between the samples', () => {
    // 10 s apart: 20 more ended (15 done, 5 failed) → 2 a second.
    expect(rateFromSamples([snap(0, { completed: 10 }), snap(5_000, { completed: 18 }), snap(10_000, { completed: 25, failed: 5 })])).toBe(2);
  });

  it('looks only at the window', () => {
    const samples = [snap(0, { completed: 0 }), snap(50_000, { completed: 90 }), snap(60_000, { completed: 100 })];
    // The first is older than 30 s: 10 ended in the last 10 s.
    expect(rateFromSamples(samples, 30_000)).toBe(1);
  });

  it('is unknown with one sample, or two a moment apart', () => {
    expect(rateFromSamples([])).toBeNull();
    expect(rateFromSamples([snap(0, {})])).toBeNull();
    expect(rateFromSamples([snap(0, {}), snap(100, { completed: 3 })])).toBeNull();
  });
});

describe('secondsLeft', () => {
  it('divides what is left by the rate', () => {
    expect(secondsLeft('RUNNING', counts({ total: 100, completed: 40, running: 10, queued: 50 }), 2)).toBe(30);
  });

  it('cannot tell while paused or without a rate, and is zero once over', () => {
    const c = counts({ total: 10, queued: 10 });
    expect(secondsLeft('PAUSED', c, 2)).toBeNull();
    expect(secondsLeft('RUNNING', c, null)).toBeNull();
    expect(secondsLeft('RUNNING', c, 0)).toBeNull();
    expect(secondsLeft('COMPLETED', c, null)).toBe(0);
    expect(secondsLeft('RUNNING', counts({ total: 10, completed: 10 }), null)).toBe(0);
  });
});

describe('pace', () => {
  it('takes the server’s rate and time left when it gives them', () => {
    const latest = snap(10_000, { completed: 50, queued: 50 }, { ratePerSecond: 5, etaSeconds: 10 });
    expect(pace(latest, [snap(0, {}), latest])).toEqual({ rate: 5, secondsLeft: 10 });
  });

  it('falls back to its own reckoning from the updates it saw', () => {
    const first = snap(0, { completed: 0, queued: 100 });
    const latest = snap(10_000, { completed: 20, queued: 80 }, { ratePerSecond: 0 });
    expect(pace(latest, [first, latest])).toEqual({ rate: 2, secondsLeft: 40 });
  });

  it('has no time left while paused, whatever the server’s last estimate', () => {
    const latest = snap(10_000, { completed: 20, queued: 80 }, { status: 'PAUSED', ratePerSecond: 2, etaSeconds: 40 });
    expect(pace(latest, [latest]).secondsLeft).toBeNull();
  });
});

describe('foldProgress', () => {
  it('keeps the latest and the samples within the window', () => {
    let state = foldProgress(null, snap(0, {}));
    state = foldProgress(state, snap(20_000, { completed: 1 }));
    state = foldProgress(state, snap(40_000, { completed: 2 }));
    expect(state.latest.counts.completed).toBe(2);
    expect(state.samples.map((s) => s.at)).toEqual([20_000, 40_000]);
  });

  it('ignores an update older than the one it holds', () => {
    const ended = foldProgress(null, snap(5_000, { completed: 18, failed: 2 }, { status: 'COMPLETED', version: 40 }));
    const after = foldProgress(ended, snap(6_000, { completed: 14, running: 4 }, { version: 31 }));
    expect(after.latest.status).toBe('COMPLETED');
    expect(after.latest.counts.completed).toBe(18);
  });
});

describe('newest', () => {
  // The page's two roads: an update that says the batch ended, and a query's answer read before it but arriving after.
  const ended = snap(5_000, { completed: 18, failed: 2 }, { status: 'COMPLETED', version: 40 });
  const readBefore = snap(6_000, { completed: 14, failed: 2, running: 4 }, { version: 31 });

  it('takes the higher version, whichever came last', () => {
    expect(newest(ended, readBefore)).toBe(ended);
    expect(newest(readBefore, ended)).toBe(ended);
  });

  it('takes the second on a tie, and whichever there is when one is missing', () => {
    const again = snap(7_000, { completed: 18, failed: 2 }, { status: 'COMPLETED', version: 40 });
    expect(newest(ended, again)).toBe(again);
    expect(newest(null, ended)).toBe(ended);
    expect(newest(ended, null)).toBe(ended);
    expect(newest(null, null)).toBeNull();
  });
});

describe('allowedActions', () => {
  const none = counts({ total: 5 });
  const someFailed = counts({ total: 5, failed: 2, completed: 3 });
  it('pauses a running or queueing batch, resumes a paused one', () => {
    expect(allowedActions('RUNNING', none)).toEqual({ pause: true, resume: false, cancel: true, retryFailed: false });
    expect(allowedActions('QUEUEING', none)).toMatchObject({ pause: true, cancel: true });
    expect(allowedActions('PAUSED', none)).toEqual({ pause: false, resume: true, cancel: true, retryFailed: false });
  });

  it('retries failed replays of a running, paused or completed batch only', () => {
    expect(allowedActions('COMPLETED', someFailed)).toEqual({ pause: false, resume: false, cancel: false, retryFailed: true });
    expect(allowedActions('RUNNING', someFailed).retryFailed).toBe(true);
    expect(allowedActions('QUEUEING', someFailed).retryFailed).toBe(false);
    expect(allowedActions('CANCELLED', someFailed).retryFailed).toBe(false);
    expect(allowedActions('BUDGET_EXCEEDED', someFailed)).toEqual({ pause: false, resume: false, cancel: false, retryFailed: false });
  });
});

describe('shares', () => {
  it('is each state over the total', () => {
    expect(shares(counts({ total: 4, completed: 2, failed: 1, queued: 1 }))).toEqual({ completed: 0.5, failed: 0.25, cancelled: 0, skipped: 0, running: 0, queued: 0.25 });
    expect(shares(counts({})).completed).toBe(0);
  });
});

describe('formatting', () => {
  it('writes durations the way people say them', () => {
    expect(formatDuration(0.2)).toBe('under a second');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7_500)).toBe('2 h 05 min');
  });

  it('writes slow rates per minute', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(12.4)).toBe('12 / s');
    expect(formatRate(2.44)).toBe('2.4 / s');
    expect(formatRate(0.05)).toBe('3.0 / min');
    expect(formatRate(0.5)).toBe('30 / min');
  });
});
