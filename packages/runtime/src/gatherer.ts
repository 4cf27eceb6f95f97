/**
 * Items that arrive within `maxWaitMs` of the first (up to `maxBatch`),
 * handed to `flush` together; each `add` resolves when the flush that took
 * its item succeeded, and rejects with its error when it failed. The
 * record queue's producer (bulk replays' records, one job for many) and its
 * consumer (one insert for many) both gather this way.
 */
export class Gatherer<T> {
  private pending: { item: T; done: (err?: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flushItems: (items: T[]) => Promise<unknown>,
    private readonly maxBatch: number,
    private readonly maxWaitMs: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  /** Flushes what is held now and waits for every flush under way. */
  async close(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Never more than maxBatch: add flushes as soon as it is reached.
    const batch = this.pending.splice(0);
    if (!batch.length) return;
    const flushed = Promise.resolve()
      .then(() => this.flushItems(batch.map((b) => b.item)))
      .then(
        () => batch.forEach((b) => b.done()),
        (err: unknown) => batch.forEach((b) => b.done(err ?? new Error('the flush failed'))),
      );
    this.inFlight.add(flushed);
    void flushed.finally(() => this.inFlight.delete(flushed));
  }
}
