import type { Logger } from '@reprise/runtime';
import type { Redis } from 'ioredis';

/** One Redis Stream entry: its id and its field/value list. */
export interface StreamEntry {
  id: string;
  fields: string[];
}

export type StreamSubscription = AsyncIterableIterator<StreamEntry>;

type RawEntries = [id: string, fields: string[]][];

/** Orders Redis Stream ids (`ms-seq`). */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/**
 * One reader of one stream for one subscriber. Entries at or before `lastId`
 * are dropped, so a subscriber that resumes from an id never sees an entry twice.
 */
class Reader implements StreamSubscription {
  private readonly queue: StreamEntry[] = [];
  private waiting: ((r: IteratorResult<StreamEntry>) => void) | null = null;
  private done = false;
  /** Entries the hub delivered while this reader was reading older history. */
  private held: StreamEntry[] | null = null;

  constructor(
    public lastId: string,
    private readonly onClose: (reader: Reader) => void,
  ) {}

  hold(): void {
    this.held = [];
  }

  /** Delivers the older entries read meanwhile, then the live ones held back. */
  release(older: StreamEntry[]): void {
    const held = this.held ?? [];
    this.held = null;
    for (const entry of older) this.deliver(entry);
    for (const entry of held) this.deliver(entry);
  }

  /** A live entry from the hub. */
  push(entry: StreamEntry): void {
    if (this.held) this.held.push(entry);
    else this.deliver(entry);
  }

  private deliver(entry: StreamEntry): void {
    if (this.done) return;
    if (compareStreamIds(entry.id, this.lastId) <= 0) return;
    this.lastId = entry.id;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: entry, done: false });
    } else {
      this.queue.push(entry);
    }
  }

  next(): Promise<IteratorResult<StreamEntry>> {
    const entry = this.queue.shift();
    if (entry) return Promise.resolve({ value: entry, done: false });
    if (this.done) return this.return();
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<StreamEntry>> {
    if (!this.done) {
      this.done = true;
      this.queue.length = 0;
      this.onClose(this);
      this.waiting?.({ value: undefined, done: true });
      this.waiting = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

interface Tail {
  /** The id after which the hub reads next. */
  cursor: string;
  readers: Set<Reader>;
}

export interface StreamHubOptions {
  /** Connection for XRANGE and CLIENT UNBLOCK. */
  redis: Redis;
  /** A dedicated connection: it spends its life blocked in XREAD. */
  blockingRedis: Redis;
  logger: Logger;
  /** Upper bound on a missed wake-up. @default 1000 */
  blockMs?: number;
}

/**
 * Tails many Redis Streams for many subscribers with one blocking connection:
 * a single XREAD BLOCK covers every stream someone is subscribed to, and is
 * interrupted (CLIENT UNBLOCK) when a new stream joins. A subscriber starting
 * from an id older than the hub's position reads the gap with XRANGE first,
 * holding live entries meanwhile, so it gets every entry once and in order.
 */
export class StreamHub {
  private readonly tails = new Map<string, Tail>();
  private readonly redis: Redis;
  private readonly blocking: Redis;
  private readonly logger: Logger;
  private readonly blockMs: number;
  private blockingClientId: number | null = null;
  private keysChanged = false;
  private idle: (() => void) | null = null;
  private closed = false;
  private loop: Promise<void> | null = null;

  constructor({ redis, blockingRedis, logger, blockMs = 1000 }: StreamHubOptions) {
    this.redis = redis;
    this.blocking = blockingRedis;
    this.logger = logger;
    this.blockMs = blockMs;
  }

  async start(): Promise<void> {
    this.blockingClientId = Number(await this.blocking.client('ID'));
    this.loop = this.run();
  }

  /** Every entry of `key` after `afterId` ('0-0' for all), then live entries, until the subscriber leaves. */
  async subscribe(key: string, afterId = '0-0'): Promise<StreamSubscription> {
    const reader = new Reader(afterId, (r) => this.leave(key, r));
    const tail = this.tails.get(key);
    if (!tail) {
      this.tails.set(key, { cursor: afterId, readers: new Set([reader]) });
      this.wake();
      return reader;
    }
    tail.readers.add(reader);
    if (compareStreamIds(afterId, tail.cursor) < 0) {
      reader.hold();
      let gap: RawEntries = [];
      try {
        gap = (await this.redis.xrange(key, `(${afterId}`, tail.cursor)) as RawEntries;
      } finally {
        reader.release(gap.map(([id, fields]) => ({ id, fields })));
      }
    }
    return reader;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle?.();
    this.wake();
    await this.loop;
  }

  private leave(key: string, reader: Reader): void {
    const tail = this.tails.get(key);
    if (!tail) return;
    tail.readers.delete(reader);
    // The blocking XREAD still names this stream; that is harmless and it
    // drops out of the next one.
    if (tail.readers.size === 0) this.tails.delete(key);
  }

  /** Makes the loop re-read its stream list now rather than after its block times out. */
  private wake(): void {
    this.keysChanged = true;
    if (this.idle) {
      this.idle();
      this.idle = null;
      return;
    }
    void this.unblock();
  }

  private async unblock(): Promise<void> {
    // CLIENT UNBLOCK can reach Redis before an XREAD already sent on the other
    // connection; retry until the loop has taken the change in.
    for (let attempt = 0; attempt < 50 && this.keysChanged && this.blockingClientId !== null; attempt++) {
      try {
        const unblocked = await this.redis.client('UNBLOCK', this.blockingClientId);
        if (Number(unblocked) === 1) return;
      } catch (err) {
        this.logger.warn({ err }, 'could not interrupt the stream reader');
        return;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      if (this.tails.size === 0) {
        await new Promise<void>((resolve) => (this.idle = resolve));
        continue;
      }
      this.keysChanged = false;
      const keys = [...this.tails.keys()];
      const ids = keys.map((k) => this.tails.get(k)!.cursor);
      let result: [key: string, entries: RawEntries][] | null;
      try {
        result = (await this.blocking.xread('COUNT', 1000, 'BLOCK', this.blockMs, 'STREAMS', ...keys, ...ids)) as typeof result;
      } catch (err) {
        if (this.closed) break;
        this.logger.error({ err }, 'reading run streams failed; retrying');
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      for (const [key, entries] of result ?? []) {
        const tail = this.tails.get(key);
        const lastEntry = entries.at(-1);
        if (!tail || !lastEntry) continue;
        tail.cursor = lastEntry[0];
        for (const [id, fields] of entries) {
          for (const reader of tail.readers) reader.push({ id, fields });
        }
      }
    }
  }
}
