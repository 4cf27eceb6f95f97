import { QueueName, type RunJob } from '@reprise/contracts';
import type { Logger } from '@reprise/contracts/runtime';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createProviderRegistry, type ProviderRegistryOptions } from './providers/provider-registry.js';
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
  logger: Logger;
}

export interface RunWorker {
  close(): Promise<void>;
}

/** Starts a worker process's consumer of the `runs` queue. */
export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const { redisUrl, queuePrefix = 'reprise', concurrency = 100, streamTtlSeconds = 3600, logger } = options;
  const providers = createProviderRegistry(options.providers);
  const queueRedis = createRedis(redisUrl, 'worker');
  const recordQueue = createRecordQueue(queueRedis, queuePrefix);
  // Run events get a connection of their own: BullMQ's connection carries its
  // Lua scripts, and auto-pipelining copies them into every pipeline it builds.
  const eventsRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const processor = createRunProcessor({ providers, redis: eventsRedis, recordQueue, streamTtlSeconds, logger });

  const workerRedis = createRedis(redisUrl, 'worker');
  const worker = new Worker<RunJob>(QueueName.Runs, processor, {
    connection: workerRedis,
    prefix: queuePrefix,
    concurrency,
  });
  worker.on('failed', (job, err) => logger.error({ runId: job?.data.runId, jobId: job?.id, err }, 'run job failed'));
  worker.on('error', (err) => logger.error({ err }, 'run worker error'));
  await worker.waitUntilReady();

  return {
    async close() {
      await worker.close();
      await recordQueue.close();
      workerRedis.disconnect();
      queueRedis.disconnect();
      eventsRedis.disconnect();
      providers.close();
    },
  };
}
