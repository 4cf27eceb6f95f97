import { z } from 'zod';
import { runErrorKindSchema, usageSchema } from './runs.js';

/** At most this many requests in one `logRequests` call. */
export const MAX_LOG_BATCH = 1000;

export const requestSourceSchema = z.enum(['api', 'playground', 'replay', 'bulk']);
export type RequestSource = z.infer<typeof requestSourceSchema>;

/** Metadata values are flat: strings, numbers and booleans, under any key. */
export const metadataSchema = z.record(z.string().min(1).max(256), z.union([z.string().max(4096), z.number(), z.boolean()]));
export type Metadata = z.infer<typeof metadataSchema>;

function jsonText<T extends z.ZodType>(what: string, schema: T) {
  return z.string().superRefine((text, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not JSON: ${what} must be JSON text` });
      return;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const first = result.error.issues[0]!;
      ctx.addIssue({ code: 'custom', message: `not ${what}: ${[...first.path].join('.') || '(body)'}: ${first.message}` });
    }
  });
}

/**
 * What makes a body an OpenAI chat-completions request: a model and a list of
 * messages, each an object with a role. Nothing else is checked: a log stores
 * what the app sent, deprecated shapes (`functions`, `function_call`, a
 * message of role `function`), newer fields and content part types included.
 */
export const loggedChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.string().min(1) })).min(1),
});

/** A chat completion as received: an object with a list of choices. */
export const loggedChatCompletionSchema = z.looseObject({
  choices: z.array(z.looseObject({ index: z.number().optional() })),
});

export const logRequestItemSchema = z.object({
  /** Where the call went: `openai`, `azure-openai`, or any name. */
  provider: z.string().min(1).max(100),
  /** Defaults to the request body's `model`. */
  model: z.string().min(1).max(256).optional(),
  /** The chat request as sent: JSON text, stored exactly. */
  requestBody: jsonText('a chat completions request', loggedChatRequestSchema),
  /** The chat completion as received (JSON text), when it succeeded. */
  responseBody: jsonText('a chat completion', loggedChatCompletionSchema).optional(),
  /** Defaults to `failed` when an error is given, else `completed`. */
  status: z.enum(['completed', 'failed', 'cancelled']).optional(),
  error: z
    .object({ kind: runErrorKindSchema.optional(), message: z.string().max(16_384), status: z.number().int().optional() })
    .optional(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).optional(),
  latencyMs: z.number().int().nonnegative().optional(),
  ttftMs: z.number().int().nonnegative().optional(),
  /** Defaults to the response's `usage`. */
  usage: usageSchema.optional(),
  /** USD; computed from the model's price when absent. */
  cost: z.number().nonnegative().optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  metadata: metadataSchema.optional(),
  score: z.number().optional(),
  /** The caller's id: logging the same one twice in a workspace stores it once. */
  externalId: z.string().min(1).max(256).optional(),
});
export type LogRequestItem = z.infer<typeof logRequestItemSchema>;

/** `POST /requests` on the history API. */
export const logRequestsBodySchema = z.object({
  workspaceId: z.string().min(1),
  items: z.array(logRequestItemSchema).min(1).max(MAX_LOG_BATCH, `at most ${MAX_LOG_BATCH} requests per call`),
});
export type LogRequestsBody = z.infer<typeof logRequestsBodySchema>;
export const logRequestsResponseSchema = z.object({ ids: z.array(z.string()) });

/** Every filter of the history list; all given ones must hold. */
export const requestFilterSchema = z.object({
  model: z.array(z.string().min(1)).min(1).optional(),
  provider: z.array(z.string().min(1)).min(1).optional(),
  status: z.array(z.enum(['completed', 'failed', 'cancelled'])).min(1).optional(),
  source: z.array(requestSourceSchema).min(1).optional(),
  tagsAny: z.array(z.string().min(1)).min(1).optional(),
  tagsAll: z.array(z.string().min(1)).min(1).optional(),
  metadata: z.array(z.object({ key: z.string().min(1), value: z.union([z.string(), z.number(), z.boolean()]) })).min(1).optional(),
  startedAfter: z.iso.datetime({ offset: true }).optional(),
  startedBefore: z.iso.datetime({ offset: true }).optional(),
  /** Case-insensitive text contained in the prompt or the answer. */
  text: z.string().min(1).max(500).optional(),
  batchId: z.string().min(1).optional(),
  replayOf: z.string().min(1).optional(),
  minLatencyMs: z.number().nonnegative().optional(),
  maxLatencyMs: z.number().nonnegative().optional(),
  minCost: z.number().nonnegative().optional(),
  maxCost: z.number().nonnegative().optional(),
});
export type RequestFilter = z.infer<typeof requestFilterSchema>;

/** `POST /requests/search`: a page of the filtered list. */
export const requestSearchBodySchema = z.object({
  workspaceId: z.string().min(1),
  filter: requestFilterSchema.default({}),
  first: z.number().int().min(1).max(200).default(20),
  after: z.string().min(1).optional(),
});
export type RequestSearchBody = z.infer<typeof requestSearchBodySchema>;

export const requestStatsSchema = z.object({
  count: z.number().int(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  cost: z.number(),
  errorRate: z.number(),
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  latencyP99: z.number().nullable(),
});
export type RequestStats = z.infer<typeof requestStatsSchema>;
