import { closeOnSignals, createLogger } from '@reprise/runtime';
import { loadEnv } from './env.js';
import { startHistory } from './server.js';

const env = loadEnv();
const logger = createLogger({ name: 'history', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
const history = await startHistory({
  port: env.HISTORY_PORT,
  host: env.HISTORY_HOST,
  mongoUrl: env.MONGO_URL,
  dbName: env.HISTORY_DB,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  recordConcurrency: env.RECORD_CONCURRENCY,
  logger,
});
logger.info({ url: history.url }, 'history listening');

closeOnSignals(history, logger);
