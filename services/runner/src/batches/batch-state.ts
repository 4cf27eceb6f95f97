import type { BatchCounts, BatchStatus, RedisKeys } from '@reprise/contracts';
import type { Redis } from 'ioredis';
import { batchKeys, lastingKeys, type BatchKeys } from './batch-keys.js';
import { CHUNK, CONFIRM_PARK, CONTROL, ENQUEUED, FINISH, GATE, OVERDUE_WAKES, RENEW, RETRY_BEGIN } from './batch-scripts.js';

/** A batch's live state, as every runner process reads it. */
export interface LiveState {
  status: BatchStatus;
  counts: BatchCounts;
  costUsd: number;
  spentNano: number;
  reservedNano: number;
  startedAt: Date | null;
  endedAt: Date | null;
  message: string | null;
  /** Bumped by every change: a snapshot with a higher version is newer. */
  version: number;
  /** Every request of the current pass is queued (or counted). */
  enqueued: boolean;
  cursor: number;
  retryRound: number;
  /** Ends in the last 5 s (or since the start, when more recent), per second. */
  ratePerSecond: number;
}

export type GateVerdict = 'run' | 'park' | 'cancelled' | 'skipped' | 'budget' | 'done' | 'gone';
export type ReplayOutcome = 'completed' | 'failed' | 'cancelled';
export type ControlAction = 'pause' | 'resume' | 'cancel' | 'fail';
export type ControlResult =
  | { outcome: 'ok' | 'same'; wake: string[]; inFlight: string[] }
  | { outcome: 'refused'; status: BatchStatus }
  | { outcome: 'gone' };
export type RetryBegin = { outcome: 'ok'; round: number; count: number } | { outcome: 'none' | 'busy' | 'gone' } | { outcome: 'refused'; status: BatchStatus };

/** How long a batch's keys outlive its end: its progress and retryFailed read them. */
export const BATCH_STATE_TTL_SECONDS = 7 * 24 * 3600;
/** The window the rate is measured over. */
const RATE_WINDOW_MS = 5000;

interface Scripts {
  repriseBatchGate(...args: (string | number)[]): Promise<[GateVerdict, number]>;
  repriseBatchConfirmPark(...args: (string | number)[]): Promise<number>;
  repriseBatchRenew(...args: (string | number)[]): Promise<number>;
  repriseBatchFinish(...args: (string | number)[]): Promise<[string, number]>;
  repriseBatchOverdueWakes(...args: (string | number)[]): Promise<string[]>;
  repriseBatchChunk(...args: (string | number)[]): Promise<string>;
  repriseBatchEnqueued(...args: (string | number)[]): Promise<number>;
  repriseBatchControl(...args: (string | number)[]): Promise<string[]>;
  repriseBatchRetryBegin(...args: (string | number)[]): Promise<(string | number)[]>;
}

export interface NewState {
  workspaceId: string;
  concurrency: number;
  budgetUsd: number | null;
}

/**
 * A batch's live state in Redis, shared by the runner API (enqueuer,
 * controls) and every worker (gate, ends). Every change is one Lua script
 * (batch-scripts.ts); reads take a consistent snapshot in one MULTI.
 */
export class BatchStates {
  private readonly scripts: Scripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('repriseBatchGate', { numberOfKeys: 7, lua: GATE });
    redis.defineCommand('repriseBatchConfirmPark', { numberOfKeys: 3, lua: CONFIRM_PARK });
    redis.defineCommand('repriseBatchRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('repriseBatchFinish', { numberOfKeys: 8, lua: FINISH });
    redis.defineCommand('repriseBatchOverdueWakes', { numberOfKeys: 1, lua: OVERDUE_WAKES });
    redis.defineCommand('repriseBatchChunk', { numberOfKeys: 1, lua: CHUNK });
    redis.defineCommand('repriseBatchEnqueued', { numberOfKeys: 3, lua: ENQUEUED });
    redis.defineCommand('repriseBatchControl', { numberOfKeys: 3, lua: CONTROL });
    redis.defineCommand('repriseBatchRetryBegin', { numberOfKeys: 3, lua: RETRY_BEGIN });
    this.scripts = redis as unknown as Scripts;
  }

  keysOf(batchId: string): BatchKeys {
    return batchKeys(this.keys, batchId);
  }

