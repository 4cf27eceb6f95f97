import { z } from 'zod';
import { requestRecordSchema } from './history.js';
import { requestFilterSchema, requestSourceSchema } from './logging.js';
import { originalSummarySchema } from './queues.js';
import { judgeConfigSchema, replayOverridesSchema } from './replay.js';
import { runErrorKindSchema } from './runs.js';

/** At most this many requests in one bulk replay. */
export const MAX_BATCH_SIZE = 100_000;

/** Which logged requests a bulk replay takes: a history filter or a list of ids, resolved once when it starts. */
export const replaySelectionSchema = z.union([
  z.object({ filter: requestFilterSchema, ids: z.undefined().optional() }),
  z.object({ ids: z.array(z.string().min(1)).min(1, 'give at least one id').max(MAX_BATCH_SIZE), filter: z.undefined().optional() }),
]);
export type ReplaySelection = z.infer<typeof replaySelectionSchema>;

export const batchOptionsSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  /** Replays of this batch in flight at once, across every worker. */
  concurrency: z.number().int().min(1, 'at least 1').max(1000).default(10),
  /** USD: the batch stops starting replays before its spend (the judge's included) would pass this. */
  budgetUsd: z.number().positive('must be more than 0').finite().optional(),
  reuseToolResults: z.boolean().default(false),
  judge: judgeConfigSchema.optional(),
});
export type BatchOptions = z.infer<typeof batchOptionsSchema>;

/** `POST /batches/estimate` and `POST /batches` on the runner API. */
export const estimateBatchBodySchema = z.object({
  workspaceId: z.string().min(1),
  selection: replaySelectionSchema,
  overrides: replayOverridesSchema.default({ fields: {} }),
});
export const createBatchBodySchema = estimateBatchBodySchema.extend({ options: batchOptionsSchema.default({ concurrency: 10, reuseToolResults: false }) });
export type CreateBatchBody = z.infer<typeof createBatchBodySchema>;

export const batchEstimateSchema = z.object({
  count: z.number().int().nonnegative(),
  /** js-tiktoken, with the target model's encoding (o200k_base when the model is unknown to it). */
  inputTokens: z.number().int().nonnegative(),
  /** The input at the target model's prices, plus the originals' output tokens at its output price; null when the price is unknown. */
  estimatedCostUsd: z.number().nonnegative().nullable(),
  /** Output tokens assumed: what the originals produced (their usage), or max_tokens when they have none. */
  outputTokens: z.number().int().nonnegative(),
  encoding: z.string(),
  /** Distinct target models of the selection, each with its count: without a model override, each request keeps its own. */
  models: z.array(z.object({ provider: z.string(), model: z.string(), count: z.number().int() })),
});
export type BatchEstimate = z.infer<typeof batchEstimateSchema>;

export const batchStatusSchema = z.enum(['queueing', 'running', 'paused', 'completed', 'cancelled', 'budget_exceeded', 'failed']);
export type BatchStatus = z.infer<typeof batchStatusSchema>;
export const TERMINAL_BATCH_STATUSES: readonly BatchStatus[] = ['completed', 'cancelled', 'budget_exceeded', 'failed'];

export const batchCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  /** Waiting for a worker (or for the batch to be resumed). */
  queued: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  /** Never started: the budget ran out first. */
  skipped: z.number().int().nonnegative(),
});
export type BatchCounts = z.infer<typeof batchCountsSchema>;

export const batchSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string().nullable(),
  status: batchStatusSchema,
  selection: replaySelectionSchema,
  overrides: replayOverridesSchema,
  options: batchOptionsSchema,
  estimate: batchEstimateSchema.nullable(),
  counts: batchCountsSchema,
  /** USD spent so far, the judge's calls included. */
  costUsd: z.number().nonnegative(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  /** Why the batch failed or stopped, in words. */
  message: z.string().nullable(),
  /** Bumped by every change of the state above: of two answers about one batch, the higher is the newer, whatever order they arrived in. */
  version: z.number().int().nonnegative(),
});
export type Batch = z.infer<typeof batchSchema>;

/** One entry of the stream `batch:{id}`: the batch's state, at most a few a second. */
export const batchProgressSchema = z.object({
  batchId: z.string(),
  status: batchStatusSchema,
  counts: batchCountsSchema,
  costUsd: z.number().nonnegative(),
  /** Replays ended per second over the last few seconds. */
  ratePerSecond: z.number().nonnegative(),
  /** Seconds until every queued replay has ended at the current rate; null when unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
  at: z.iso.datetime(),
  /** The batch's version (as `Batch.version`) this entry shows; 0 in an entry written before there were versions. */
  version: z.number().int().nonnegative().default(0),
});
export type BatchProgress = z.infer<typeof batchProgressSchema>;

/**
 * One request of a selection as history streams it to the runner
 * (`POST /requests/selection`, NDJSON): what a replay of it needs.
 */
export const selectedRequestSchema = z.object({
  id: z.string(),
  provider: z.string(),
  model: z.string(),
  source: requestSourceSchema,
  requestBody: z.string(),
  /** The original's answer text (or tool calls, as text), for the judge. */
  output: z.string().nullable(),
  completionTokens: z.number().int().nullable(),
  /** What the replay's record is compared with. */
  original: originalSummarySchema,
});
export type SelectedRequest = z.infer<typeof selectedRequestSchema>;

