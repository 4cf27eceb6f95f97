import { closeOnSignals, createLogger } from '@reprise/runtime';
import { loadEnv } from './env.js';
import { startSimulator } from './server.js';

const env = loadEnv();
const logger = createLogger({ name: 'simulator', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });

const simulator = await startSimulator({
  port: env.SIMULATOR_PORT,
  host: env.SIMULATOR_HOST,
  logger,
  defaults: { ttftMs: env.SIM_TTFT_MS, delayMs: env.SIM_TOKEN_DELAY_MS, tokens: env.SIM_TOKENS },
});
logger.info({ url: simulator.url }, `Local simulator listening on ${simulator.url}`);

closeOnSignals(simulator, logger);
