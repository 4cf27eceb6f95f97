import {
  addModelBodySchema,
  createProviderBodySchema,
  DEFAULT_MODEL_SUPPORTS,
  priceFor,
  updateProviderBodySchema,
  workspaceScopeSchema,
  type ProviderInfo,
  type RefreshModelsResponse,
} from '@reprise/contracts';
import { InvalidInputError } from '@reprise/runtime/fastify';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ProviderConfig } from '../providers/provider-config.js';
import { discoverModels, testProvider } from '../providers/provider-probe.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { ZodFastify } from '@reprise/runtime/fastify';

const idParams = z.object({ id: z.string() });
// The model id travels in the query: ids contain `/` and `:` (`ft:gpt-4o-mini:acme::abc123`).
const removeModelQuery = z.object({ workspaceId: z.string().min(1), modelId: z.string().min(1, 'a model id is required') });

/** Another workspace's provider reads exactly like one that does not exist. */
function notFound(reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found' });
}

/** The store's answer, or a 404 when the workspace has no such provider (the store's null). */
async function answer<T>(reply: FastifyReply, work: T | null | Promise<T | null>, status = 200) {
  const result = await work;
  return result === null ? notFound(reply) : reply.code(status).send(result);
}

/** The simulator and the env's OpenAI, shown like any provider, read-only and without their key. */
function builtInInfo(config: ProviderConfig): ProviderInfo {
  return {
    id: config.id,
    name: config.label,
    kind: config.kind ?? 'openai-compatible',
    baseURL: config.baseURL,
    apiKeyLast4: null,
    organization: null,
    project: null,
    apiVersion: null,
    headers: [],
    models: config.models.map((id) => {
      const price = config.prices?.[id] ?? priceFor(id);
      return { id, label: null, inputPricePerM: price?.input ?? null, outputPricePerM: price?.output ?? null, supports: { ...DEFAULT_MODEL_SUPPORTS }, source: 'manual' };
    }),
    limits: { rpm: config.limits?.rpm ?? null, concurrency: config.limits?.concurrency ?? null },
    builtIn: true,
    createdAt: null,
    updatedAt: null,
  };
}

/**
 * Providers of a workspace: list, create, change, delete, models by hand or
 * discovered, and a test call. Every route takes the workspace and acts only
 * within it. Keys go in and never come out. Bad input, the schemas' and the
 * store's own refusals alike, is answered 400 by `useZodValidation`'s handler.
 */
export function registerProviderRoutes(app: ZodFastify, providers: ProviderRegistry): void {
  const { store } = providers;
  const builtIn = (id: string) => providers.builtIns.find((p) => p.id === id);
  /** Built-ins are the server's configuration: no workspace may change them. */
  const refuseBuiltIn = (id: string, field: string) => {
    if (builtIn(id)) throw new InvalidInputError([{ field, message: 'built-in providers are configured on the server and cannot be changed' }]);
  };

  app.get('/providers', { schema: { querystring: workspaceScopeSchema } }, async (req) => ({
    providers: [...providers.builtIns.map(builtInInfo), ...(await store.list(req.query.workspaceId))],
  }));

  app.get('/providers/:id', { schema: { params: idParams, querystring: workspaceScopeSchema } }, async (req, reply) => {
    const fixed = builtIn(req.params.id);
    if (fixed) return builtInInfo(fixed);
    return answer(reply, store.get(req.query.workspaceId, req.params.id));
  });

  app.post('/providers', { schema: { body: createProviderBodySchema } }, async (req, reply) =>
    answer(reply, store.create(req.body.workspaceId, req.body.input), 201),
  );

  app.put('/providers/:id', { schema: { params: idParams, body: updateProviderBodySchema } }, async (req, reply) => {
    refuseBuiltIn(req.params.id, 'id');
    return answer(reply, store.update(req.body.workspaceId, req.params.id, req.body.input));
  });

  app.delete('/providers/:id', { schema: { params: idParams, querystring: workspaceScopeSchema } }, async (req, reply) => {
    refuseBuiltIn(req.params.id, 'id');
    return answer(reply, store.delete(req.query.workspaceId, req.params.id).then((deleted) => (deleted ? { deleted: true } : null)));
  });

  app.post('/providers/:id/models', { schema: { params: idParams, body: addModelBodySchema } }, async (req, reply) => {
    refuseBuiltIn(req.params.id, 'providerId');
    return answer(reply, store.addModel(req.body.workspaceId, req.params.id, req.body.input));
  });

  app.delete('/providers/:id/models', { schema: { params: idParams, querystring: removeModelQuery } }, async (req, reply) => {
    refuseBuiltIn(req.params.id, 'providerId');
    return answer(reply, store.removeModel(req.query.workspaceId, req.params.id, req.query.modelId));
  });

  app.post('/providers/:id/refresh-models', { schema: { params: idParams, body: workspaceScopeSchema } }, async (req, reply) => {
    const { workspaceId } = req.body;
    refuseBuiltIn(req.params.id, 'providerId');
    const provider = await providers.find(workspaceId, req.params.id);
    if (!provider) return notFound(reply);
    if (provider.kind === 'azure-openai') {
      // Azure's /models lists the resource's base models, not its deployments,
      // and a run names a deployment: discovery would offer ids that fail.
      throw new InvalidInputError([{ field: 'providerId', message: 'Azure OpenAI does not list deployments: add each deployment name as a model by hand' }]);
    }
    const found = await discoverModels(provider);
    if (!found.ok) return { ok: false, error: found.error } satisfies RefreshModelsResponse;
    const updated = await store.replaceDiscovered(workspaceId, req.params.id, found.ids);
    return answer(reply, updated && ({ ok: true, provider: updated } satisfies RefreshModelsResponse));
  });

  app.post('/providers/:id/test', { schema: { params: idParams, body: workspaceScopeSchema } }, async (req, reply) => {
    const provider = await providers.find(req.body.workspaceId, req.params.id);
    return provider ? testProvider(provider) : notFound(reply);
  });
}
