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

/** `GET /requests`: newest first, keyset-paginated. */
export const requestPageQuerySchema = z.object({
  workspaceId: z.string().min(1),
  first: z.coerce.number().int().min(1).max(200).default(20),
  after: z.string().min(1).optional(),
});
export type RequestPageQuery = z.infer<typeof requestPageQuerySchema>;

export const requestPageSchema = z.object({
  items: z.array(z.object({ cursor: z.string(), record: requestRecordSchema })),
  hasNextPage: z.boolean(),
});
export type RequestPage = z.infer<typeof requestPageSchema>;
