import { RUN_CANCEL_CHANNEL, runCancelKey } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Redis } from 'ioredis';

/** How long a cancel request is remembered for a run that has not started yet. */
const CANCEL_TTL_SECONDS = 24 * 3600;

/** Asks the worker running `runId` (or the one that will) to stop it. */
export async function requestCancel(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.multi().set(runCancelKey(runId), '1', 'EX', CANCEL_TTL_SECONDS).publish(`${prefix}:${RUN_CANCEL_CHANNEL}`, runId).exec();
}

/**
 * A worker's listener for cancel requests: one pub/sub connection, and an
 * AbortController per run in progress here. Aborting the SDK's request
 * closes the provider's stream at once.
 */
export class CancelSignals {
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, runId: string) => this.active.get(runId)?.abort(new Error('cancelled')));
    await this.subscriber.subscribe(this.channel);
  }

  /** The run's signal; already aborted if a cancel came before the run started. */
  async register(runId: string): Promise<AbortSignal> {
    const controller = new AbortController();
    this.active.set(runId, controller);
    if (await this.redis.exists(runCancelKey(runId))) controller.abort(new Error('cancelled'));
    return controller.signal;
  }

  unregister(runId: string): void {
    this.active.delete(runId);
  }

  async close(): Promise<void> {
    await this.subscriber.unsubscribe().catch((err: unknown) => this.logger.warn({ err }, 'unsubscribe failed'));
    this.subscriber.disconnect();
  }
}
