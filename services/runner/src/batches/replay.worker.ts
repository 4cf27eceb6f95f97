import type { InteractiveLane } from '../queues/interactive-lane.js';
import { isTerminal, QueueName, redisKeys, RUN_EVENT_FIELD, runEventSchema, type RecordJob, type RunJob } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ProviderLimiter } from '../limits/provider-limiter.js';
import { openBatchDatabase } from '../models/batch/index.js';
import type { RetryPolicy } from '../providers/provider-errors.js';
import type { ProviderDatabaseOptions, ProviderRegistry } from '../providers/provider-registry.js';
import type { CancelSignals } from '../queues/cancellation.js';
import type { RecordQueue } from '../queues/queues.js';
import { GatheredRecords } from '../queues/record-sink.js';
import { createRunProcessor } from '../queues/run.processor.js';
import { BatchProgressPublisher } from './batch-progress.js';
import { BatchStates, type ReplayOutcome } from './batch-state.js';
import { judgeReplay, type Judgement } from './replay.judge.js';
import { toNano } from './replay-plan.js';
import { createReplaysQueue, wakeJobs } from './replays.queue.js';

export interface ReplayWorkerOptions {
  redisUrl: string;
  /** @default 'reprise' */
  redisPrefix?: string;
  /** The worker process's registry (the interactive worker's). */
  providers: ProviderRegistry;
  /** Where `runner.batches` is (the providers' database). */
  database: ProviderDatabaseOptions;
  /** The run-event connection the run processor writes with (the interactive worker's, auto-pipelined). */
  eventsRedis: Redis;
  recordQueue: RecordQueue;
  cancels: CancelSignals;
  retry: RetryPolicy;
  streamTtlSeconds: number;
  /** BullMQ's lock duration and stalled check. @default 30_000 */
  stalledMs?: number;
  /** Replays processed at once by this process, parked ones aside; its own, so bulk work never takes an interactive run's slot. @default 50 */
  concurrency?: number;
  /**
   * How long a parked job waits before it looks again by itself. It is
   * normally woken as soon as a slot frees; this only bounds a lost wake-up
   * (a worker killed between freeing a slot and waking the next). @default 300_000
   */
  parkMs?: number;
  /** How often the worker resends wakes that did not arrive (a worker killed between freeing a slot and waking the next). @default 2_000 */
  wakeCheckMs?: number;
  /** A running replay's slot lasts this long unless renewed (every third of it), so a killed worker's slot frees itself. @default 120_000 */
  leaseMs?: number;
  /** @default 250 */
  publishMs?: number;
  /** @default 1000 */
  syncMs?: number;
  /** The process's interactive runs: a replay waits to start while one is in flight. */
  lane?: InteractiveLane;
  logger: Logger;
}

export interface ReplayWorker {
  close(): Promise<void>;
}

/** How a replay ended, for its batch's counts and spend. */
interface ReplayEnd {
  status: ReplayOutcome;
  /** USD: the replay's cost and its judge's. */
  costUsd: number;
}

/**
 * The consumer of the `replays` queue. Each job passes its batch's gate
 * (batch-scripts.ts GATE) before it runs: a slot under the batch's
 * concurrency, its estimated cost reserved under the budget, the batch
 * neither paused nor stopped. A job that finds no slot is parked: moved to
 * BullMQ's delayed set, its id noted in the batch's `parked` set, and
 * promoted back to waiting when a replay of its batch ends (or the batch is
 * resumed). So a waiting replay holds neither a worker slot nor a Redis
 * connection, and one batch's backlog never keeps another batch's replays
 * from the workers. Past the gate, the job runs through the same run
 * processor as an interactive run; its end is counted once (by run id),
 * its slot and reservation released and its real cost added.
 */
