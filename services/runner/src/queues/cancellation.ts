import type { RedisKeys } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Redis } from 'ioredis';

/** How long a cancel request is remembered for a run that has not started yet. */
const CANCEL_TTL_SECONDS = 24 * 3600;

/** Asks the worker running `runId` (or the one that will) to stop it. */
export async function requestCancel(redis: Redis, keys: RedisKeys, runId: string): Promise<void> {
  await redis.multi().set(keys.runCancel(runId), '1', 'EX', CANCEL_TTL_SECONDS).publish(keys.runCancelChannel, runId).exec();
}

/**
 * A worker's listener for cancel requests: one pub/sub connection, and an
 * AbortController per run in progress here. The run's signal goes to the
 * SDK, which aborts its fetch on it: the provider's stream is closed at once.
 */
export class CancelSignals {
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, runId: string) => this.active.get(runId)?.abort(new Error('cancelled')));
    await this.subscriber.subscribe(this.keys.runCancelChannel);
  }

  /** The run's signal; already aborted if a cancel came before the run started. */
  async register(runId: string): Promise<AbortSignal> {
    const controller = new AbortController();
    this.active.set(runId, controller);
    if (await this.redis.exists(this.keys.runCancel(runId))) controller.abort(new Error('cancelled'));
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
