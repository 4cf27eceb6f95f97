/**
 * Interactive runs first, within one worker process: while an interactive
 * run of this process is in flight, bulk replays wait before they start
 * (`clear()`), so a person's run does not queue for the event loop, the
 * Redis connections and the CPU behind hundreds of replays. Replays already
 * running finish. A batch on a busy playground therefore slows down, which
 * is the order the product promises ("bulk work always runs below
 * interactive runs"); other worker processes do not see this process's runs.
 */
export class InteractiveLane {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    if (--this.inFlight > 0) return;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Resolves at once when no interactive run is in flight, else when the last one ends. */
  clear(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