export const requestSelectionBodySchema = z.object({
  workspaceId: z.string().min(1),
  selection: replaySelectionSchema,
  /** Only requests started before this instant: a selection read twice gives the same requests (ISO 8601). */
  startedBefore: z.iso.datetime({ offset: true }),
});
export type RequestSelectionBody = z.infer<typeof requestSelectionBodySchema>;

/**
 * `POST /requests/selection/ids`: the ids of a selection's requests, no
 * more than `first` when given. Reads no body: whether a filter matches
 * anything, or which of a list of ids are the workspace's, at the cost of
 * the small documents alone.
 */
export const selectionIdsBodySchema = requestSelectionBodySchema.extend({
  first: z.number().int().positive().optional(),
});
export type SelectionIdsBody = z.infer<typeof selectionIdsBodySchema>;

export const selectionIdsSchema = z.object({ ids: z.array(z.string()) });
export type SelectionIds = z.infer<typeof selectionIdsSchema>;

/** A change between two JSON values, at a path such as `calls[0].arguments.city`. */
export const fieldDifferenceSchema = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  /** JSON text of the original's value (absent when added). */
  original: z.string().optional(),
  /** JSON text of the replay's value (absent when removed). */
  replay: z.string().optional(),
});
export type FieldDifference = z.infer<typeof fieldDifferenceSchema>;

export const textChangeSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });

/** How a replay's answer compares with its original's. */
export const comparisonSchema = z.object({
  sameText: z.boolean(),
  /** Word-level, from the original to the replay. */
  textDiff: z.array(textChangeSchema),
  toolCallsChanged: z.boolean(),
  /** Names and parsed arguments, call by call. */
  toolCallDifferences: z.array(fieldDifferenceSchema),
  /** For JSON output (json_object / json_schema): the answers' fields compared; null otherwise. */
  json: z
    .object({
      /** Whether the replay's answer parses and matches the request's schema. */
      valid: z.boolean(),
      error: z.string().nullable(),
      differences: z.array(fieldDifferenceSchema),
    })
    .nullable(),
  /** Replay minus original; null where either is unknown. */
  deltas: z.object({
    promptTokens: z.number().nullable(),
    completionTokens: z.number().nullable(),
    latencyMs: z.number().nullable(),
    cost: z.number().nullable(),
  }),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/** `POST /batches/:id/results` on the history API. */
export const batchResultsBodySchema = z.object({
  workspaceId: z.string().min(1),
  filter: z
    .object({
      outcome: z.enum(['changed', 'unchanged', 'failed']).optional(),
      /** Replays the judge scored below this. */
      judgedBelow: z.number().min(0).max(1).optional(),
    })
    .default({}),
  first: z.number().int().min(1).max(200).default(20),
  after: z.string().min(1).optional(),
});
export type BatchResultsBody = z.infer<typeof batchResultsBodySchema>;

/**
 * Replay minus original over a batch's replays: mean, p95, and the whole
 * distribution as bars of a round width, zero always an edge (the last bar
 * includes its upper edge).
 */
const deltaStatsSchema = z.object({
  mean: z.number().nullable(),
  p95: z.number().nullable(),
  bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
});

export const batchResultSummarySchema = z.object({
  /** Replays recorded. */
  count: z.number().int(),
  identicalShare: z.number(),
  changedToolCallsShare: z.number(),
  /** Among replays with JSON output. */
  invalidJsonShare: z.number(),
  failuresByKind: z.array(z.object({ kind: runErrorKindSchema, count: z.number().int() })),
  latencyDeltaMs: deltaStatsSchema,
  costDelta: deltaStatsSchema,
  /** Ten buckets of width 0.1, from [0, 0.1) to [0.9, 1]. */
  judgeScores: z.object({ count: z.number().int(), mean: z.number().nullable(), buckets: z.array(z.number().int()).length(10) }),
});
export type BatchResultSummary = z.infer<typeof batchResultSummarySchema>;

/** One result row: the original beside its replay. */
export const batchResultSchema = z.object({ original: requestRecordSchema, replay: requestRecordSchema, comparison: comparisonSchema });
export type BatchResult = z.infer<typeof batchResultSchema>;
export const batchResultPageSchema = z.object({
  items: z.array(batchResultSchema.extend({ cursor: z.string() })),
  hasNextPage: z.boolean(),
});
export type BatchResultPage = z.infer<typeof batchResultPageSchema>;

/** `GET /batches` on the runner API: newest first. */
export const batchListSchema = z.object({
  items: z.array(batchSchema),
  hasNextPage: z.boolean(),
  /** Pass as `after` for the next page. */
  endCursor: z.string().nullable(),
});
export type BatchList = z.infer<typeof batchListSchema>;

/** The query of `GET /batches` (answered with a BatchList): `after` is a batch id, the list's `endCursor`. */
export const batchListQuerySchema = z.object({
  workspaceId: z.string().min(1),
  first: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).optional(),
});
export type BatchListQuery = z.infer<typeof batchListQuerySchema>;
