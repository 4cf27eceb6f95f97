import { z } from 'zod';
import { runErrorSchema } from './runs.js';

/**
 * Model providers a workspace configures itself (DESIGN.md, "Data":
 * `runner.providers`). Secrets go in (the API key, header values) and never
 * come back out: the views below carry the key's last four characters and
 * the header names only.
 */

export const providerKindSchema = z.enum(['openai', 'azure-openai', 'openai-compatible']);
export type ProviderKind = z.infer<typeof providerKindSchema>;

/** Ids of the providers every workspace has without any setup. */
export const BUILT_IN_PROVIDER_IDS = ['simulator', 'openai'] as const;

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048)
  // One spelling per URL: the SDK appends paths to it.
  .transform((url) => url.replace(/\/+$/, ''));

/** USD per million tokens. */
const price = z.number().finite().nonnegative('a price cannot be negative').max(1_000_000);

export const modelSupportsSchema = z.object({
  tools: z.boolean(),
  structuredOutput: z.boolean(),
  images: z.boolean(),
  streaming: z.boolean(),
});
export type ModelSupports = z.infer<typeof modelSupportsSchema>;

/** What a model is assumed to support until told otherwise: what most chat models do. */
export const DEFAULT_MODEL_SUPPORTS: Readonly<ModelSupports> = { tools: true, structuredOutput: true, images: false, streaming: true };

/** A model added by hand. Any id the provider accepts, fine-tuned ids (`ft:gpt-4o-mini:acme::abc123`) included. */
export const providerModelInputSchema = z.object({
  id: z.string().trim().min(1, 'a model id is required').max(256),
  label: z.string().trim().min(1).max(200).optional(),
  /** Without a price, the model is priced by its base model when that is known (see `priceFor`). */
  inputPricePerM: price.optional(),
  outputPricePerM: price.optional(),
  supports: modelSupportsSchema.partial().optional(),
});
export type ProviderModelInput = z.infer<typeof providerModelInputSchema>;

/** A model as stored and listed. */
export const providerModelSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  inputPricePerM: z.number().nullable(),
  outputPricePerM: z.number().nullable(),
  supports: modelSupportsSchema,
  /** `discovered` models are replaced by the next "refresh models"; `manual` ones are kept. */
  source: z.enum(['manual', 'discovered']),
});
export type ProviderModel = z.infer<typeof providerModelSchema>;

export const providerLimitsInputSchema = z.object({
  /** Requests per minute, across every worker. */
  rpm: z.number().int().positive().max(1_000_000).optional(),
  /** Requests in flight at once, across every worker. */
  concurrency: z.number().int().positive().max(100_000).optional(),
});
export const providerLimitsSchema = z.object({ rpm: z.number().int().nullable(), concurrency: z.number().int().nullable() });
export type ProviderLimits = z.infer<typeof providerLimitsSchema>;

/** HTTP header names are RFC 9110 tokens. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers that describe the request itself: overriding them would break every call. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection']);

const headerName = z
  .string()
  .min(1, 'a header name is required')
  .max(256)
  .regex(HEADER_NAME, 'not a valid HTTP header name')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'this header is set by the client itself');
// CR and LF would let a value smuggle in headers of its own.
const headerValue = z.string().max(8192).regex(/^[^\r\n\0]*$/, 'a header value cannot contain line breaks');

export const headerInputSchema = z.object({ name: headerName, value: headerValue });
/** In an update, a null value removes the header. */
export const headerPatchSchema = z.object({ name: headerName, value: headerValue.nullable() });

function uniqueBy<T>(items: T[] | undefined, key: (item: T) => string, ctx: z.RefinementCtx, path: string, what: string): void {
  const seen = new Set<string>();
  items?.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `${what} is listed twice` });
    seen.add(k);
  });
}

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

/** The fields the kind decides over: what each kind requires, and what only Azure takes. */
export interface ProviderShape {
  kind: ProviderKind;
  baseURL?: string | null | undefined;
  apiVersion?: string | null | undefined;
  hasApiKey: boolean;
}

/** Issues (field, message) for a provider whose fields do not fit its kind. */
export function providerShapeIssues(p: ProviderShape): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (p.kind !== 'openai' && !p.baseURL) {
    issues.push({ field: 'baseURL', message: p.kind === 'azure-openai' ? 'the Azure endpoint is required' : 'a base URL is required' });
  }
  if (p.kind === 'azure-openai' && !p.apiVersion) issues.push({ field: 'apiVersion', message: 'an API version is required for Azure OpenAI' });
  if (p.kind !== 'azure-openai' && p.apiVersion) issues.push({ field: 'apiVersion', message: 'only Azure OpenAI takes an API version' });
  // Self-hosted servers (Ollama, vLLM) often take no key at all.
  if (p.kind !== 'openai-compatible' && !p.hasApiKey) issues.push({ field: 'apiKey', message: 'an API key is required' });
  return issues;
}

