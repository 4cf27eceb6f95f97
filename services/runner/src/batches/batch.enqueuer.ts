import { readChunks } from './read-chunks.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_OWNER_TTL_SECONDS, type RedisKeys, type RunJob, type SelectedRequest } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Redis } from 'ioredis';
import type { BatchDoc, BatchRepository } from '../models/batch/index.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { EstimateTally } from './batch-estimate.js';
import type { BatchProgressPublisher } from './batch-progress.js';
import type { BatchStates } from './batch-state.js';
import { planOf } from './batch-view.js';
import type { HistoryClient } from './history.client.js';
import { replayJobId } from './replay-ids.js';
import { ReplayPlanner, type BatchPlan, type ReplayTarget } from './replay-plan.js';
import { wakeJobs, type ReplaysQueue } from './replays.queue.js';

export interface EnqueuerOptions {
  /** A plain connection (owners, claims); not BullMQ's. */
  redis: Redis;
  keys: RedisKeys;
  states: BatchStates;
  progress: BatchProgressPublisher;
  batches: BatchRepository;
  replays: ReplaysQueue;
  history: HistoryClient;
  providers: ProviderRegistry;
  logger: Logger;
  /** Jobs per addBulk after the first. @default 500 */
  chunkSize?: number;
  /** The first addBulk's jobs: few, so the first replays start at once. @default 50 */
  firstChunkSize?: number;
  /** How long a claim on a batch lasts unless renewed (a killed API's batches are taken over after it). @default 15_000 */
  claimMs?: number;
  /** How often to look for batches whose enqueuing stopped (another API stopped mid-way). @default 10_000 */
  scanMs?: number;
  /** Passes tried before the batch fails, when history (or Redis) errs mid-way. @default 5 */
  maxReads?: number;
}

/**
 * Renews (or releases) a claim while it is ours; one that lapsed unnoticed
 * (this process was held up past its expiry) and that nobody took is taken
 * again. KEYS: claim. ARGV: owner, ms (0: release). Returns 0 when another
 * process holds it.
 */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if tonumber(ARGV[2]) == 0 then
  if holder == ARGV[1] then redis.call('DEL', KEYS[1]) end
  return 1
end
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** How long a chunk of the selection may wait to fill before it is queued as it is. */
const CHUNK_WAIT_MS = 100;

interface Pending {
  request: SelectedRequest;
  target: ReplayTarget;
  job: RunJob;
  jobId: string;
  reserveNano: number;
  /** Past the stored cursor: never counted before (a resumed pass queues the earlier ones again, uncounted). */
  fresh: boolean;
}

interface Pass {
  abort: AbortController;
  /** Asked for again while running: another pass follows. */
  again: boolean;
  done: Promise<void>;
}

/** Another runner API took the batch over (this one's claim lapsed): this pass stops. */
class ClaimLost extends Error {}

/**
 * Queues a batch's replays: streams the selection from history once (only
 * requests started before the batch's creation, so a second read gives the
 * same ones), one run job per request, added in chunks. After each chunk
 * the batch's cursor (requests queued, in history's order) is stored with
 * its counts, in one script; a runner API that stops mid-way leaves the
 * batch `enqueue.done: false`, and the next one to start (or to scan) reads
 * the selection again and queues every request again: history streams it
 * in storage order, which need not repeat, so the cursor only says how many
 * were counted. Job id = run id, derived from batch and request: a job
 * queued twice adds nothing (and a replay that already ended is not run
 * again: the batch's `ended` hash says so). A claim in Redis
 * keeps two APIs from enqueuing one batch at once.
 */
export class BatchEnqueuer {
  private readonly id = randomUUID();
  private readonly passes = new Map<string, Pass>();
  private readonly scan: NodeJS.Timeout;
  private readonly chunkSize: number;
  private readonly firstChunkSize: number;
  private readonly claimMs: number;
  private readonly maxReads: number;
  private closed = false;

  constructor(private readonly options: EnqueuerOptions) {
    this.chunkSize = options.chunkSize ?? 500;
    this.firstChunkSize = options.firstChunkSize ?? 50;
    this.claimMs = options.claimMs ?? 15_000;
    this.maxReads = options.maxReads ?? 5;
    options.redis.defineCommand('repriseBatchClaim', { numberOfKeys: 1, lua: CLAIM });
    this.scan = setInterval(() => void this.resumeUnfinished(), options.scanMs ?? 10_000);
    this.scan.unref();
  }

