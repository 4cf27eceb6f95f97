import {
  addModelBodySchema,
  createProviderBodySchema,
  DEFAULT_MODEL_SUPPORTS,
  fieldIssues,
  priceFor,
  updateProviderBodySchema,
  workspaceScopeSchema,
  type FieldIssue,
  type ProviderInfo,
  type RefreshModelsResponse,
} from '@reprise/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { DuplicateProviderNameError } from '../models/provider/index.js';
import type { ProviderConfig } from '../providers/provider-config.js';
import { discoverModels, testProvider } from '../providers/provider-probe.js';
import { UnknownProviderError, type ProviderRegistry } from '../providers/provider-registry.js';
import { ProviderInputError } from '../providers/provider-store.js';

type IdParams = { Params: { id: string } };

const removeModelQuery = z.object({ workspaceId: z.string().min(1), modelId: z.string().min(1, 'a model id is required') });

function invalid(reply: FastifyReply, issues: FieldIssue[]) {
  return reply.code(400).send({ error: 'invalid_input', issues });
}

/** Another workspace's provider reads exactly like one that does not exist. */
function notFound(reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found' });
}

/** Refusals the store raises, as the 400 the gateway turns into BAD_USER_INPUT. */
async function answer<T>(reply: FastifyReply, work: () => Promise<T | null>, status = 200) {
  try {
    const result = await work();
    return result === null ? notFound(reply) : reply.code(status).send(result);
  } catch (err) {
    if (err instanceof ProviderInputError) return invalid(reply, err.issues);
    if (err instanceof DuplicateProviderNameError) return invalid(reply, [{ field: 'input.name', message: err.message }]);
    throw err;
  }
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
 * within it. Keys go in and never come out.
 */
export function registerProviderRoutes(app: FastifyInstance, providers: ProviderRegistry): void {
  const { store } = providers;
  const builtIn = (id: string) => providers.builtIns.find((p) => p.id === id);
  /** Built-ins are the server's configuration: no workspace may change them. */
  const refuseBuiltIn = (reply: FastifyReply, field: string) =>
    invalid(reply, [{ field, message: 'built-in providers are configured on the server and cannot be changed' }]);

  app.get('/providers', async (req, reply) => {
    const query = workspaceScopeSchema.safeParse(req.query);
    if (!query.success) return invalid(reply, fieldIssues(query.error));
    return { providers: [...providers.builtIns.map(builtInInfo), ...(await store.list(query.data.workspaceId))] };
  });

  app.get<IdParams>('/providers/:id', async (req, reply) => {
    const query = workspaceScopeSchema.safeParse(req.query);
    if (!query.success) return invalid(reply, fieldIssues(query.error));
    const fixed = builtIn(req.params.id);
    if (fixed) return builtInInfo(fixed);
    return answer(reply, () => store.get(query.data.workspaceId, req.params.id));
  });

  app.post('/providers', async (req, reply) => {
    const body = createProviderBodySchema.safeParse(req.body);
    if (!body.success) return invalid(reply, fieldIssues(body.error));
    return answer(reply, () => store.create(body.data.workspaceId, body.data.input), 201);
  });

  app.put<IdParams>('/providers/:id', async (req, reply) => {
    const body = updateProviderBodySchema.safeParse(req.body);
    if (!body.success) return invalid(reply, fieldIssues(body.error));
    if (builtIn(req.params.id)) return refuseBuiltIn(reply, 'id');
    return answer(reply, () => store.update(body.data.workspaceId, req.params.id, body.data.input));
  });

  app.delete<IdParams>('/providers/:id', async (req, reply) => {
    const query = workspaceScopeSchema.safeParse(req.query);
    if (!query.success) return invalid(reply, fieldIssues(query.error));
    if (builtIn(req.params.id)) return refuseBuiltIn(reply, 'id');
    return answer(reply, async () => ((await store.delete(query.data.workspaceId, req.params.id)) ? { deleted: true } : null));
  });

  app.post<IdParams>('/providers/:id/models', async (req, reply) => {
    const body = addModelBodySchema.safeParse(req.body);
    if (!body.success) return invalid(reply, fieldIssues(body.error));
    if (builtIn(req.params.id)) return refuseBuiltIn(reply, 'providerId');
    return answer(reply, () => store.addModel(body.data.workspaceId, req.params.id, body.data.input));
  });

  // The model id travels in the query: ids contain `/` and `:` (`ft:gpt-4o-mini:acme::abc123`).
  app.delete<IdParams>('/providers/:id/models', async (req, reply) => {
    const query = removeModelQuery.safeParse(req.query);
    if (!query.success) return invalid(reply, fieldIssues(query.error));
    if (builtIn(req.params.id)) return refuseBuiltIn(reply, 'providerId');
    return answer(reply, () => store.removeModel(query.data.workspaceId, req.params.id, query.data.modelId));
  });

  app.post<IdParams>('/providers/:id/refresh-models', async (req, reply) => {
    const body = workspaceScopeSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, fieldIssues(body.error));
    const { workspaceId } = body.data;
    if (builtIn(req.params.id)) return refuseBuiltIn(reply, 'providerId');
    const provider = await resolveOwn(providers, workspaceId, req.params.id);
    if (!provider) return notFound(reply);
    if (provider.kind === 'azure-openai') {
      // Azure's /models lists the resource's base models, not its deployments,
      // and a run names a deployment: discovery would offer ids that fail.
      return invalid(reply, [{ field: 'providerId', message: 'Azure OpenAI does not list deployments: add each deployment name as a model by hand' }]);
    }
    const found = await discoverModels(provider);
    if (!found.ok) return { ok: false, error: found.error } satisfies RefreshModelsResponse;
    return answer(reply, async () => {
      const updated = await store.replaceDiscovered(workspaceId, req.params.id, found.ids);
      return updated && ({ ok: true, provider: updated } satisfies RefreshModelsResponse);
    });
  });

  app.post<IdParams>('/providers/:id/test', async (req, reply) => {
    const body = workspaceScopeSchema.safeParse(req.body);
    if (!body.success) return invalid(reply, fieldIssues(body.error));
    const provider = await resolveOwn(providers, body.data.workspaceId, req.params.id);
    return provider ? testProvider(provider) : notFound(reply);
  });
}

async function resolveOwn(providers: ProviderRegistry, workspaceId: string, id: string) {
  try {
    return await providers.resolve(workspaceId, id);
  } catch (err) {
    if (err instanceof UnknownProviderError) return null;
    throw err;
  }
}
