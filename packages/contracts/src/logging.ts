import { z } from 'zod';
import { runErrorKindSchema, usageSchema } from './runs.js';

/** At most this many requests in one `logRequests` call. */
export const MAX_LOG_BATCH = 1000;

export const requestSourceSchema = z.enum(['api', 'playground', 'replay', 'bulk']);
export type RequestSource = z.infer<typeof requestSourceSchema>;

/** Metadata values are flat: strings, numbers and booleans, under any key. */
export const metadataSchema = z.record(z.string().min(1).max(256), z.union([z.string().max(4096), z.number(), z.boolean()]));
export type Metadata = z.infer<typeof metadataSchema>;

/** A logged body once history has checked it: the text received, stored as is, and the value it parses to, read for what queries need. */
export interface ParsedBody {
  text: string;
  value: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a shape check finds wrong: the path in the body and why, or null when the shape holds. */
type ShapeIssue = { path: string; message: string } | null;

/**
 * What makes a body an OpenAI chat-completions request: a model and a list of
 * messages, each an object with a role. Nothing else is checked: a log stores
 * what the app sent, deprecated shapes (`functions`, `function_call`, a
 * message of role `function`), newer fields and content part types included.
 * A loop rather than a zod schema: it runs on every logged request, and a
 * full parse of every message cost more than the rest of the item's checks.
 */
export function chatRequestIssue(body: unknown): ShapeIssue {
  if (!isObject(body)) return { path: '(body)', message: 'expected an object' };
  if (typeof body.model !== 'string' || body.model.length === 0) return { path: 'model', message: 'expected a non-empty string' };
  const { messages } = body;
  if (!Array.isArray(messages)) return { path: 'messages', message: 'expected an array' };
  if (messages.length === 0) return { path: 'messages', message: 'expected at least one message' };
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message)) return { path: `messages.${i}`, message: 'expected an object' };
    if (typeof message.role !== 'string' || message.role.length === 0) return { path: `messages.${i}.role`, message: 'expected a non-empty string' };
  }
  return null;
}

/** A chat completion as received: an object with a list of choices, each an object (with a numeric index, if any). */
export function chatCompletionIssue(body: unknown): ShapeIssue {
  if (!isObject(body)) return { path: '(body)', message: 'expected an object' };
  const { choices } = body;
  if (!Array.isArray(choices)) return { path: 'choices', message: 'expected an array' };
  for (let i = 0; i < choices.length; i++) {
    const choice: unknown = choices[i];
    if (!isObject(choice)) return { path: `choices.${i}`, message: 'expected an object' };
    if (choice.index !== undefined && typeof choice.index !== 'number') return { path: `choices.${i}.index`, message: 'expected a number' };
  }
  return null;
}

/**
 * JSON text of a given shape, parsed once: the value comes out beside the
 * text, so what reads the body next (history's extraction) does not parse it
 * again, and the text is what is stored.
 */
function parsedJsonText(what: string, issueOf: (value: unknown) => ShapeIssue) {
  return z.string().transform((text, ctx): ParsedBody => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not JSON: ${what} must be JSON text` });
      return z.NEVER;
    }
    const issue = issueOf(value);
    if (issue) {
      ctx.addIssue({ code: 'custom', message: `not ${what}: ${issue.path}: ${issue.message}` });
      return z.NEVER;
    }
    return { text, value };
  });
}

/** A logged request, its bodies checked by the schemas given. */
function logRequestItem<Body extends z.ZodType>(requestBody: Body, responseBody: Body) {
  return z.object({
    /** Where the call went: `openai`, `azure-openai`, or any name. */
    provider: z.string().min(1).max(100),
    /** Defaults to the request body's `model`. */
    model: z.string().min(1).max(256).optional(),
    /** The chat request as sent: JSON text, stored exactly. */
    requestBody,
    /** The chat completion as received (JSON text), when it succeeded. */
    responseBody: responseBody.optional(),
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
}

/**
 * A logged request as the gateway checks it and sends it on: every field,
 * the bodies as text. Whether the bodies are JSON of the right shape is
 * checked where they are parsed anyway, by history (checkedLogRequestItemSchema),
 * whose refusal the gateway passes on naming the same field.
 */
export const logRequestItemSchema = logRequestItem(z.string(), z.string());
export type LogRequestItem = z.infer<typeof logRequestItemSchema>;

/** A logged request as history checks it: its bodies JSON of the right shape, each kept as text and value. */
export const checkedLogRequestItemSchema = logRequestItem(
  parsedJsonText('a chat completions request', chatRequestIssue),
  parsedJsonText('a chat completion', chatCompletionIssue),
);
export type CheckedLogRequestItem = z.infer<typeof checkedLogRequestItemSchema>;

/** `POST /requests` on the history API. */
export const logRequestsBodySchema = z.object({
  workspaceId: z.string().min(1),
  items: z.array(checkedLogRequestItemSchema).min(1).max(MAX_LOG_BATCH, `at most ${MAX_LOG_BATCH} requests per call`),
});
/** What is sent: the bodies as text. */
export type LogRequestsBody = z.input<typeof logRequestsBodySchema>;
/** What history's route reads once the body is checked. */
export type CheckedLogRequestsBody = z.output<typeof logRequestsBodySchema>;
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
