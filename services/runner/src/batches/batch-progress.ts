import { RUN_EVENT_FIELD, TERMINAL_BATCH_STATUSES, type BatchProgress } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Redis } from 'ioredis';
import type { BatchRepository } from '../models/batch/index.js';
import type { BatchStates, LiveState } from './batch-state.js';

/** Entries kept in a batch's stream: a late subscriber needs only the last. */
const STREAM_MAXLEN = 100;

/**
 * Appends a snapshot unless a newer one is there: snapshots come from
 * several processes, and one read before the batch ended must not land
 * after its final entry.
 * KEYS: state, stream. ARGV: version, entry JSON, max length, field name.
 */
const APPEND = `
local last = tonumber(redis.call('HGET', KEYS[1], 'published') or '0')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('HSET', KEYS[1], 'published', ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', ARGV[4], ARGV[2])
return 1
`;

export function progressOf(batchId: string, live: LiveState): BatchProgress {
  const ended = TERMINAL_BATCH_STATUSES.includes(live.status);
  const left = live.counts.queued + live.counts.running;
  return {
    batchId,
    status: live.status,
    counts: live.counts,
    costUsd: live.costUsd,
    ratePerSecond: live.ratePerSecond,
    etaSeconds: ended ? 0 : live.ratePerSecond > 0 ? Math.round((left / live.ratePerSecond) * 10) / 10 : null,
    at: new Date().toISOString(),
    version: live.version,
  };
}

export interface ProgressOptions {
  redis: Redis;
  states: BatchStates;
  batches: BatchRepository;
  logger: Logger;
  /** At most one stream entry per batch this often, across processes. @default 250 */
  publishMs?: number;
  /** At most one document write per batch this often, across processes (FerretDB is slow at many small writes). @default 1000 */
  syncMs?: number;
}

/**
 * Tells the world how a batch is doing, however fast its replays end: a
 * change marks the batch, and a tick publishes each marked batch's whole
 * state to its stream at most every 250 ms and writes it to its document at
 * most every second; a lock in Redis per batch holds the pace across every
 * process. The end is published and written at once, and its keys set to
 * expire.
 */
export class BatchProgressPublisher {
  private readonly toPublish = new Set<string>();
  private readonly toSync = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly publishMs: number;
  private readonly syncMs: number;
  private ticking = false;

  constructor(private readonly options: ProgressOptions) {
    this.publishMs = options.publishMs ?? 250;
    this.syncMs = options.syncMs ?? 1000;
    options.redis.defineCommand('repriseBatchAppend', { numberOfKeys: 2, lua: APPEND });
    this.timer = setInterval(() => void this.tick(), Math.min(this.publishMs, this.syncMs) / 2);
    this.timer.unref();
  }

  /** The batch changed: published within publishMs, written within syncMs. */
  changed(batchId: string): void {
    this.toPublish.add(batchId);
    this.toSync.add(batchId);
  }

  /** The batch ended (or may have): its final state, published and written now. Safe to call more than once. */
  async ended(batchId: string): Promise<void> {
    const live = await this.now(batchId);
    if (live?.endedAt) await this.options.states.expire(batchId);
  }

  /**
   * Publishes and writes the batch's state at once, unpaced: after a
   * person's action (pause, resume, cancel, retry), a subscriber that comes
   * right after must not start from the state before it.
   */
  async now(batchId: string): Promise<LiveState | null> {
    this.toPublish.delete(batchId);
    this.toSync.delete(batchId);
    const live = await this.options.states.read(batchId);
    if (live) await Promise.all([this.append(batchId, live), this.write(batchId, live)]);
    return live;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await Promise.all([
        ...[...this.toPublish].map((id) => this.paced(id, 'progressLock', this.publishMs, this.toPublish, (live) => this.append(id, live))),
        ...[...this.toSync].map((id) => this.paced(id, 'syncLock', this.syncMs, this.toSync, (live) => this.write(id, live))),
      ]);
    } catch (err) {
      this.options.logger.warn({ err }, 'batch progress tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Does `work` if no process did it for this batch in the last `ms`; otherwise the batch stays marked for the next tick. */
  private async paced(batchId: string, lock: 'progressLock' | 'syncLock', ms: number, marked: Set<string>, work: (live: LiveState) => Promise<void>) {
    const { redis, states } = this.options;
    if ((await redis.set(states.keysOf(batchId)[lock], '1', 'PX', ms, 'NX')) !== 'OK') return;
    marked.delete(batchId);
    const live = await states.read(batchId);
    if (live) await work(live);
  }

  private async append(batchId: string, live: LiveState): Promise<void> {
    const k = this.options.states.keysOf(batchId);
    const append = (this.options.redis as unknown as { repriseBatchAppend(...args: (string | number)[]): Promise<number> }).repriseBatchAppend;
    await append.call(this.options.redis, k.state, k.stream, live.version, JSON.stringify(progressOf(batchId, live)), STREAM_MAXLEN, RUN_EVENT_FIELD);
  }

  private async write(batchId: string, live: LiveState): Promise<void> {
    await this.options.batches.sync(batchId, live.version, {
      status: live.status,
      counts: live.counts,
      costUsd: live.costUsd,
      startedAt: live.startedAt,
      endedAt: live.endedAt,
      message: live.message,
    });
  }

  /** Publishes and writes what is still marked, then stops. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const marked = new Set([...this.toPublish, ...this.toSync]);
    this.toPublish.clear();
    this.toSync.clear();
    await Promise.all(
      [...marked].map(async (id) => {
        const live = await this.options.states.read(id);
        if (live) await Promise.all([this.append(id, live), this.write(id, live)]);
      }),
    ).catch((err: unknown) => this.options.logger.warn({ err }, 'batch progress could not be flushed'));
  }
}
