import { pino } from 'pino';
import { env } from './env.js';
import { startSimulator } from './server.js';

const logger = pino({ name: 'simulator', level: env.LOG_LEVEL });

const simulator = await startSimulator({
  port: env.SIMULATOR_PORT,
  host: env.SIMULATOR_HOST,
  logger,
  defaults: { ttftMs: env.SIM_TTFT_MS, delayMs: env.SIM_TOKEN_DELAY_MS, tokens: env.SIM_TOKENS },
});
logger.info({ url: simulator.url }, `Local simulator listening on ${simulator.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'simulator shutting down');
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'simulator did not close cleanly');
        process.exit(1);
      },
    );
  });
}