export async function startReplayWorker(options: ReplayWorkerOptions): Promise<ReplayWorker> {
  const { redisUrl, redisPrefix = 'reprise', providers, logger } = options;
  const { stalledMs = 30_000, concurrency = 50, parkMs = 300_000, leaseMs = 120_000, wakeCheckMs = 2_000 } = options;
  const keys = redisKeys(redisPrefix);
  const log = logger.child({ component: 'replay-worker' });
  const db = await openBatchDatabase(options.database);
  // The batches' scripts (a gate and a finish per replay), auto-pipelined: those issued in one turn leave in one write.
  const stateRedis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const limiterRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queueRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const workerRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const states = new BatchStates(stateRedis, keys);
  const progress = new BatchProgressPublisher({ redis: stateRedis, states, batches: db.batches, logger: log, publishMs: options.publishMs, syncMs: options.syncMs });
  const replays = createReplaysQueue(queueRedis, redisPrefix);
  const limiter = new ProviderLimiter({ redis: limiterRedis, keys });
  const judgeDeps = { providers, limiter, retry: options.retry, logger: log };
  // Replays that end together are recorded together: one job for history, not one each.
  const records = new GatheredRecords(options.recordQueue);

  /** The ends seen by the processor's hook, until the job that ran them counts them. */
  const ends = new Map<string, ReplayEnd>();

  /** The judge's verdict, once per run: a job run again after the judge answered reuses it instead of paying again. */
  async function judged(run: RunJob, record: RecordJob): Promise<Judgement> {
    const key = states.keysOf(run.batchId!).judged;
    const kept = await stateRedis.hget(key, run.runId);
    if (kept) return JSON.parse(kept) as Judgement;
    const judgement = await judgeReplay(judgeDeps, run, record);
    await stateRedis.hset(key, run.runId, JSON.stringify(judgement));
    return judgement;
  }

  const processRun = createRunProcessor({
    providers,
    redis: options.eventsRedis,
    keys,
    records,
    cancels: options.cancels,
    limiter,
    retry: options.retry,
    streamTtlSeconds: options.streamTtlSeconds,
    logger,
    bulk: true,
    // Before the record is queued: the judge's verdict goes on it, and the end is noted for the batch.
    async onEnd(run, { record }) {
      if (!run.batchId) return;
      const judgement = run.judge && record.status === 'completed' ? await judged(run, record) : null;
      ends.set(run.runId, { status: record.status, costUsd: (record.cost ?? 0) + (judgement?.costUsd ?? 0) });
      return judgement ? { ...record, judge: judgement.verdict } : record;
    },
  });

  /**
   * How a replay ended when this job did not see it end: a job run again
   * after its worker died past the run's end, whose processor finds the run
   * already over. The run's terminal event says, with its cost; the judge's
   * verdict, kept by run id, adds the judge's.
   */
  async function endOf(run: RunJob): Promise<ReplayEnd> {
    const [[, entries], [, kept]] = (await stateRedis
      .multi()
      .xrevrange(keys.runStream(run.runId), '+', '-', 'COUNT', 1)
      .hget(states.keysOf(run.batchId!).judged, run.runId)
      .exec()) as [[unknown, [string, string[]][]], [unknown, string | null]];
    const fields = entries[0]?.[1] ?? [];
    const parsed = runEventSchema.safeParse(JSON.parse(fields[fields.indexOf(RUN_EVENT_FIELD) + 1] ?? 'null'));
    if (parsed.success && isTerminal(parsed.data)) {
      const judgeUsd = kept ? (JSON.parse(kept) as Judgement).costUsd : 0;
      return { status: parsed.data.type, costUsd: (parsed.data.type === 'completed' ? (parsed.data.cost ?? 0) : 0) + judgeUsd };
    }
    return { status: 'failed', costUsd: 0 };
  }

  async function wake(jobIds: string[]): Promise<void> {
    if (jobIds.length) await wakeJobs(replays, jobIds);
  }

  async function park(job: Job<RunJob>, token: string | undefined, batchId: string): Promise<never> {
    // Jitter: jobs parked together do not all come back together should their wake-up be lost.
    await job.moveToDelayed(Date.now() + parkMs + Math.floor(Math.random() * (parkMs / 10)), token);
    // A slot may have freed while the job was still active (its waker could not promote it): it looks once more.
    if (await states.confirmPark(batchId, job.id!)) await wake([job.id!]);
    throw new DelayedError();
  }

  /**
   * Batches this worker has taken a replay of lately → when. Their lost wakes are sent again: a worker that
   * takes up a killed one's replays (BullMQ's stalled check) thereby also wakes what the killed one had handed
   * a slot to, instead of those waiting out their park.
   */
  const seenBatches = new Map<string, number>();
  const resendLostWakes = async () => {
    for (const [batchId, seenAt] of seenBatches) {
      if (Date.now() - seenAt > parkMs) seenBatches.delete(batchId);
      else await wake(await states.overdueWakes(batchId, wakeCheckMs * 2, parkMs));
    }
  };
  const wakeCheck = setInterval(() => {
    resendLostWakes().catch((err: unknown) => log.warn({ err }, 'could not resend lost wakes'));
  }, wakeCheckMs);
  wakeCheck.unref();

  async function processReplay(job: Job<RunJob>, token?: string): Promise<void> {
    const run = job.data;
    const batchId = run.batchId;
    if (!batchId || !run.replayOf) throw new UnrecoverableError('a replay job names no batch or original request');
    seenBatches.set(batchId, Date.now());
    // Before taking a slot of its batch: a replay waiting here holds none.
    await options.lane?.clear();
    const gate = await states.gate(batchId, run.runId, job.id!, leaseMs);
    switch (gate.verdict) {
      case 'park':
        return park(job, token, batchId);
      case 'done':
      case 'gone':
        return;
      case 'budget':
      case 'cancelled':
      case 'skipped':
        // Out of budget: the parked jobs come back to be counted as skipped too.
        if (gate.verdict === 'budget') await wake(await states.takeParked(batchId));
        progress.changed(batchId);
        if (gate.endedNow) await progress.ended(batchId);
        return;
      case 'run':
        break;
    }

    const renew = setInterval(() => {
      states.renew(batchId, run.runId, leaseMs).catch((err: unknown) => log.warn({ err, runId: run.runId }, 'could not renew a replay slot'));
    }, leaseMs / 3);
    try {
      await processRun(job);
    } catch (err) {
      // Our own fault (Redis unreachable mid-run): BullMQ tries again, holding the slot. After the last
      // attempt the replay counts as failed, or its batch would wait for it forever.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        ends.delete(run.runId);
        await finish(batchId, run, { status: 'failed', costUsd: 0 });
      }
      throw err;
    } finally {
      clearInterval(renew);
    }
    const end = ends.get(run.runId) ?? (await endOf(run));
    ends.delete(run.runId);
    await finish(batchId, run, end);
  }

  /** Counts the end once, frees the slot for the oldest parked job, and tells the world. */
  async function finish(batchId: string, run: RunJob, end: ReplayEnd): Promise<void> {
    const finished = await states.finish(batchId, run.runId, run.replayOf!, end.status, toNano(end.costUsd));
    if (finished.wake) await wake([finished.wake]);
    progress.changed(batchId);
    if (finished.endedNow) await progress.ended(batchId);
  }

  const worker = new Worker<RunJob>(QueueName.Replays, processReplay, {
    connection: workerRedis,
    prefix: redisPrefix,
    concurrency,
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
    // A replay whose worker dies is taken up again; twice, not once, before BullMQ gives up on it
    // (a batch of thousands sees more worker restarts than one run does).
    maxStalledCount: 2,
  });
  worker.on('failed', (job, err) => {
    log.error({ runId: job?.data.runId, batchId: job?.data.batchId, jobId: job?.id, err }, 'replay job failed');
    // A job whose workers died more than maxStalledCount times is failed by BullMQ's stalled check
    // without reaching the processor: counted failed here (once, by run id), or its batch would wait for it forever.
    const run = job?.data;
    if (run?.batchId && run.replayOf && /stalled more than/.test(err.message)) {
      finish(run.batchId, run, { status: 'failed', costUsd: 0 }).catch((e: unknown) => log.warn({ err: e, runId: run.runId }, 'could not count a stalled replay as failed'));
    }
  });
  worker.on('error', (err) => log.error({ err }, 'replay worker error'));
  await worker.waitUntilReady();

  return {
    async close() {
      clearInterval(wakeCheck);
      await worker.close();
      await records.close();
      await progress.close();
      await replays.close();
      stateRedis.disconnect();
      limiterRedis.disconnect();
      queueRedis.disconnect();
      workerRedis.disconnect();
      await db.close();
    },
  };
}
