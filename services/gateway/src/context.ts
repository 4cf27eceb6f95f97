import type { RedisKeys, RequestLimits } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Redis } from 'ioredis';
import type { Authenticator } from './auth/authenticator.js';
import type { HistoryClient } from './clients/history.client.js';
import type { RunQueue } from './clients/run-queue.js';
import type { RunnerClient } from './clients/runner.client.js';
import type { StreamHub } from './subscriptions/stream-hub.js';

/** What every resolver receives, over HTTP and over WebSocket alike. */
export interface GatewayContext {
  /** The caller's workspace, from its API key; every read and write is scoped to it. */
  workspaceId: string;
  runner: RunnerClient;
  /** Queues interactive runs on `runs` directly (no hop to the runner API). */
  runs: RunQueue;
  history: HistoryClient;
  streams: StreamHub;
  /** For run ownership checks. */
  redis: Redis;
  /** Where the project's keys sit in Redis (under the configured prefix). */
  keys: RedisKeys;
  auth: Authenticator;
  limits: RequestLimits;
  logger: Logger;
}
