import { z } from 'zod';
import { chatRequestSchemaWith, DEFAULT_LIMITS, toolCallSchema, type RequestLimits } from './chat.js';

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
    /** Pub/sub channel announcing a changed provider (the message is its id), so every runner process drops its cached client. */
    providerChanged: `${prefix}:provider-changed`,
    /** A provider's in-flight requests and its starts of the last minute, across every worker. */
    providerLimit: (providerKey: string) => [`${prefix}:limit:${providerKey}:leases`, `${prefix}:limit:${providerKey}:minute`] as const,
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

/** `POST /runs` on the runner API. */
export function startRunBodySchemaWith(limits: RequestLimits) {
  return z.object({
    workspaceId: z.string().min(1),
    /** Provider id; the runner's default provider when absent. */
    provider: z.string().min(1).optional(),
    model: z.string().min(1, 'model is required'),
    request: chatRequestSchemaWith(limits),
  });
}
export const startRunBodySchema = startRunBodySchemaWith(DEFAULT_LIMITS);
export type StartRunBody = z.infer<typeof startRunBodySchema>;

export const startRunResponseSchema = z.object({
  runId: z.uuid(),
  provider: z.string(),
  model: z.string(),
});
export type StartRunResponse = z.infer<typeof startRunResponseSchema>;

/** `POST /runs/group`: 2 to 6 runs of the same conversation, queued together or not at all. */
export function startRunGroupBodySchemaWith(limits: RequestLimits) {
  const one = startRunBodySchemaWith(limits).omit({ workspaceId: true });
  return z.object({
    workspaceId: z.string().min(1),
    runs: z.array(one).min(2, 'compare at least 2 variants').max(6, 'compare at most 6 variants'),
  });
}
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
