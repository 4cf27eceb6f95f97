import { z } from 'zod';
import { toolCallSchema } from './chat.js';
import { reusedToolResultSchema } from './replay.js';

export const runErrorKindSchema = z.enum([
  'rate_limited',
  'timeout',
  'auth',
  'invalid_request',
  'provider_error',
  'internal',
]);
export type RunErrorKind = z.infer<typeof runErrorKindSchema>;

export const runErrorSchema = z.object({
  kind: runErrorKindSchema,
  /** The provider's own message when it sent one. */
  message: z.string(),
  /** The provider's HTTP status, when there was a response. */
  status: z.number().int().optional(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const usageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof usageSchema>;

/** Events of one run, appended in order to the Redis Stream `run:{id}`. */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), provider: z.string(), model: z.string(), at: z.iso.datetime() }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  /** A piece of a tool call, as the provider streams it: id and name first, then the arguments in pieces. */
  z.object({
    type: z.literal('tool_call_delta'),
    index: z.number().int().nonnegative(),
    id: z.string().optional(),
    name: z.string().optional(),
    arguments: z.string().optional(),
  }),
  z.object({
    type: z.literal('completed'),
    message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), toolCalls: z.array(toolCallSchema).optional() }),
    finishReason: z.string().nullable(),
    usage: usageSchema.nullable(),
    /** USD, from the model's price; null when the price is unknown. */
    cost: z.number().nullable().optional(),
    latencyMs: z.number().int().nonnegative(),
    ttftMs: z.number().int().nonnegative().nullable(),
    /** For json_object / json_schema output: whether the answer parses and matches. */
    structuredOutput: z.object({ valid: z.boolean(), error: z.string().nullable() }).nullable().optional(),
  }),
  z.object({ type: z.literal('failed'), error: runErrorSchema, latencyMs: z.number().int().nonnegative() }),
  /** The run was stopped on request; what had streamed so far. */
  z.object({
    type: z.literal('cancelled'),
    partial: z.object({ content: z.string(), toolCalls: z.array(toolCallSchema) }),
    latencyMs: z.number().int().nonnegative(),
  }),
  /**
   * With reuseToolResults: the model's tool calls were answered from the
   * original conversation's recorded results, and the next turn starts; its
   * text and tool calls stream after this event.
   */
  z.object({ type: z.literal('tool_results'), step: z.number().int().min(1), results: z.array(reusedToolResultSchema) }),
  /**
   * An attempt failed in a way worth retrying (or its worker was lost); the
   * next starts after `delayMs`. With `discardOutput`, the text and tool
   * calls streamed so far are void: the next attempt streams its own.
   */
  z.object({
    type: z.literal('retrying'),
    attempt: z.number().int().min(2),
    delayMs: z.number().int().nonnegative(),
    error: runErrorSchema,
    discardOutput: z.boolean(),
  }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;
export type TerminalRunEvent = Extract<RunEvent, { type: 'completed' | 'failed' | 'cancelled' }>;

export function isTerminal(event: RunEvent): event is TerminalRunEvent {
  return event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled';
}

/**
 * Every Redis key and channel the project writes, under one configured prefix
 * (`REDIS_PREFIX`, BullMQ's prefix too), so two deployments, or a deployment
 * and the tests, can share a Redis. The shapes are shared by processes: never
 * change them, or what is stored under the old ones is orphaned.
 */
export function redisKeys(prefix: string) {
  return {
    prefix,
    /** The Redis Stream of a run's events. */
    runStream: (runId: string) => `${prefix}:run:${runId}`,
    /**
     * The workspace a run belongs to, written by the runner API before the run
     * is queued, so a subscriber can be checked before its run has any event.
     */
    runOwner: (runId: string) => `${prefix}:run:${runId}:workspace`,
    /** Set when a run is asked to stop; a worker checks it before it starts the run. */
    runCancel: (runId: string) => `${prefix}:run:${runId}:cancel`,
    /** Pub/sub channel on which cancel requests reach the worker running the run. */
    runCancelChannel: `${prefix}:run-cancel`,
    /** The Redis Stream of a batch's progress (each entry its whole state, so the last one is the current state). */
    batchStream: (batchId: string) => `${prefix}:batch:${batchId}`,
    /** The workspace a batch belongs to, as runOwner for runs. */
    batchOwner: (batchId: string) => `${prefix}:batch:${batchId}:workspace`,
    /** A batch's live state (status, limits, counts, spend), shared by every runner process; `batch:{id}:*` may hold more. */
    batchState: (batchId: string) => `${prefix}:batch:${batchId}:state`,
    /** Pub/sub channel announcing a changed provider (the message is its id), so every runner process drops its cached client. */
    providerChanged: `${prefix}:provider-changed`,
    /** A provider's in-flight requests, its starts of the last minute, and when its next start may be, across every worker. */
    providerLimit: (providerKey: string) => [`${prefix}:limit:${providerKey}:leases`, `${prefix}:limit:${providerKey}:minute`, `${prefix}:limit:${providerKey}:pace`] as const,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

/**
 * Whether the run belongs to the workspace: the one ownership check, used by
 * every reader (subscriptions, cancel). Another workspace's run and a run
 * that does not exist read the same.
 */
export async function runOwnedBy(redis: { get(key: string): Promise<string | null> }, keys: RedisKeys, runId: string, workspaceId: string): Promise<boolean> {
  return (await redis.get(keys.runOwner(runId))) === workspaceId;
}

/** How long a run's owner is remembered: as long as any of its events can be read. */
export const RUN_OWNER_TTL_SECONDS = 7 * 24 * 3600;

/** Field name under which each stream entry carries its JSON-encoded event. */
export const RUN_EVENT_FIELD = 'e';

/**
 * What makes JSON text a chat completions body the runner can send: an
 * object with a list of messages. The rest is the caller's to check (the
 * gateway checks a playground run's fields; a replay sends what was logged).
 */
export const chatBodyTextSchema = z.string().superRefine((text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON text' });
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) ctx.addIssue({ code: 'custom', message: 'not a JSON object' });
  else if (!Array.isArray((value as { messages?: unknown }).messages) || (value as { messages: unknown[] }).messages.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'needs a non-empty messages list' });
  }
});

