import { randomUUID } from 'node:crypto';
import {
  interactiveRunJob,
  interactiveRunJobOptions,
  redisKeys,
  RUN_OWNER_TTL_SECONDS,
  runOwnedBy,
  startRunBodySchema,
  startRunGroupBodySchema,
  workspaceScopeSchema,
  type RunJob,
  type StartRunGroupResponse,
  type StartRunResponse,
} from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { InvalidInputError, useZodValidation } from '@reprise/runtime/fastify';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { openProviderRegistry, UnknownProviderError, type ProviderRegistryOptions } from '../providers/provider-registry.js';
import { requestCancel } from '../queues/cancellation.js';
import { createRedis, createRunsQueue } from '../queues/queues.js';
import { tokenCounter } from '../batches/token-count.js';
import { registerBatchRoutes, type BatchApiOptions } from './batches.routes.js';
import { registerProviderRoutes } from './providers.routes.js';
import type { ZodTypeProvider } from '@reprise/runtime/fastify';

export interface RunnerApiOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  redisUrl: string;
  /** Prefix of every Redis key and channel (BullMQ's, run owners, cancels). @default 'reprise' */
  redisPrefix?: string;
  providers: ProviderRegistryOptions;
  /** Bulk replays: where history is read from, and how batches are queued. @default history at http://127.0.0.1:4001 */
  batches?: BatchApiOptions;
  logger: Logger;
}

export interface RunnerApi {
  url: string;
  close(): Promise<void>;
}

const modelsQuery = z.object({ workspaceId: z.string().optional() });
const runParams = z.object({ id: z.string() });

/** The runner's HTTP API: lists models, manages workspaces' providers, and queues runs. */
export async function startRunnerApi(options: RunnerApiOptions): Promise<RunnerApi> {
  const { port = 0, host = '127.0.0.1', redisPrefix = 'reprise', logger } = options;
  const keys = redisKeys(redisPrefix);
  const providers = await openProviderRegistry(options.providers, { redisUrl: options.redisUrl, keys, logger });
  const redis = createRedis(options.redisUrl, 'producer');
  const runs = createRunsQueue(redis, redisPrefix);

  // Per-request access logs stay off (warn level): the hot path logs nothing.
  const app = Fastify({
    loggerInstance: logger.child({ component: 'runner-api' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 32 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  useZodValidation(app);

  app.get('/healthz', async () => ({ ok: true }));

  // Without a workspace, the built-ins only.
  app.get('/models', { schema: { querystring: modelsQuery } }, async (req) => ({ models: await providers.models(req.query.workspaceId || undefined) }));
  registerProviderRoutes(app, providers);
  await registerBatchRoutes(app, { providers, redisUrl: options.redisUrl, keys, database: options.providers.database, logger, ...options.batches });

  /** The provider id a run will use; refuses, naming `field`, one the workspace does not have. */
  async function providerFor(workspaceId: string, requested: string | undefined, field: string): Promise<string> {
    const provider = requested ?? providers.defaultProvider;
    try {
      // Resolving caches the provider, so the next run skips the database.
      await providers.resolve(workspaceId, provider);
      return provider;
    } catch (err) {
      if (err instanceof UnknownProviderError) throw new InvalidInputError([{ field, message: err.message }]);
      throw err;
    }
  }


  app.post('/runs', { schema: { body: startRunBodySchema } }, async (req, reply) => {
    const { workspaceId, model } = req.body;
    const job = interactiveRunJob(workspaceId, await providerFor(workspaceId, req.body.provider, 'provider'), req.body);
    // Sent together, one round trip: both are on Redis before the run id is answered.
    await Promise.all([redis.set(keys.runOwner(job.runId), workspaceId, 'EX', RUN_OWNER_TTL_SECONDS), runs.add('run', job, interactiveRunJobOptions(job.runId))]);
    const response: StartRunResponse = { runId: job.runId, provider: job.provider, model };
    return reply.code(201).send(response);
  });

  app.post('/runs/group', { schema: { body: startRunGroupBodySchema } }, async (req, reply) => {
    const { workspaceId } = req.body;
    const jobs: RunJob[] = [];
    for (const [i, run] of req.body.runs.entries()) {
      jobs.push(interactiveRunJob(workspaceId, await providerFor(workspaceId, run.provider, `runs.${i}.provider`), run));
    }
    // Every variant is checked before any is queued, and they are queued in one call.
    const owners = redis.multi();
    for (const job of jobs) owners.set(keys.runOwner(job.runId), workspaceId, 'EX', RUN_OWNER_TTL_SECONDS);
    await owners.exec();
    await runs.addBulk(jobs.map((job) => ({ name: 'run', data: job, opts: interactiveRunJobOptions(job.runId) })));
    const response: StartRunGroupResponse = {
      groupId: randomUUID(),
      runs: jobs.map((j) => ({ runId: j.runId, provider: j.provider, model: j.model })),
    };
    return reply.code(201).send(response);
  });

  app.post('/runs/:id/cancel', { schema: { params: runParams, body: workspaceScopeSchema } }, async (req, reply) => {
    const runId = req.params.id;
    // Another workspace's run reads exactly like one that does not exist.
    if (!(await runOwnedBy(redis, keys, runId, req.body.workspaceId))) return reply.code(404).send({ error: 'not_found' });
    await requestCancel(redis, keys, runId);
    const job = await runs.getJob(runId);
    return reply.code(202).send({ runId, provider: job?.data.provider ?? '', model: job?.data.model ?? '' });
  });

  await app.listen({ port, host });
  // The default encoding's ranks, loaded now in the background (about 0.4 s of CPU and 30 MB, once per
  // process): a bulk replay's estimate is what a person asks for first, and its first answer would wait for them.
  tokenCounter('o200k_base').catch((err: unknown) => options.logger.warn({ err }, 'could not load the tokenizer ahead of use'));
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${boundPort}`,
    async close() {
      await app.close();
      await runs.close();
      redis.disconnect();
      await providers.close();
    },
  };
}