/** `createProvider`'s input. */
export const providerInputSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(100),
    kind: providerKindSchema,
    /** The API's base URL; for Azure, the resource endpoint (`https://x.openai.azure.com`). OpenAI's own when omitted for `openai`. */
    baseURL: httpUrl.optional(),
    apiKey: optionalText(4096),
    organization: optionalText(200),
    project: optionalText(200),
    /** Azure only, e.g. `2024-10-21`. */
    apiVersion: optionalText(50),
    /** Sent on every call. Values may carry secrets: they are stored encrypted and never listed. */
    headers: z.array(headerInputSchema).max(32).optional(),
    models: z.array(providerModelInputSchema).max(1000).optional(),
    limits: providerLimitsInputSchema.optional(),
  })
  .superRefine((p, ctx) => {
    for (const issue of providerShapeIssues({ ...p, hasApiKey: !!p.apiKey })) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    uniqueBy(p.headers, (h) => h.name.toLowerCase(), ctx, 'headers', 'this header');
    uniqueBy(p.models, (m) => m.id, ctx, 'models', 'this model id');
  });
export type ProviderInput = z.infer<typeof providerInputSchema>;

/**
 * `updateProvider`'s input: what is given changes, the rest stays. An empty
 * organization or project clears it; `headers` are merged by name (a null
 * value removes one); `limits` replace the current ones. The kind is fixed.
 */
export const providerPatchSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(100).optional(),
    baseURL: httpUrl.optional(),
    apiKey: optionalText(4096),
    organization: z.string().trim().max(200).optional(),
    project: z.string().trim().max(200).optional(),
    apiVersion: optionalText(50),
    headers: z.array(headerPatchSchema).max(32).optional(),
    limits: providerLimitsInputSchema.optional(),
  })
  .superRefine((p, ctx) => uniqueBy(p.headers, (h) => h.name.toLowerCase(), ctx, 'headers', 'this header'));
export type ProviderPatch = z.infer<typeof providerPatchSchema>;

const workspaceId = z.string().min(1);

/** `POST /providers` on the runner API; issues name fields under `input`, as the GraphQL argument does. */
export const createProviderBodySchema = z.object({ workspaceId, input: providerInputSchema });
export type CreateProviderBody = z.infer<typeof createProviderBodySchema>;
/** `PUT /providers/:id`. */
export const updateProviderBodySchema = z.object({ workspaceId, input: providerPatchSchema });
export type UpdateProviderBody = z.infer<typeof updateProviderBodySchema>;
/** `POST /providers/:id/models`: adds the model, or replaces the one with its id. */
export const addModelBodySchema = z.object({ workspaceId, input: providerModelInputSchema });
export type AddModelBody = z.infer<typeof addModelBodySchema>;
/** Bodies and queries that only name the workspace. */
export const workspaceScopeSchema = z.object({ workspaceId });

/** A provider as the API shows it: never its key, only the key's last four characters; header names, never values. */
export const providerInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: providerKindSchema,
  baseURL: z.string().nullable(),
  /** Null without a key; empty for a key too short to show any of it. */
  apiKeyLast4: z.string().nullable(),
  organization: z.string().nullable(),
  project: z.string().nullable(),
  apiVersion: z.string().nullable(),
  headers: z.array(z.string()),
  models: z.array(providerModelSchema),
  limits: providerLimitsSchema,
  /** The simulator and the env-configured OpenAI: every workspace has them, none can change them. */
  builtIn: z.boolean(),
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;
export const providerListSchema = z.object({ providers: z.array(providerInfoSchema) });

/** `POST /providers/:id/test`: the outcome of the smallest real call. */
export const providerTestResultSchema = z.object({
  ok: z.boolean(),
  /** What was called: a one-token chat completion, or the model list when no model is known. */
  call: z.enum(['chat', 'models']),
  model: z.string().nullable(),
  /** The provider's HTTP status when it answered with an error. */
  status: z.number().int().nullable(),
  /** The provider's own error text when the call failed. */
  message: z.string().nullable(),
  latencyMs: z.number().int().nonnegative(),
});
export type ProviderTestResult = z.infer<typeof providerTestResultSchema>;

/** `POST /providers/:id/refresh-models`: the provider with its new model list, or what the provider answered instead. */
export const refreshModelsResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), provider: providerInfoSchema }),
  z.object({ ok: z.literal(false), error: runErrorSchema }),
]);
export type RefreshModelsResponse = z.infer<typeof refreshModelsResponseSchema>;

export const deletedProviderSchema = z.object({ deleted: z.literal(true) });