const runSpecSchema = z.object({
  /** Provider id; the runner's default provider when absent. */
  provider: z.string().min(1).optional(),
  model: z.string().min(1, 'model is required'),
  /** The body as JSON text, sent as is but for `model` and `stream` (see RunJob.body). */
  body: chatBodyTextSchema,
  /** See RunJob.forkedFrom. */
  forkedFrom: z.string().min(1).optional(),
});

/** `POST /runs` on the runner API. */
export const startRunBodySchema = runSpecSchema.extend({
  workspaceId: z.string().min(1),
  source: z.enum(['playground', 'replay']).default('playground'),
  replayOf: z.string().min(1).optional(),
  reuseToolResults: z.boolean().optional(),
  /** See RunJob.toolResultsFrom. */
  toolResultsFrom: z.string().min(2).optional(),
});
export type StartRunBody = z.input<typeof startRunBodySchema>;

export const startRunResponseSchema = z.object({
  runId: z.uuid(),
  provider: z.string(),
  model: z.string(),
});
export type StartRunResponse = z.infer<typeof startRunResponseSchema>;

/** `POST /runs/group`: 2 to 6 runs of the same conversation, queued together or not at all. */
export const startRunGroupBodySchema = z.object({
  workspaceId: z.string().min(1),
  runs: z.array(runSpecSchema).min(2, 'compare at least 2 variants').max(6, 'compare at most 6 variants'),
});
export const startRunGroupResponseSchema = z.object({ groupId: z.uuid(), runs: z.array(startRunResponseSchema) });
export type StartRunGroupResponse = z.infer<typeof startRunGroupResponseSchema>;

/** `GET /models` on the runner API. */
export const modelInfoSchema = z.object({
  provider: z.string(),
  providerLabel: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;
export const modelListSchema = z.object({ models: z.array(modelInfoSchema) });