  /**
   * Starts (or goes on with) the batch's enqueuing in the background. If
   * this process is at it already, another pass follows the one running (a
   * retry round asked for as the last pass ends).
   */
  start(doc: BatchDoc): void {
    if (this.closed) return;
    const running = this.passes.get(doc._id);
    if (running) {
      running.again = true;
      return;
    }
    const abort = new AbortController();
    const pass: Pass = { abort, again: false, done: Promise.resolve() };
    pass.done = this.run(doc, abort.signal)
      .catch((err: unknown) => this.options.logger.error({ err, batchId: doc._id }, 'batch enqueuing failed'))
      .finally(() => {
        this.passes.delete(doc._id);
        if (pass.again && !abort.signal.aborted) this.start(doc);
      });
    this.passes.set(doc._id, pass);
  }

  /** Takes up every batch whose enqueuing did not finish and that no live runner API holds. */
  async resumeUnfinished(): Promise<void> {
    if (this.closed) return;
    try {
      for (const doc of await this.options.batches.unfinishedEnqueues()) this.start(doc);
    } catch (err) {
      this.options.logger.warn({ err }, 'could not look for batches to resume enqueuing');
    }
  }

  /** Stops every pass at its next request (the batches stay resumable) and releases their claims. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.scan);
    for (const pass of this.passes.values()) pass.abort.abort();
    await Promise.all([...this.passes.values()].map((p) => p.done));
  }

  private claim(batchId: string, ms: number): Promise<number> {
    const key = this.options.states.keysOf(batchId).enqueuer;
    return (this.options.redis as unknown as { repriseBatchClaim(...a: (string | number)[]): Promise<number> }).repriseBatchClaim(key, this.id, ms);
  }

  private async run(doc: BatchDoc, signal: AbortSignal): Promise<void> {
    const { redis, states, batches, logger } = this.options;
    const k = states.keysOf(doc._id);
    if ((await redis.set(k.enqueuer, this.id, 'PX', this.claimMs, 'NX')) !== 'OK') return;
    let lost = false;
    const renew = setInterval(() => {
      this.claim(doc._id, this.claimMs)
        .then((ok) => {
          if (!ok) lost = true;
        })
        .catch(() => {});
    }, this.claimMs / 3);
    try {
      const plan = planOf(doc);
      // A batch whose state is gone (Redis was emptied) starts its state again; its jobs' ids keep it from running twice.
      await states.init(plan.id, { workspaceId: plan.workspaceId, concurrency: plan.options.concurrency, budgetUsd: plan.options.budgetUsd ?? null });
      const live = await states.read(plan.id);
      if (!live) return;
      if (live.enqueued) {
        // Queued by an enqueuer whose claim ran out before it wrote the end (a busy machine): written here, cursor included.
        await batches.setEnqueue(plan.id, { done: true, cursor: live.cursor });
        return;
      }
      for (let read = 1; ; read++) {
        try {
          const retrying = await states.retrying(plan.id);
          if (retrying.size) await this.retryPass(plan, live.retryRound, retrying, signal, () => lost);
          else await this.firstPass(plan, signal, () => lost);
          break;
        } catch (err) {
          if (signal.aborted || err instanceof ClaimLost) return;
          // History unreachable (or Redis, mid-chunk): the pass goes on from the stored cursor, a few times.
          if (read >= this.maxReads) {
            await this.fail(plan.id, `could not queue the batch's requests: ${(err as Error).message}`);
            await batches.setEnqueue(plan.id, { done: true });
            return;
          }
          logger.warn({ err, batchId: plan.id, read }, 'enqueuing stopped on an error; going on from the cursor');
          await sleep(Math.min(30_000, 500 * 2 ** read), undefined, { signal }).catch(() => {});
          if (signal.aborted) return;
        }
      }
      await batches.setEnqueue(plan.id, { done: true, cursor: (await states.read(plan.id))?.cursor ?? 0 });
    } finally {
      clearInterval(renew);
      await this.claim(doc._id, 0).catch(() => {});
    }
  }

  /** The whole selection, every time; the estimate is made of every request. */
  private async firstPass(plan: BatchPlan, signal: AbortSignal, isLost: () => boolean): Promise<void> {
    const { states, history, providers, batches, progress } = this.options;
    const cursor = (await states.read(plan.id))?.cursor ?? 0;
    const planner = new ReplayPlanner(providers, plan);
    const tally = new EstimateTally();
    let position = 0;
    const requests = history.selection({ workspaceId: plan.workspaceId, selection: plan.selection, startedBefore: plan.selectedBefore.toISOString() }, signal);
    // A chunk goes as soon as it is full, or CHUNK_WAIT_MS after its first request: the replays read so far never wait on the rest.
    for await (const chunk of readChunks(requests, (n) => (n === 0 ? this.firstChunkSize : this.chunkSize), CHUNK_WAIT_MS)) {
      const pending: Pending[] = [];
      for (const request of chunk) {
        position++;
        const target = await planner.target(request);
        pending.push({ request, target, job: planner.job(request, target), jobId: replayJobId(plan.id, request.id), reserveNano: 0, fresh: position > cursor });
      }
      await this.queue(plan, planner, pending, { cursor: position, total: position }, isLost, tally);
    }
    if (isLost()) throw new ClaimLost();
    await batches.setEstimate(plan.id, JSON.stringify(tally.result()));
    const endedNow = await states.enqueued(plan.id, position);
    await (endedNow ? progress.ended(plan.id) : progress.changed(plan.id));
  }

