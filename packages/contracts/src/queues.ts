import { z } from 'zod';
import { judgeConfigSchema, judgeVerdictSchema, reusedToolResultSchema } from './replay.js';
import { runErrorSchema, usageSchema } from './runs.js';

/**
 * BullMQ queue names. These values are stored in Redis keys: they must never
 * change, or jobs already queued under the old name are orphaned.
 */
export const QueueName = {
  /** Model calls, consumed by runner workers. */
  Runs: 'runs',
  /** Finished runs on their way into history, consumed by the history service. */
  Record: 'record',
  /**
   * Bulk replays, consumed by runner workers with a concurrency of their own:
   * a batch of thousands never holds a slot an interactive run needs.
   */
  Replays: 'replays',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/**
 * BullMQ priorities: lower runs first. Only `runs` has one: bulk replays have
 * a queue and workers of their own (`replays`), so they never wait in front
 * of an interactive run.
 */
export const RunPriority = { Interactive: 1 } as const;

/**
 * How an interactive run is added to `runs`, by whichever process queues it
 * (the gateway, or the runner API's POST /runs): the run id is the job id,
 * so a run is queued once. Our own faults (Redis unreachable mid-run) are
 * retried; a provider's answer, even an error, ends the run and is never
 * retried here.
 */
export function interactiveRunJobOptions(runId: string) {
  return {
    jobId: runId,
    priority: RunPriority.Interactive,
    attempts: 3,
    backoff: { type: 'exponential' as const, delay: 500 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export const requestStatusSchema = z.enum(['completed', 'failed', 'cancelled']);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/**
 * What a replay is compared with, read from its original when the replay is
 * queued and carried with it, so that history records a bulk replay without
 * reading the original again (a lookup by id reads the whole collection on
 * FerretDB). History writes it (`POST /requests/selection`); the runner
 * carries it unread from the selection to the record.
 */
export const originalSummarySchema = z.object({
  status: requestStatusSchema,
  /** The first choice's text. */
  text: z.string(),
  /** The first choice's tool calls (and a legacy function_call), as the model wrote them. */
  calls: z.array(z.object({ name: z.string(), arguments: z.string() })),
  usage: usageSchema.nullable(),
  latencyMs: z.number().nullable(),
  cost: z.number().nullable(),
});
export type OriginalSummary = z.infer<typeof originalSummarySchema>;

export const runSourceSchema = z.enum(['playground', 'replay', 'bulk']);
export type RunSource = z.infer<typeof runSourceSchema>;

export const runJobSchema = z.object({
  runId: z.uuid(),
  workspaceId: z.string().min(1),
  source: runSourceSchema,
  provider: z.string().min(1),
  model: z.string().min(1),
  /**
   * The chat request body as JSON text, exactly as it is to be sent, except
   * `model`, `stream` and `stream_options`, which the worker splices in. Text,
   * not an object: a replay sends the stored body value for value (DESIGN.md,
   * "Replay"), which a JavaScript object cannot always hold.
   */
  body: z.string().min(2),
  /** The logged request this run replays. */
  replayOf: z.string().min(1).optional(),
  /** The request a playground run was made from (restored in the editor, then edited); the gateway checked it is the workspace's. */
  forkedFrom: z.string().min(1).optional(),
  /** The bulk replay this run belongs to (queue `replays`). */
  batchId: z.string().min(1).optional(),
  /**
   * Answer the model's tool calls from the tool results recorded in the
   * original conversation (same name, arguments equal as JSON) and continue.
   */
  reuseToolResults: z.boolean().optional(),
  /**
   * With reuseToolResults, the body whose conversation holds the recorded
   * tool results, when it is not `body` itself (the replay's messages were
   * overridden, e.g. cut back to the first user turn to replay an agent to its end).
   */
  toolResultsFrom: z.string().min(2).optional(),
  /** A bulk replay's judge, with the original answer it compares against. */
  judge: judgeConfigSchema.extend({ provider: z.string().min(1), originalAnswer: z.string() }).optional(),
  /** A bulk replay's original, as history summarised it: handed on to the record unread. */
  original: originalSummarySchema.optional(),
  queuedAt: z.iso.datetime(),
});
export type RunJob = z.infer<typeof runJobSchema>;

/** What a caller asks of a run; the rest of its job is filled in by `interactiveRunJob`. */
export type RunRequest = Pick<RunJob, 'model' | 'body'> & Partial<Pick<RunJob, 'source' | 'replayOf' | 'forkedFrom' | 'reuseToolResults' | 'toolResultsFrom'>>;

/**
 * An interactive run's job, with a new run id. The body text goes on the job
 * as it came: the worker sends it byte for byte, model and streaming spliced in.
 */
export function interactiveRunJob(workspaceId: string, provider: string, run: RunRequest): RunJob {
  return {
    runId: crypto.randomUUID(),
    workspaceId,
    source: run.source ?? 'playground',
    provider,
    model: run.model,
    body: run.body,
    ...(run.replayOf ? { replayOf: run.replayOf } : {}),
    ...(run.forkedFrom ? { forkedFrom: run.forkedFrom } : {}),
    ...(run.reuseToolResults ? { reuseToolResults: true } : {}),
    ...(run.reuseToolResults && run.toolResultsFrom ? { toolResultsFrom: run.toolResultsFrom } : {}),
    queuedAt: new Date().toISOString(),
  };
}

/**
 * One finished run, as the worker hands it to history. Bodies travel as the
 * exact JSON text sent and received (see DESIGN.md, "Data").
 */
export const recordJobSchema = z.object({
  runId: z.uuid(),
  workspaceId: z.string().min(1),
  source: runSourceSchema,
  provider: z.string().min(1),
  model: z.string().min(1),
  /** The last body sent (with reused tool results, the conversation as it grew). */
  requestBody: z.string(),
  responseBody: z.string().nullable(),
  /** The assistant text, as the worker assembled it: for lists and search. */
  output: z.string().nullable(),
  /** Names of the functions the request offered, for the tool filter; the worker has them, history need not re-read the body. */
  toolNames: z.array(z.string()),
  /** The request's message text, joined, for search. */
  promptText: z.string(),
  status: requestStatusSchema,
  error: runErrorSchema.nullable(),
  usage: usageSchema.nullable(),
  /** USD at the provider's prices (list prices when it has none), computed once by the worker; null when unknown. */
  cost: z.number().nonnegative().nullable(),
  latencyMs: z.number().int().nonnegative(),
  ttftMs: z.number().int().nonnegative().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  replayOf: z.string().min(1).nullable().optional(),
  forkedFrom: z.string().min(1).nullable().optional(),
  batchId: z.string().min(1).nullable().optional(),
  /** Tool calls answered from the original conversation's recorded results, in order. */
  reusedToolResults: z.array(reusedToolResultSchema).optional(),
  /** The bulk replay's judge, when it had one; its score becomes the record's score. */
  judge: judgeVerdictSchema.nullable().optional(),
  /** The original this replay is compared with (bulk replays); without it, history reads the original. */
  original: originalSummarySchema.optional(),
});
export type RecordJob = z.infer<typeof recordJobSchema>;

/**
 * The `record` queue's two kinds of job, by name: one run (`record`, job id =
 * run id: an interactive run's, queued as it ends) or several (`records`,
 * bulk replays' runs that ended together, queued as one job: history then
 * stores them without a queue round trip each). History stores a run once
 * whichever way it came, by run id.
 */
export const RecordJobName = { One: 'record', Many: 'records' } as const;

export const recordBatchJobSchema = z.object({ records: z.array(recordJobSchema).min(1) });
export type RecordBatchJob = z.infer<typeof recordBatchJobSchema>;

export interface QueuePayloads {
  [QueueName.Runs]: RunJob;
  [QueueName.Record]: RecordJob | RecordBatchJob;
  [QueueName.Replays]: RunJob;
}
