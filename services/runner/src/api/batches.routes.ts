import { batchListQuerySchema, createBatchBodySchema, estimateBatchBodySchema, workspaceScopeSchema, type RedisKeys } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { ZodFastify } from '@reprise/runtime/fastify';
import type { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { BatchEnqueuer } from '../batches/batch.enqueuer.js';
import { BatchProgressPublisher } from '../batches/batch-progress.js';
import { BatchStates } from '../batches/batch-state.js';
import { BatchService } from '../batches/batch.service.js';
import { createHistoryClient, HistoryError } from '../batches/history.client.js';
import { createReplaysQueue } from '../batches/replays.queue.js';
import { openBatchDatabase } from '../models/batch/index.js';
import type { ProviderDatabaseOptions, ProviderRegistry } from '../providers/provider-registry.js';

export interface BatchApiOptions {
  /** History's HTTP API, where selections are read. @default 'http://127.0.0.1:4001' */
  historyUrl?: string;
  /** Jobs per addBulk after the first. @default 500 */
  chunkSize?: number;
  /** The first addBulk's jobs, few so that the first replays start at once. @default 50 */
  firstChunkSize?: number;
  /** How long an enqueuer's claim on a batch lasts unless renewed: a killed API's batch is taken over after it. @default 15_000 */
  claimMs?: number;
  /** How often to look for batches whose enqueuing stopped. @default 10_000 */
  scanMs?: number;
  /** @default 250 */
  publishMs?: number;
  /** @default 1000 */
  syncMs?: number;
}

export interface BatchRouteDeps extends BatchApiOptions {
  providers: ProviderRegistry;
  redisUrl: string;
  keys: RedisKeys;
  /** Where `runner.batches` is (the providers' database). */
  database: ProviderDatabaseOptions;
  logger: Logger;
}

const idParams = z.object({ id: z.string().min(1) });
const actions = ['pause', 'resume', 'cancel'] as const;

/** What reads the selection from history: history away is a 503 that says so, not an internal error. */
async function withHistory(reply: FastifyReply, work: () => Promise<unknown>, status = 200) {
  try {
    return reply.code(status).send(await work());
  } catch (err) {
    if (err instanceof HistoryError) return reply.code(503).send({ error: 'history_unavailable', message: err.message });
    throw err;
  }
}

/** Another workspace's batch reads exactly like one that does not exist. */
function answer(reply: FastifyReply, batch: unknown, status = 200) {
  return batch === null ? reply.code(404).send({ error: 'not_found' }) : reply.code(status).send(batch);
}

/**
 * Bulk replays: estimate, create, list, read, pause, resume, cancel and
 * retry the failed, each within the workspace it names. Opens what batches
 * need (their collection, the `replays` queue, an enqueuer that also takes
 * up batches a stopped API left half-queued) and closes it with the app.
 */
export async function registerBatchRoutes(app: ZodFastify, deps: BatchRouteDeps): Promise<void> {
  const { providers, keys, logger } = deps;
  const log = logger.child({ component: 'batches' });
  const db = await openBatchDatabase(deps.database);
  // Producers fail fast (an API call does not hang while Redis is away); scripts stay off BullMQ's connection.
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: 3 });
  const queueRedis = new Redis(deps.redisUrl, { maxRetriesPerRequest: 3 });
  const states = new BatchStates(redis, keys);
  const progress = new BatchProgressPublisher({ redis, states, batches: db.batches, logger: log, publishMs: deps.publishMs, syncMs: deps.syncMs });
  const replays = createReplaysQueue(queueRedis, keys.prefix);
  const history = createHistoryClient(deps.historyUrl ?? 'http://127.0.0.1:4001');
  const enqueuer = new BatchEnqueuer({
    redis,
    keys,
    states,
    progress,
    batches: db.batches,
    replays,
    history,
    providers,
    logger: log,
    chunkSize: deps.chunkSize,
    firstChunkSize: deps.firstChunkSize,
    claimMs: deps.claimMs,
    scanMs: deps.scanMs,
  });
  const service = new BatchService({ redis, keys, providers, history, states, progress, batches: db.batches, replays, enqueuer });

  app.post('/batches/estimate', { schema: { body: estimateBatchBodySchema } }, async (req, reply) => withHistory(reply, () => service.estimate(req.body)));

  app.post('/batches', { schema: { body: createBatchBodySchema } }, async (req, reply) => withHistory(reply, () => service.create(req.body), 201));

  app.get('/batches', { schema: { querystring: batchListQuerySchema } }, async (req) => service.list(req.query));

  app.get('/batches/:id', { schema: { params: idParams, querystring: workspaceScopeSchema } }, async (req, reply) =>
    answer(reply, await service.get(req.query.workspaceId, req.params.id)),
  );

  for (const action of actions) {
    app.post(`/batches/:id/${action}`, { schema: { params: idParams, body: workspaceScopeSchema } }, async (req, reply) =>
      answer(reply, await service.control(req.body.workspaceId, req.params.id, action)),
    );
  }

  app.post('/batches/:id/retry-failed', { schema: { params: idParams, body: workspaceScopeSchema } }, async (req, reply) =>
    answer(reply, await service.retryFailed(req.body.workspaceId, req.params.id)),
  );

  app.addHook('onClose', async () => {
    await enqueuer.close();
    await progress.close();
    await replays.close();
    redis.disconnect();
    queueRedis.disconnect();
    await db.close();
  });

  // Batches a stopped runner API left half-queued are taken up now, then on every scan.
  void enqueuer.resumeUnfinished();
}