  /** A retry round: the failed replays' requests read again by id, each queued as a new run. */
  private async retryPass(plan: BatchPlan, round: number, retrying: Map<string, string>, signal: AbortSignal, isLost: () => boolean): Promise<void> {
    const { states, history, providers, progress } = this.options;
    const planner = new ReplayPlanner(providers, plan);
    const seen = new Set<string>();
    let pending: Pending[] = [];
    const cursor = (await states.read(plan.id))?.cursor ?? 0;
    const requests = history.selection({ workspaceId: plan.workspaceId, selection: { ids: [...retrying.keys()] }, startedBefore: plan.selectedBefore.toISOString() }, signal);
    for await (const request of requests) {
      if (!retrying.has(request.id) || seen.has(request.id)) continue;
      seen.add(request.id);
      const target = await planner.target(request);
      pending.push({ request, target, job: planner.job(request, target, round), jobId: replayJobId(plan.id, request.id, round), reserveNano: 0, fresh: true });
      if (pending.length >= this.chunkSize) {
        await this.queue(plan, planner, pending, { cursor, total: null }, isLost, null);
        pending = [];
      }
    }
    if (pending.length) await this.queue(plan, planner, pending, { cursor, total: null }, isLost, null);
    if (isLost()) throw new ClaimLost();
    // A request history no longer has cannot be retried: it counts as failed again.
    const missing = [...retrying.keys()].filter((id) => !seen.has(id));
    const endedNow = await states.enqueued(plan.id, null, missing);
    await (endedNow ? progress.ended(plan.id) : progress.changed(plan.id));
  }

  /**
   * One chunk: each run's owner (so its events can be watched) and what its
   * start reserves, then the jobs, then the cursor and counts. A batch
   * cancelled or out of budget meanwhile gets the chunk counted instead of
   * queued: nothing of it would run. The chunk is priced (tokens counted)
   * before it is queued when the batch has a budget, since the gate reads
   * the reservations; otherwise after, so that the first replays do not
   * wait for the tokenizer (whose first use loads its ranks).
   */
  private async queue(
    plan: BatchPlan,
    planner: ReplayPlanner,
    pending: Pending[],
    at: { cursor: number; total: number | null },
    isLost: () => boolean,
    tally: EstimateTally | null,
  ): Promise<void> {
    if (isLost()) throw new ClaimLost();
    const price = async () => {
      for (const p of pending) {
        const priced = await planner.price(p.request, p.target);
        p.reserveNano = priced.reserveNano;
        tally?.add(p.target, priced);
      }
    };
    const budgeted = Boolean(plan.options.budgetUsd);
    if (budgeted) await price();
    await this.add(plan, pending, at);
    if (!budgeted && tally) await price();
  }

  private async add(plan: BatchPlan, pending: Pending[], at: { cursor: number; total: number | null }): Promise<void> {
    const { redis, keys, states, replays, progress } = this.options;
    const status = await redis.hget(states.keysOf(plan.id).state, 'status');
    let skipped = 0;
    let cancelled = 0;
    // What a pass before a restart already counted is not counted again.
    const fresh = pending.filter((p) => p.fresh).length;
    if (status === 'cancelled') cancelled = fresh;
    else if (status === 'budget_exceeded' || status === 'failed') skipped = fresh;
    else {
      const setup = redis.multi();
      for (const { job } of pending) setup.set(keys.runOwner(job.runId), plan.workspaceId, 'EX', RUN_OWNER_TTL_SECONDS);
      if (plan.options.budgetUsd) setup.hset(states.keysOf(plan.id).costs, ...pending.flatMap((p) => [p.job.runId, p.reserveNano]));
      await setup.exec();
      await replays.addBulk(pending.map(({ job, jobId }) => ({ name: 'replay', data: job, opts: { jobId } })));
    }
    const after = await states.chunk(plan.id, { ...at, skipped, cancelled });
    if (after === null) throw new Error('the batch has no live state');
    progress.changed(plan.id);
  }

  private async fail(batchId: string, message: string): Promise<void> {
    const { states, replays, progress, logger } = this.options;
    logger.error({ batchId, message }, 'batch failed');
    const result = await states.control(batchId, 'fail', message);
    if (result.outcome === 'ok') await wakeJobs(replays, result.wake);
    await progress.ended(batchId);
  }
}
