import { closeOnSignals, createLogger } from '@reprise/runtime';
import { loadEnv } from './env.js';
import { providersFromEnv } from './providers/providers-from-env.js';
import { startRunWorker } from './worker.js';

const env = loadEnv();
const logger = createLogger({ name: 'runner-worker', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
const worker = await startRunWorker({
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  providers: providersFromEnv(env),
  concurrency: env.WORKER_CONCURRENCY,
  streamTtlSeconds: env.RUN_STREAM_TTL_SECONDS,
  retry: { maxAttempts: env.RUN_MAX_ATTEMPTS },
  stalledMs: env.STALLED_MS,
  replays: { concurrency: env.BULK_WORKER_CONCURRENCY },
  logger,
});
logger.info({ concurrency: env.WORKER_CONCURRENCY }, 'run worker started');

// Closing lets in-flight runs finish their current step; BullMQ hands back
// unfinished jobs as stalled to another worker.
closeOnSignals(worker, logger);
