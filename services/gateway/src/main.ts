import { closeOnSignals, createLogger } from '@reprise/runtime';
import { loadEnv } from './env.js';
import { startGateway } from './server.js';

const env = loadEnv();
const logger = createLogger({ name: 'gateway', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
const gateway = await startGateway({
  port: env.GATEWAY_PORT,
  host: env.GATEWAY_HOST,
  historyUrl: env.HISTORY_URL,
  runnerUrl: env.RUNNER_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  limits: { maxMessageBytes: env.MAX_MESSAGE_BYTES },
  logger,
});
logger.info({ url: gateway.url }, 'gateway listening');

closeOnSignals(gateway, logger);
