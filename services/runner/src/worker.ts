import { QueueName, redisKeys, type RunJob } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ProviderLimiter } from './limits/provider-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './providers/provider-errors.js';
import { openProviderRegistry, type ProviderRegistryOptions } from './providers/provider-registry.js';
import { CancelSignals } from './queues/cancellation.js';
import { InteractiveLane } from './queues/interactive-lane.js';
import { createRecordQueue, createRedis } from './queues/queues.js';
import { GatheredRecords } from './queues/record-sink.js';
import { createRunProcessor } from './queues/run.processor.js';
import { startReplayWorker, type ReplayWorkerOptions } from './batches/replay.worker.js';

export interface RunWorkerOptions {
  redisUrl: string;
  /** Prefix of every Redis key and channel (BullMQ's, run streams, limits, cancels). @default 'reprise' */
  redisPrefix?: string;
  /** Providers and their limits (each ProviderConfig's `limits`, enforced across all workers). */
  providers: ProviderRegistryOptions;
  /** Runs processed at once by this process. @default 100 */
  concurrency?: number;
  /** @default 3600 */
  streamTtlSeconds?: number;
  /** @default DEFAULT_RETRY_POLICY */
  retry?: Partial<RetryPolicy>;
  /**
   * How soon a run whose worker died is handed to another worker: BullMQ's
   * lock duration and stalled-job check interval. @default 30_000
   */
  stalledMs?: number;
  /** The `replays` queue's consumer (bulk replays), beside the runs': its concurrency and pacing. @default concurrency 50 */
  replays?: Pick<ReplayWorkerOptions, 'concurrency' | 'parkMs' | 'leaseMs' | 'publishMs' | 'syncMs'>;
  logger: Logger;
}

export interface RunWorker {
  close(): Promise<void>;
}

/** How long an interactive run's record waits for others to end and join its job, in ms. */
const INTERACTIVE_GATHER_MS = 2;

/** Starts a worker process's consumer of the `runs` queue. */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const { redisUrl, redisPrefix = 'reprise', concurrency = 100, streamTtlSeconds = 3600, stalledMs = 30_000, logger } = options;
  const keys = redisKeys(redisPrefix);
  const providers = await openProviderRegistry(options.providers, { redisUrl, keys, logger });
  const queueRedis = createRedis(redisUrl, 'worker');
  const recordQueue = createRecordQueue(queueRedis, redisPrefix);
  // Run events get a connection of their own, auto-pipelined: the appends
  // every run makes in one turn of the event loop leave in one write instead
  // of a system call each. Not BullMQ's connection, nor the limiter's: a
  // pipeline that holds a Lua script costs a SCRIPT check of its own.
  const eventsRedis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const cancels = new CancelSignals(eventsRedis, new Redis(redisUrl, { maxRetriesPerRequest: null }), keys, logger);
  await cancels.start();
  const limiterRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // Runs that end together (a burst of runs, a comparison of variants) send
  // their records in one job; one that ends alone waits INTERACTIVE_GATHER_MS
  // for company and goes as a `record` job of its own. The wait delays only
  // its terminal event, never a token.
  const records = new GatheredRecords(recordQueue, { maxBatch: 50, maxWaitMs: INTERACTIVE_GATHER_MS });
  const processor = createRunProcessor({
    providers,
    redis: eventsRedis,
    keys,
    records,
    cancels,
    limiter: new ProviderLimiter({ redis: limiterRedis, keys }),
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    streamTtlSeconds,
    logger,
  });

  // Interactive first: while one of this process's runs is in flight, no replay starts.
  const lane = new InteractiveLane();
  const interactive = async (job: Job<RunJob>) => {
    lane.enter();
    try {
      await processor(job);
    } finally {
      lane.leave();
    }
  };
  const workerRedis = createRedis(redisUrl, 'worker');
  const worker = new Worker<RunJob>(QueueName.Runs, interactive, {
    connection: workerRedis,
    prefix: redisPrefix,
    concurrency,
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
  });
  worker.on('failed', (job, err) => logger.error({ runId: job?.data.runId, jobId: job?.id, err }, 'run job failed'));
  worker.on('error', (err) => logger.error({ err }, 'run worker error'));
  await worker.waitUntilReady();
  // Replays write their events on a connection of their own: an interactive run's events never queue behind theirs.
  const bulkEventsRedis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const replays = await startReplayWorker({
    redisUrl,
    redisPrefix,
    providers,
    database: options.providers.database,
    eventsRedis: bulkEventsRedis,
    recordQueue,
    cancels,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    streamTtlSeconds,
    stalledMs,
    lane,
    logger,
    ...options.replays,
  });

  return {
    async close() {
      await worker.close();
      await replays.close();
      await records.close();
      await recordQueue.close();
      await cancels.close();
      workerRedis.disconnect();
      queueRedis.disconnect();
      eventsRedis.disconnect();
      bulkEventsRedis.disconnect();
      limiterRedis.disconnect();
      await providers.close();
    },
  };
}
