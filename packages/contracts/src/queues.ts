import { z } from 'zod';
import { chatRequestSchema } from './chat.js';
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
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** BullMQ priorities: lower runs first. Interactive runs never wait behind bulk work. */
export const RunPriority = { Interactive: 1, Bulk: 10 } as const;

export const runJobSchema = z.object({
  runId: z.uuid(),
  workspaceId: z.string().min(1),
  source: z.enum(['playground', 'replay', 'bulk']),
  provider: z.string().min(1),
  model: z.string().min(1),
  /** The chat request body without model and stream, which the worker sets. */
  request: chatRequestSchema,
  queuedAt: z.iso.datetime(),
});
export type RunJob = z.infer<typeof runJobSchema>;

export const requestStatusSchema = z.enum(['completed', 'failed', 'cancelled']);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/**
 * One finished run, as the worker hands it to history. Bodies travel as the
 * exact JSON text sent and received (see DESIGN.md, "Data").
 */
export const recordJobSchema = z.object({
  runId: z.uuid(),
  workspaceId: z.string().min(1),
  source: z.enum(['playground', 'replay', 'bulk']),
  provider: z.string().min(1),
  model: z.string().min(1),
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
});
export type RecordJob = z.infer<typeof recordJobSchema>;

export interface QueuePayloads {
  [QueueName.Runs]: RunJob;
  [QueueName.Record]: RecordJob;
}
