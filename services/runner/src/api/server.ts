import { randomUUID } from 'node:crypto';
import {
  DEFAULT_LIMITS,
  fieldIssues,
  RUN_OWNER_TTL_SECONDS,
  runOwnerKey,
  RunPriority,
  startRunBodySchemaWith,
  startRunGroupBodySchemaWith,
  type StartRunGroupResponse,
  type RequestLimits,
  type RunJob,
  type StartRunResponse,
} from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { openProviderRegistry, UnknownProviderError, type ProviderRegistryOptions } from '../providers/provider-registry.js';
import { z } from 'zod';
import { requestCancel } from '../queues/cancellation.js';
import { createRedis, createRunsQueue } from '../queues/queues.js';
import { registerProviderRoutes } from './providers.routes.js';

export interface RunnerApiOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  redisUrl: string;
  /** BullMQ key prefix. @default 'reprise' */
  queuePrefix?: string;
  providers: ProviderRegistryOptions;
  /** @default DEFAULT_LIMITS */
  limits?: RequestLimits;
  logger: Logger;
}

export interface RunnerApi {
  url: string;
  close(): Promise<void>;
}

/** The runner's HTTP API: lists models, manages workspaces' providers, and queues runs. */
export async function startRunnerApi(options: RunnerApiOptions): Promise<RunnerApi> {
  const { port = 0, host = '127.0.0.1', queuePrefix = 'reprise', limits = DEFAULT_LIMITS, logger } = options;
  const providers = await openProviderRegistry(options.providers, { redisUrl: options.redisUrl, logger });
  const redis = createRedis(options.redisUrl, 'producer');
  const runs = createRunsQueue(redis, queuePrefix);
  const startRunBody = startRunBodySchemaWith(limits);
  const startRunGroupBody = startRunGroupBodySchemaWith(limits);

  // Per-request access logs stay off (warn level): the hot path logs nothing.
  const app = Fastify({
    loggerInstance: logger.child({ component: 'runner-api' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 32 * 1024 * 1024,
  });

  app.get('/healthz', async () => ({ ok: true }));

  // Without a workspace, the built-ins only.
  app.get<{ Querystring: { workspaceId?: string } }>('/models', async (req) => ({ models: await providers.models(req.query.workspaceId || undefined) }));
  registerProviderRoutes(app, providers);

  /** The provider id a run will use, or the 400 issue when the workspace has no such provider. */
  async function providerFor(workspaceId: string, requested: string | undefined, field: string) {
    const provider = requested ?? providers.defaultProvider;
    try {
      // Resolving caches the provider, so the next run skips the database.
      await providers.resolve(workspaceId, provider);
      return { provider };
    } catch (err) {
      if (!(err instanceof UnknownProviderError)) throw err;
      return { issue: { field, message: err.message } };
    }
  }

  const jobOptions = (runId: string) => ({
    jobId: runId,
    priority: RunPriority.Interactive,
    // Our own faults (Redis unreachable mid-run) are retried; a provider's
    // answer, even an error, ends the run and is never retried here.
    attempts: 3,
    backoff: { type: 'exponential' as const, delay: 500 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });

  function newJob(workspaceId: string, provider: string, model: string, request: RunJob['request']): RunJob {
    return { runId: randomUUID(), workspaceId, source: 'playground', provider, model, request, queuedAt: new Date().toISOString() };
  }

  app.post('/runs', async (req, reply) => {
    const parsed = startRunBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(parsed.error) });
    const { workspaceId, model, request } = parsed.data;
    const resolved = await providerFor(workspaceId, parsed.data.provider, 'provider');
    if (!resolved.provider) return reply.code(400).send({ error: 'invalid_input', issues: [resolved.issue] });
    const job = newJob(workspaceId, resolved.provider, model, request);
    // Sent together, one round trip: both are on Redis before the run id is answered.
    await Promise.all([redis.set(runOwnerKey(job.runId), workspaceId, 'EX', RUN_OWNER_TTL_SECONDS), runs.add('run', job, jobOptions(job.runId))]);
    const response: StartRunResponse = { runId: job.runId, provider: job.provider, model };
    return reply.code(201).send(response);
  });

  app.post('/runs/group', async (req, reply) => {
    const parsed = startRunGroupBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(parsed.error) });
    const { workspaceId } = parsed.data;
    const jobs: RunJob[] = [];
    for (const [i, run] of parsed.data.runs.entries()) {
      const resolved = await providerFor(workspaceId, run.provider, `runs.${i}.provider`);
      if (!resolved.provider) return reply.code(400).send({ error: 'invalid_input', issues: [resolved.issue] });
      jobs.push(newJob(workspaceId, resolved.provider, run.model, run.request));
    }
    // Every variant is checked before any is queued, and they are queued in one call.
    const owners = redis.multi();
    for (const job of jobs) owners.set(runOwnerKey(job.runId), workspaceId, 'EX', RUN_OWNER_TTL_SECONDS);
    await owners.exec();
    await runs.addBulk(jobs.map((job) => ({ name: 'run', data: job, opts: jobOptions(job.runId) })));
    const response: StartRunGroupResponse = {
      groupId: randomUUID(),
      runs: jobs.map((j) => ({ runId: j.runId, provider: j.provider, model: j.model })),
    };
    return reply.code(201).send(response);
  });

  app.post<{ Params: { id: string } }>('/runs/:id/cancel', async (req, reply) => {
    const body = z.object({ workspaceId: z.string().min(1) }).safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(body.error) });
    // Another workspace's run reads exactly like one that does not exist.
    if ((await redis.get(runOwnerKey(req.params.id))) !== body.data.workspaceId) return reply.code(404).send({ error: 'not_found' });
    await requestCancel(redis, queuePrefix, req.params.id);
    const job = await runs.getJob(req.params.id);
    return reply.code(202).send({ runId: req.params.id, provider: job?.data.provider ?? '', model: job?.data.model ?? '' });
  });

  await app.listen({ port, host });
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