  /** Writes a new batch's state and owner, unless they exist already (a resumed enqueuer calls it again). */
  async init(batchId: string, state: NewState): Promise<void> {
    const k = this.keysOf(batchId);
    const fields = {
      status: 'queueing',
      workspaceId: state.workspaceId,
      concurrency: state.concurrency,
      budget: state.budgetUsd ? Math.floor(state.budgetUsd * 1e9) : 0,
      spent: 0,
      reserved: 0,
      total: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
      skipped: 0,
      enqueued: '0',
      cursor: 0,
      round: 0,
      version: 1,
    };
    const multi = this.redis.multi().set(k.owner, state.workspaceId, 'NX');
    for (const [field, value] of Object.entries(fields)) multi.hsetnx(k.state, field, value);
    await multi.exec();
  }

  async exists(batchId: string): Promise<boolean> {
    return (await this.redis.exists(this.keysOf(batchId).state)) === 1;
  }

  async gate(batchId: string, runId: string, jobId: string, leaseMs: number): Promise<{ verdict: GateVerdict; endedNow: boolean }> {
    const k = this.keysOf(batchId);
    const [verdict, endedNow] = await this.scripts.repriseBatchGate(
      k.state, k.leases, k.parked, k.reserved, k.ended, k.costs, k.waking,
      Date.now(), runId, jobId, leaseMs, 'stopped before its spend would pass the budget: the replays not started are skipped',
    );
    return { verdict, endedNow: endedNow === 1 };
  }

  async confirmPark(batchId: string, jobId: string): Promise<boolean> {
    const k = this.keysOf(batchId);
    return (await this.scripts.repriseBatchConfirmPark(k.state, k.leases, k.parked, Date.now(), jobId)) === 1;
  }

  async renew(batchId: string, runId: string, leaseMs: number): Promise<void> {
    await this.scripts.repriseBatchRenew(this.keysOf(batchId).leases, Date.now(), runId, leaseMs);
  }

  async finish(batchId: string, runId: string, requestId: string, outcome: ReplayOutcome, costNano: number): Promise<{ wake: string | null; endedNow: boolean }> {
    const k = this.keysOf(batchId);
    const [wake, endedNow] = await this.scripts.repriseBatchFinish(
      k.state, k.leases, k.parked, k.reserved, k.ended, k.failed, k.ends, k.waking,
      Date.now(), runId, outcome, Math.max(0, Math.round(costNano)), requestId,
    );
    return { wake: wake || null, endedNow: endedNow === 1 };
  }

  /** Jobs handed a slot more than `overdueMs` ago that never reached the gate: to be woken again (see OVERDUE_WAKES). */
  async overdueWakes(batchId: string, overdueMs: number, dropMs: number): Promise<string[]> {
    return this.scripts.repriseBatchOverdueWakes(this.keysOf(batchId).waking, Date.now(), overdueMs, dropMs);
  }

  /** Returns the status after the chunk, or null when the batch has no state. */
  async chunk(batchId: string, chunk: { cursor: number; total: number | null; skipped: number; cancelled: number }): Promise<BatchStatus | null> {
    const status = await this.scripts.repriseBatchChunk(this.keysOf(batchId).state, Date.now(), chunk.cursor, chunk.total ?? '', chunk.skipped, chunk.cancelled);
    return (status || null) as BatchStatus | null;
  }

  async enqueued(batchId: string, total: number | null, missingRetries: string[] = []): Promise<boolean> {
    const k = this.keysOf(batchId);
    return (await this.scripts.repriseBatchEnqueued(k.state, k.failed, k.retry, Date.now(), total ?? '', ...missingRetries)) === 1;
  }

  async control(batchId: string, action: ControlAction, message = ''): Promise<ControlResult> {
    const k = this.keysOf(batchId);
    const [outcome, ...ids] = await this.scripts.repriseBatchControl(k.state, k.leases, k.parked, action, Date.now(), message);
    if (outcome === 'gone') return { outcome: 'gone' };
    if (outcome!.startsWith('refused:')) return { outcome: 'refused', status: outcome!.slice('refused:'.length) as BatchStatus };
    if (action === 'pause' || action === 'resume') return { outcome: outcome as 'ok' | 'same', wake: ids, inFlight: [] };
    const bar = ids.indexOf('|');
    return { outcome: outcome as 'ok' | 'same', inFlight: bar === -1 ? [] : ids.slice(0, bar), wake: bar === -1 ? [] : ids.slice(bar + 1) };
  }

