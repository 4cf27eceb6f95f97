import { z } from 'zod';
import { metadataSchema, requestSourceSchema } from './logging.js';
import { requestStatusSchema } from './queues.js';
import { judgeVerdictSchema, reusedToolResultSchema } from './replay.js';
import { runErrorSchema, usageSchema } from './runs.js';

/** One logged request, as the history API returns it. */
export const requestRecordSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  source: requestSourceSchema,
  provider: z.string(),
  model: z.string(),
  requestBody: z.string(),
  responseBody: z.string().nullable(),
  output: z.string().nullable(),
  /** The last user message's text, its first 200 characters (see promptPreviewOf). */
  prompt: z.string().nullable(),
  status: requestStatusSchema,
  error: runErrorSchema.nullable(),
  usage: usageSchema.nullable(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  runId: z.string().nullable(),
  cost: z.number().nullable(),
  tags: z.array(z.string()),
  metadata: metadataSchema,
  score: z.number().nullable(),
  externalId: z.string().nullable(),
  replayOf: z.string().nullable(),
  forkedFrom: z.string().nullable(),
  batchId: z.string().nullable(),
  /** A replay's tool calls answered from its original's recorded results. */
  reusedToolResults: z.array(reusedToolResultSchema),
  /** A bulk replay's judge verdict (its score is also `score`). */
  judge: judgeVerdictSchema.nullable(),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;

/**
 * A request without its bodies: what the history list, and an edit of tags
 * or score, return. The bodies are stored apart from what the list reads
 * (DESIGN.md, "Data"), and are read by id when something asks for them
 * (`POST /requests/bodies`, or the request itself).
 */
export const requestSummarySchema = requestRecordSchema.omit({ requestBody: true, responseBody: true });
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** A request's bodies, as stored: the exact JSON text sent and received. */
export const requestBodiesSchema = z.object({ id: z.string(), requestBody: z.string(), responseBody: z.string().nullable() });
export type RequestBodies = z.infer<typeof requestBodiesSchema>;

/** `POST /requests/bodies`: the bodies of the workspace's requests among `ids`; others' ids are left out. */
export const requestBodiesBodySchema = z.object({ workspaceId: z.string().min(1), ids: z.array(z.string().min(1)).min(1).max(1000) });
export type RequestBodiesBody = z.infer<typeof requestBodiesBodySchema>;
export const requestBodiesAnswerSchema = z.object({ items: z.array(requestBodiesSchema) });

/** `GET /requests`: newest first, keyset-paginated. */
export const requestPageQuerySchema = z.object({
  workspaceId: z.string().min(1),
  first: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().min(1).optional(),
});
export type RequestPageQuery = z.infer<typeof requestPageQuerySchema>;

export const requestPageSchema = z.object({
  items: z.array(z.object({ cursor: z.string(), record: requestSummarySchema })),
  hasNextPage: z.boolean(),
});
export type RequestPage = z.infer<typeof requestPageSchema>;
