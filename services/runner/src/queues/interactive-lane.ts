/**
 * Interactive runs first, within one worker process: while an interactive
 * run of this process is in flight, and for a short grace after the last one
 * ends, bulk replays wait before they start (`clear()`), so a person's run
 * does not queue for the event loop, the Redis connections and the CPU
 * behind hundreds of replays. Replays already running finish.
 *
 * The grace is there because a person's runs come in bursts (a conversation
 * turn after turn, one prompt against three models, an integration's calls
 * in a row): without it, every gap between two runs would let the whole
 * bulk backlog start at once, and the next run would arrive behind it.
 *
 * A batch on a busy playground therefore slows down, which is the order the
 * product promises ("bulk work always runs below interactive runs"); other
 * worker processes do not see this process's runs.
 */
export class InteractiveLane {
  private inFlight = 0;
  private lastEndedAt = Number.NEGATIVE_INFINITY;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** @param graceMs how long replays keep waiting after the last interactive run ended. */
  constructor(private readonly graceMs = 250) {}

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    if (--this.inFlight > 0) return;
    this.lastEndedAt = performance.now();
    if (this.waiters.length) this.releaseLater(this.graceMs);
  }

  /** Resolves at once when the lane has been free for the grace, else when it has. */
  clear(): Promise<void> {
    if (this.isClear()) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.waiters.push(resolve));
    // Within the grace: woken when it is over (while a run is in flight, its end arms the timer).
    if (this.inFlight === 0) this.releaseLater(this.graceMs - (performance.now() - this.lastEndedAt));
    return waiting;
  }

  private isClear(): boolean {
    return this.inFlight === 0 && performance.now() - this.lastEndedAt >= this.graceMs;
  }

  private releaseLater(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Busy again: the next leave() arms the timer.
      if (this.inFlight > 0) return;
      const left = this.graceMs - (performance.now() - this.lastEndedAt);
      if (left > 0) return this.releaseLater(left);
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    }, delayMs);
    // A waiting replay keeps the process alive, not this timer.
    this.timer.unref();
  }
}
