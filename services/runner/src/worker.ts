import { QueueName, RUN_CANCEL_CHANNEL, type RunJob } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { openProviderRegistry, type ProviderRegistryOptions } from './providers/provider-registry.js';
import { ProviderLimiter, type ProviderLimits } from './limits/provider-limiter.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './providers/provider-errors.js';
import { CancelSignals } from './queues/cancellation.js';
import { createRecordQueue, createRedis } from './queues/queues.js';
import { createRunProcessor } from './queues/run.processor.js';

export interface RunWorkerOptions {
  redisUrl: string;
  /** BullMQ key prefix. @default 'reprise' */
  queuePrefix?: string;
  providers: ProviderRegistryOptions;
  /** Runs processed at once by this process. @default 100 */
  concurrency?: number;
  /** @default 3600 */
  streamTtlSeconds?: number;
  /** Limits of providers that do not carry their own, by provider id. @default none */
  providerLimits?: Record<string, ProviderLimits>;
  /** @default DEFAULT_RETRY_POLICY */
  retry?: Partial<RetryPolicy>;
  /**
   * How soon a run whose worker died is handed to another worker: BullMQ's
   * lock duration and stalled-job check interval. @default 30_000
   */
  stalledMs?: number;
  logger: Logger;
}

export interface RunWorker {
  close(): Promise<void>;
}

/** Starts a worker process's consumer of the `runs` queue. */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const { redisUrl, queuePrefix = 'reprise', concurrency = 100, streamTtlSeconds = 3600, logger } = options;
  const providers = await openProviderRegistry(options.providers, { redisUrl, logger });
  const queueRedis = createRedis(redisUrl, 'worker');
  const recordQueue = createRecordQueue(queueRedis, queuePrefix);
  // Run events get a connection of their own, auto-pipelined: the appends
  // every run makes in one turn of the event loop leave in one write instead
  // of a system call each. Not BullMQ's connection, nor the limiter's: a
  // pipeline that holds a Lua script costs a SCRIPT check of its own.
  const eventsRedis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const cancels = new CancelSignals(eventsRedis, new Redis(redisUrl, { maxRetriesPerRequest: null }), `${queuePrefix}:${RUN_CANCEL_CHANNEL}`, logger);
  await cancels.start();
  const limiterRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const limiter = new ProviderLimiter({ redis: limiterRedis, prefix: queuePrefix });
  const processor = createRunProcessor({
    providers,
    redis: eventsRedis,
    recordQueue,
    cancels,
    limiter,
    // A workspace's provider carries its own limits; built-ins take them from options.
    limitsFor: (_workspaceId, provider, own) => (own.concurrency || own.rpm ? own : (options.providerLimits?.[provider] ?? {})),
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    streamTtlSeconds,
    logger,
  });
  const stalledMs = options.stalledMs ?? 30_000;

  const workerRedis = createRedis(redisUrl, 'worker');
  const worker = new Worker<RunJob>(QueueName.Runs, processor, {
    connection: workerRedis,
    prefix: queuePrefix,
    concurrency,
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
  });
  worker.on('failed', (job, err) => logger.error({ runId: job?.data.runId, jobId: job?.id, err }, 'run job failed'));
  worker.on('error', (err) => logger.error({ err }, 'run worker error'));
  await worker.waitUntilReady();

  return {
    async close() {
      await worker.close();
      await recordQueue.close();
      await cancels.close();
      workerRedis.disconnect();
      queueRedis.disconnect();
      eventsRedis.disconnect();
      limiterRedis.disconnect();
      providers.close();
    },
  };
}
