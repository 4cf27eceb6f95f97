import { randomUUID } from 'node:crypto';
import {
  DEFAULT_LIMITS,
  fieldIssues,
  RUN_OWNER_TTL_SECONDS,
  runOwnerKey,
  RunPriority,
  startRunBodySchemaWith,
  type RequestLimits,
  type RunJob,
  type StartRunResponse,
} from '@reprise/contracts';
import type { Logger } from '@reprise/contracts/runtime';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { createProviderRegistry, type ProviderRegistryOptions } from '../providers/provider-registry.js';
import { createRedis, createRunsQueue } from '../queues/queues.js';

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

/** The runner's HTTP API: lists models and queues runs. */
export async function startRunnerApi(options: RunnerApiOptions): Promise<RunnerApi> {
  const { port = 0, host = '127.0.0.1', queuePrefix = 'reprise', limits = DEFAULT_LIMITS, logger } = options;
  const providers = createProviderRegistry(options.providers);
  const redis = createRedis(options.redisUrl, 'producer');
  const runs = createRunsQueue(redis, queuePrefix);
  const startRunBody = startRunBodySchemaWith(limits);

  // Per-request access logs stay off (warn level): the hot path logs nothing.
  const app = Fastify({
    loggerInstance: logger.child({ component: 'runner-api' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 32 * 1024 * 1024,
  });

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/models', async () => ({ models: providers.models() }));

  app.post('/runs', async (req, reply) => {
    const parsed = startRunBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(parsed.error) });
    const { workspaceId, model, request } = parsed.data;
    const provider = parsed.data.provider ?? providers.defaultProvider;
    if (!providers.has(provider)) {
      return reply.code(400).send({ error: 'invalid_input', issues: [{ field: 'provider', message: `unknown provider "${provider}"` }] });
    }
    const runId = randomUUID();
    const job: RunJob = { runId, workspaceId, source: 'playground', provider, model, request, queuedAt: new Date().toISOString() };
    await redis.set(runOwnerKey(runId), workspaceId, 'EX', RUN_OWNER_TTL_SECONDS);
    await runs.add('run', job, {
      jobId: runId,
      priority: RunPriority.Interactive,
      // Our own faults (Redis unreachable mid-run) are retried; a provider's
      // answer, even an error, ends the run and is never retried here.
      attempts: 3,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    const response: StartRunResponse = { runId, provider, model };
    return reply.code(201).send(response);
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
      providers.close();
    },
  };
}
