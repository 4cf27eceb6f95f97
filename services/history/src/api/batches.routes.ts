import { batchResultsBodySchema, type BatchResultsBody } from '@reprise/contracts';
import { InvalidInputError } from '@reprise/runtime/fastify';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeCursor, type ReplayRepository } from '../models/request/index.js';
import { batchExportStream } from './batch-export.js';

const workspaceBody = z.object({ workspaceId: z.string().min(1) });
const exportBody = workspaceBody.extend({ format: z.enum(['jsonl', 'csv']) });

type ByBatch = { Params: { batchId: string } };

/**
 * A bulk replay's results, as history holds them: its replays (records with
 * the batch's id) beside their originals. History knows batches only by
 * their id on its records, so an unknown batch, or another workspace's,
 * reads as a batch with no results: an empty page, a summary of zeros, an
 * empty export. Whether the batch exists is the runner's to say.
 */
export function registerBatchRoutes(app: FastifyInstance, replays: ReplayRepository): void {
  app.post<ByBatch & { Body: BatchResultsBody }>('/batches/:batchId/results', { schema: { body: batchResultsBodySchema } }, async (req) => {
    const { workspaceId, filter, first, after } = req.body;
    const cursor = after === undefined ? undefined : decodeCursor(after);
    if (cursor === null) throw new InvalidInputError([{ field: 'after', message: 'not a cursor from this API' }]);
    return replays.results(workspaceId, req.params.batchId, filter, first, cursor);
  });

  app.post<ByBatch & { Body: z.infer<typeof workspaceBody> }>('/batches/:batchId/summary', { schema: { body: workspaceBody } }, async (req) => {
    return replays.summary(req.body.workspaceId, req.params.batchId);
  });

  app.post<ByBatch & { Body: z.infer<typeof exportBody> }>('/batches/:batchId/export', { schema: { body: exportBody } }, async (req, reply) => {
    const { workspaceId, format } = req.body;
    reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    return reply.send(batchExportStream(replays.pairs(workspaceId, req.params.batchId), format));
  });
}
