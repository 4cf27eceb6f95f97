import { Readable } from 'node:stream';
import {
  logRequestsBodySchema,
  requestBodiesBodySchema,
  type RequestBodiesBody,
  requestFilterSchema,
  requestSearchBodySchema,
  requestSelectionBodySchema,
  selectionIdsBodySchema,
  type CheckedLogRequestsBody,
  type RequestSearchBody,
  type RequestSelectionBody,
  type SelectionIds,
  type SelectionIdsBody,
} from '@reprise/contracts';
import { InvalidInputError } from '@reprise/runtime/fastify';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeCursor, type RequestRepository } from '../models/request/index.js';
import { exportStream } from './export.js';
import { notFound } from './reply.js';

const workspaceQuery = z.object({ workspaceId: z.string().min(1) });
const statsBody = z.object({ workspaceId: z.string().min(1), filter: requestFilterSchema.default({}) });
const exportBody = statsBody.extend({ format: z.enum(['jsonl', 'csv']) });
const tagsBody = z.object({ workspaceId: z.string().min(1), tags: z.array(z.string().min(1).max(100)).max(50) });
const scoreBody = z.object({ workspaceId: z.string().min(1), score: z.number().nullable() });
const deleteBody = z.object({ workspaceId: z.string().min(1), ids: z.array(z.string().min(1)).min(1).max(1000) });

type ById = { Params: { id: string } };

/** Bodies and query strings are checked by their schemas (see useZodValidation in server.ts) before a handler runs. */
export function registerRequestRoutes(app: FastifyInstance, requests: RequestRepository): void {
  app.post<{ Body: CheckedLogRequestsBody }>('/requests', { schema: { body: logRequestsBodySchema } }, async (req) => {
    return { ids: await requests.logMany(req.body.workspaceId, req.body.items) };
  });

  app.post<{ Body: RequestSearchBody }>('/requests/search', { schema: { body: requestSearchBodySchema } }, async (req) => {
    const { workspaceId, filter, first, after } = req.body;
    const cursor = after === undefined ? undefined : decodeCursor(after);
    if (cursor === null) throw new InvalidInputError([{ field: 'after', message: 'not a cursor from this API' }]);
    return requests.page(workspaceId, filter, first, cursor);
  });

  app.post<{ Body: RequestBodiesBody }>('/requests/bodies', { schema: { body: requestBodiesBodySchema } }, async (req) => {
    return { items: await requests.bodiesOf(req.body.workspaceId, req.body.ids) };
  });

  app.post<{ Body: z.infer<typeof statsBody> }>('/requests/stats', { schema: { body: statsBody } }, async (req) => {
    return requests.stats(req.body.workspaceId, req.body.filter);
  });

  app.post<{ Body: z.infer<typeof exportBody> }>('/requests/export', { schema: { body: exportBody } }, async (req, reply) => {
    const { workspaceId, filter, format } = req.body;
    reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    return reply.send(exportStream(requests.stream(workspaceId, filter), format));
  });

  // NDJSON, one SelectedRequest a line, streamed as the database reads them:
  // a bulk replay's selection of up to 100,000 requests is never held whole.
  app.post<{ Body: RequestSelectionBody }>('/requests/selection', { schema: { body: requestSelectionBodySchema } }, async (req, reply) => {
    const { workspaceId, selection, startedBefore } = req.body;
    const lines = Readable.from((async function* () {
      for await (const selected of requests.select(workspaceId, selection, startedBefore)) yield `${JSON.stringify(selected)}\n`;
    })());
    reply.type('application/x-ndjson; charset=utf-8');
    return reply.send(lines);
  });

  app.post<{ Body: SelectionIdsBody }>('/requests/selection/ids', { schema: { body: selectionIdsBodySchema } }, async (req): Promise<SelectionIds> => {
    const { workspaceId, selection, startedBefore, first } = req.body;
    return { ids: await requests.selectedIds(workspaceId, selection, startedBefore, first) };
  });

  app.get<ById & { Querystring: z.infer<typeof workspaceQuery> }>('/requests/:id', { schema: { querystring: workspaceQuery } }, async (req, reply) => {
    return (await requests.findById(req.query.workspaceId, req.params.id)) ?? notFound(reply);
  });

  app.put<ById & { Body: z.infer<typeof tagsBody> }>('/requests/:id/tags', { schema: { body: tagsBody } }, async (req, reply) => {
    return (await requests.setTags(req.body.workspaceId, req.params.id, req.body.tags)) ?? notFound(reply);
  });

  app.put<ById & { Body: z.infer<typeof scoreBody> }>('/requests/:id/score', { schema: { body: scoreBody } }, async (req, reply) => {
    return (await requests.setScore(req.body.workspaceId, req.params.id, req.body.score)) ?? notFound(reply);
  });

  app.post<{ Body: z.infer<typeof deleteBody> }>('/requests/delete', { schema: { body: deleteBody } }, async (req) => {
    return { deleted: await requests.deleteMany(req.body.workspaceId, req.body.ids) };
  });
}
