import type { Logger } from 'pino';

/** Closes `service` on SIGINT or SIGTERM, then exits: 0 when it closed cleanly, 1 when closing failed. */
export function closeOnSignals(service: { close(): Promise<void> }, logger: Logger): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      service.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'did not close cleanly');
          process.exit(1);
        },
      );
    });
  }
}
