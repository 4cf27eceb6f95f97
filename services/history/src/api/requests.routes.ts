import {
  logRequestsBodySchema,
  requestFilterSchema,
  requestSearchBodySchema,
} from '@reprise/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeCursor, type RequestRepository } from '../models/request/index.js';
import { exportStream } from './export.js';
import { invalidInput, notFound } from './reply.js';

const workspaceQuery = z.object({ workspaceId: z.string().min(1) });
const statsBody = z.object({ workspaceId: z.string().min(1), filter: requestFilterSchema.default({}) });
const exportBody = statsBody.extend({ format: z.enum(['jsonl', 'csv']) });
const tagsBody = z.object({ workspaceId: z.string().min(1), tags: z.array(z.string().min(1).max(100)).max(50) });
const scoreBody = z.object({ workspaceId: z.string().min(1), score: z.number().nullable() });
const deleteBody = z.object({ workspaceId: z.string().min(1), ids: z.array(z.string().min(1)).min(1).max(1000) });

export function registerRequestRoutes(app: FastifyInstance, requests: RequestRepository): void {
  app.post('/requests', async (req, reply) => {
    const body = logRequestsBodySchema.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return { ids: await requests.logMany(body.data.workspaceId, body.data.items) };
  });

  app.post('/requests/search', async (req, reply) => {
    const body = requestSearchBodySchema.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    const { workspaceId, filter, first, after } = body.data;
    const cursor = after === undefined ? undefined : decodeCursor(after);
    if (cursor === null) {
      return reply.code(400).send({ error: 'invalid_input', issues: [{ field: 'after', message: 'not a cursor from this API' }] });
    }
    return requests.page(workspaceId, filter, first, cursor);
  });

  app.post('/requests/stats', async (req, reply) => {
    const body = statsBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return requests.stats(body.data.workspaceId, body.data.filter);
  });

  app.post('/requests/export', async (req, reply) => {
    const body = exportBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    const { workspaceId, filter, format } = body.data;
    reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    return reply.send(exportStream(requests.stream(workspaceId, filter), format));
  });

  app.get<{ Params: { id: string } }>('/requests/:id', async (req, reply) => {
    const query = workspaceQuery.safeParse(req.query);
    if (!query.success) return invalidInput(reply, query.error);
    return (await requests.findById(query.data.workspaceId, req.params.id)) ?? notFound(reply);
  });

  app.put<{ Params: { id: string } }>('/requests/:id/tags', async (req, reply) => {
    const body = tagsBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return (await requests.setTags(body.data.workspaceId, req.params.id, body.data.tags)) ?? notFound(reply);
  });

  app.put<{ Params: { id: string } }>('/requests/:id/score', async (req, reply) => {
    const body = scoreBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return (await requests.setScore(body.data.workspaceId, req.params.id, body.data.score)) ?? notFound(reply);
  });

  app.post('/requests/delete', async (req, reply) => {
    const body = deleteBody.safeParse(req.body);
    if (!body.success) return invalidInput(reply, body.error);
    return { deleted: await requests.deleteMany(body.data.workspaceId, body.data.ids) };
  });
}
