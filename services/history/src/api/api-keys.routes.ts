import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyRepository } from '../models/api-key/index.js';
import { invalidInput, notFound } from './reply.js';

const createKeyBody = z.object({ workspaceId: z.string().min(1), name: z.string().trim().min(1).max(100) });
const workspaceBody = z.object({ workspaceId: z.string().min(1) });
const verifyBody = z.object({ key: z.string().min(1).max(200) });
const createWorkspaceBody = z.object({ name: z.string().trim().min(1).max(100) });

export function registerApiKeyRoutes(app: FastifyInstance, keys: ApiKeyRepository): void {
  app.post('/workspaces', async (req, reply) => {
    const body = createWorkspaceBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return reply.code(201).send({ id: await keys.createWorkspace(body.data.name) });
  });

  app.post('/api-keys', async (req, reply) => {
    const body = createKeyBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    if (!(await keys.workspaceExists(body.data.workspaceId))) return notFound(reply);
    return reply.code(201).send(await keys.create(body.data.workspaceId, body.data.name));
  });

  app.get('/api-keys', async (req, reply) => {
    const query = workspaceBody.safeParse(req.query);
    if (!query.success) return invalidInput(reply, query.error);
    return { apiKeys: await keys.list(query.data.workspaceId) };
  });

  app.post<{ Params: { id: string } }>('/api-keys/:id/revoke', async (req, reply) => {
    const body = workspaceBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return (await keys.revoke(body.data.workspaceId, req.params.id)) ?? notFound(reply);
  });

  app.post('/auth/verify', async (req, reply) => {
    const body = verifyBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    const verified = await keys.verify(body.data.key);
    // 404, like every unknown id here: the gateway answers the caller UNAUTHENTICATED.
    return verified ?? notFound(reply);
  });
}
