import { fieldIssues, requestPageQuerySchema } from '@reprise/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeCursor, type RequestRepository } from '../models/request/index.js';

const byIdQuery = z.object({ workspaceId: z.string().min(1) });

export function registerRoutes(app: FastifyInstance, requests: RequestRepository): void {
  app.get('/healthz', async () => ({ ok: true }));

  app.get<{ Params: { id: string } }>('/requests/:id', async (req, reply) => {
    const query = byIdQuery.safeParse(req.query);
    if (!query.success) return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(query.error) });
    const record = await requests.findById(query.data.workspaceId, req.params.id);
    // Another workspace's id reads exactly like an unknown one.
    if (!record) return reply.code(404).send({ error: 'not_found' });
    return record;
  });

  app.get('/requests', async (req, reply) => {
    const query = requestPageQuerySchema.safeParse(req.query);
    if (!query.success) return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(query.error) });
    const { workspaceId, first, after } = query.data;
    const cursor = after === undefined ? undefined : decodeCursor(after);
    if (cursor === null) {
      return reply.code(400).send({ error: 'invalid_input', issues: [{ field: 'after', message: 'not a cursor from this API' }] });
    }
    return requests.page(workspaceId, first, cursor);
  });
}