  async retryBegin(batchId: string): Promise<RetryBegin> {
    const k = this.keysOf(batchId);
    const [outcome, round, count] = await this.scripts.repriseBatchRetryBegin(k.state, k.failed, k.retry, Date.now());
    const o = String(outcome);
    if (o === 'ok') return { outcome: 'ok', round: Number(round), count: Number(count) };
    if (o.startsWith('refused:')) return { outcome: 'refused', status: o.slice('refused:'.length) as BatchStatus };
    return { outcome: o as 'none' | 'busy' | 'gone' };
  }

  /** Every parked job, taken off the list: to be woken and counted once the batch stops starting replays. */
  async takeParked(batchId: string): Promise<string[]> {
    const k = this.keysOf(batchId);
    const replies = await this.redis.multi().zrange(k.parked, 0, -1).del(k.parked).exec();
    return (replies?.[0]?.[1] ?? []) as string[];
  }

  /** The failed replays a retry round is queueing again: request id → the failed run's id. */
  async retrying(batchId: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.keysOf(batchId).retry)));
  }

  /** What each replay's start reserves (nano-USD), written as the enqueuer queues them. */
  async setCosts(batchId: string, costs: [runId: string, nano: number][]): Promise<void> {
    if (costs.length) await this.redis.hset(this.keysOf(batchId).costs, ...costs.flat());
  }

  async read(batchId: string): Promise<LiveState | null> {
    return (await this.readMany([batchId]))[0] ?? null;
  }

  /** Snapshots of several batches, in one round trip. */
  async readMany(batchIds: readonly string[]): Promise<(LiveState | null)[]> {
    if (batchIds.length === 0) return [];
    const now = Date.now();
    const multi = this.redis.multi();
    for (const id of batchIds) {
      const k = this.keysOf(id);
      multi.hgetall(k.state).zremrangebyscore(k.leases, '-inf', now).zcard(k.leases).zcount(k.ends, now - RATE_WINDOW_MS, '+inf');
    }
    const replies = (await multi.exec()) ?? [];
    return batchIds.map((_id, i) => {
      const [stateReply, , leasesReply, endsReply] = replies.slice(i * 4, i * 4 + 4);
      const hash = (stateReply?.[1] ?? {}) as Record<string, string>;
      if (!hash.status) return null;
      return liveStateOf(hash, Number(leasesReply?.[1] ?? 0), Number(endsReply?.[1] ?? 0), now);
    });
  }

  /** Once a batch has ended: its keys go after a while. */
  async expire(batchId: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of lastingKeys(this.keysOf(batchId))) multi.expire(key, BATCH_STATE_TTL_SECONDS);
    await multi.exec();
  }

  /** A batch running again (a retry round): its keys stay while it runs. */
  async persist(batchId: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of lastingKeys(this.keysOf(batchId))) multi.persist(key);
    await multi.exec();
  }
}

const num = (v: string | undefined) => (v === undefined || v === '' ? 0 : Number(v));
const date = (v: string | undefined) => (v ? new Date(Number(v)) : null);

function liveStateOf(hash: Record<string, string>, running: number, recentEnds: number, now: number): LiveState {
  const total = num(hash.total);
  const ended = { completed: num(hash.completed), failed: num(hash.failed), cancelled: num(hash.cancelled), skipped: num(hash.skipped) };
  const endedCount = ended.completed + ended.failed + ended.cancelled + ended.skipped;
  const startedAt = date(hash.startedAt);
  const endedAt = date(hash.endedAt);
  // Over the window, or since the start when that is more recent (a young batch is not slow).
  const windowMs = startedAt ? Math.min(RATE_WINDOW_MS, Math.max(1000, now - startedAt.getTime())) : RATE_WINDOW_MS;
  return {
    status: hash.status as BatchStatus,
    counts: { total, queued: Math.max(0, total - running - endedCount), running, ...ended },
    costUsd: Math.round(num(hash.spent)) / 1e9,
    spentNano: num(hash.spent),
    reservedNano: num(hash.reserved),
    startedAt,
    endedAt,
    message: hash.message || null,
    version: num(hash.version),
    enqueued: hash.enqueued === '1',
    cursor: num(hash.cursor),
    retryRound: num(hash.round),
    ratePerSecond: endedAt ? 0 : Math.round((recentEnds / (windowMs / 1000)) * 100) / 100,
  };
}
