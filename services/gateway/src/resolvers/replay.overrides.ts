import { chatOverridesSchemaWith, fieldIssues, fillTemplate, jsonTextOf, RawJson, WORKER_BODY_FIELDS, type ChatRequest, type RequestLimits, type ReplayOverrides } from '@reprise/contracts';
import type { ReplayOverrides as ReplayOverridesInput } from '../__generated__/resolvers-types.js';
import { badUserInput } from '../errors.js';
import { chatBodyShape, toBody } from './chat-body.fields.js';
import { inputFieldOf } from './start-run.input.js';

/** Schemas are built once per limits object. */
const schemas = new WeakMap<RequestLimits, ReturnType<typeof chatOverridesSchemaWith>>();

/** A seed as the body holds it: a number while exact, else its digits written as they are. */
export function seedValue(seed: string): number | RawJson {
  const n = Number(seed);
  return Number.isSafeInteger(n) ? n : new RawJson(seed);
}

export interface ParsedOverrides extends ReplayOverrides {
  /** The overriding messages, when given (after their variables are filled). */
  messages?: unknown[];
}

/**
 * A replay's overrides as the services take them: provider, model, and each
 * overridden top-level body field as JSON text (null: left out). Each field
 * is checked as `startRun` checks it; a refusal names it under `path`
 * (`overrides.tools.0.parameters.type`), before anything is queued.
 */
export function parseOverrides(input: ReplayOverridesInput | null | undefined, limits: RequestLimits, path = 'overrides'): ParsedOverrides {
  if (!input) return { fields: {} };
  const { provider, model, variables, extra, remove, seed, ...typed } = input;
  const at = (field: string) => `${path}.${field}`;
  if (provider === '') throw badUserInput([{ field: at('provider'), message: 'give a provider id, or leave it out' }]);
  if (model === '') throw badUserInput([{ field: at('model'), message: 'give a model id, or leave it out' }]);
  for (const key of [...Object.keys(extra ?? {}), ...(remove ?? [])]) {
    if ((WORKER_BODY_FIELDS as readonly string[]).includes(key)) {
      const where = remove?.includes(key) ? 'remove' : `extra.${key}`;
      throw badUserInput([{ field: at(where), message: key === 'model' ? 'give the model as overrides.model' : `${key} is set by the worker on every run` }]);
    }
  }
  const body: Record<string, unknown> = { ...(extra ?? {}), ...toBody(chatBodyShape, typed as Record<string, unknown>) };
  const parsed = (schemas.get(limits) ?? schemas.set(limits, chatOverridesSchemaWith(limits)).get(limits)!).safeParse(body);
  if (!parsed.success) throw badUserInput(fieldIssues(parsed.error).map((i) => ({ ...i, field: at(inputFieldOf(i.field)) })));
  let checked = parsed.data as Record<string, unknown>;
  if (checked.messages) {
    const filled = fillTemplate(checked as ChatRequest, (variables ?? {}) as Record<string, string | number | boolean>);
    if (filled.issues.length) throw badUserInput(filled.issues.map((i) => ({ ...i, field: at(i.field.startsWith('messages.') ? inputFieldOf(i.field) : i.field) })));
    checked = filled.request;
  }
  const fields: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(checked)) if (value !== undefined) fields[key] = jsonTextOf(value);
  if (seed !== null && seed !== undefined) fields.seed = jsonTextOf(seedValue(seed));
  for (const key of remove ?? []) if (!(key in fields)) fields[key] = null;
  return {
    ...(provider ? { provider } : {}),
    ...(model ? { model } : {}),
    fields,
    ...(Array.isArray(checked.messages) ? { messages: checked.messages } : {}),
  };
}
