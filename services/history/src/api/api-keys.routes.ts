import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyRepository } from '../models/api-key/index.js';
import { notFound } from './reply.js';

const createKeyBody = z.object({ workspaceId: z.string().min(1), name: z.string().trim().min(1).max(100) });
const workspaceBody = z.object({ workspaceId: z.string().min(1) });
const verifyBody = z.object({ key: z.string().min(1).max(200) });
const createWorkspaceBody = z.object({ name: z.string().trim().min(1).max(100) });

/** Bodies and query strings are checked by their schemas (see useZodValidation in server.ts) before a handler runs. */
export function registerApiKeyRoutes(app: FastifyInstance, keys: ApiKeyRepository): void {
  app.post<{ Body: z.infer<typeof createWorkspaceBody> }>('/workspaces', { schema: { body: createWorkspaceBody } }, async (req, reply) => {
    return reply.code(201).send({ id: await keys.createWorkspace(req.body.name) });
  });

  app.post<{ Body: z.infer<typeof createKeyBody> }>('/api-keys', { schema: { body: createKeyBody } }, async (req, reply) => {
    if (!(await keys.workspaceExists(req.body.workspaceId))) return notFound(reply);
    return reply.code(201).send(await keys.create(req.body.workspaceId, req.body.name));
  });

  app.get<{ Querystring: z.infer<typeof workspaceBody> }>('/api-keys', { schema: { querystring: workspaceBody } }, async (req) => {
    return { apiKeys: await keys.list(req.query.workspaceId) };
  });

  app.post<{ Params: { id: string }; Body: z.infer<typeof workspaceBody> }>('/api-keys/:id/revoke', { schema: { body: workspaceBody } }, async (req, reply) => {
    return (await keys.revoke(req.body.workspaceId, req.params.id)) ?? notFound(reply);
  });

  app.post<{ Body: z.infer<typeof verifyBody> }>('/auth/verify', { schema: { body: verifyBody } }, async (req, reply) => {
    // 404, like every unknown id here: the gateway answers the caller UNAUTHENTICATED.
    return (await keys.verify(req.body.key)) ?? notFound(reply);
  });
}
