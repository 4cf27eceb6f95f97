import { closeOnSignals, createLogger } from '@reprise/runtime';
import { startRunnerApi } from './api/server.js';
import { loadEnv } from './env.js';
import { providersFromEnv } from './providers/providers-from-env.js';

const env = loadEnv();
const logger = createLogger({ name: 'runner-api', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
const api = await startRunnerApi({
  port: env.RUNNER_PORT,
  host: env.RUNNER_HOST,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  providers: providersFromEnv(env),
  batches: { historyUrl: env.HISTORY_URL },
  logger,
});
logger.info({ url: api.url }, 'runner API listening');

closeOnSignals(api, logger);
