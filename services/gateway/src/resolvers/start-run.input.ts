import { chatRequestSchemaWith, fieldIssues, fillTemplate, type ChatRequest, type RequestLimits } from '@reprise/contracts';
import { z } from 'zod';
import type { StartRunInput } from '../__generated__/resolvers-types.js';
import { badUserInput } from '../errors.js';
import { chatBodyShape, inputPath, toBody } from './chat-body.fields.js';
import { defined } from './graphql-input.js';
import { seedValue } from './replay.overrides.js';

/**
 * The chat body a start-run input describes: its typed fields over the
 * provider-specific `extra`. The seed (Int64 digits) is checked by its
 * scalar and added after the contract's check, which wants a JS number.
 */
function chatBody(input: StartRunInput): Record<string, unknown> {
  const { seed: _seed, ...rest } = input;
  return { ...(input.extra ?? {}), ...toBody(chatBodyShape, rest as Record<string, unknown>) };
}

/** A body path as the input spells it: `messages.0.tool_calls.1.function.name` → `messages.0.toolCalls.1.name`. */
export function inputFieldOf(bodyPath: string): string {
  return inputPath(chatBodyShape, bodyPath.split('.')).join('.');
}

function inputSchemaFor(limits: RequestLimits) {
  return z.object({
    provider: z.string().min(1).optional(),
    model: z.string({ error: 'model is required' }).min(1, 'model is required'),
    variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    request: chatRequestSchemaWith(limits),
  });
}

/** Schemas are built once per limits object, not on every mutation. */
const schemas = new WeakMap<RequestLimits, ReturnType<typeof inputSchemaFor>>();

export interface ParsedStartRun {
  provider?: string;
  model: string;
  request: ChatRequest;
}

/**
 * Checks a `startRun` input with the same contract the runner enforces (tool
 * and response schemas with ajv included), fills its template variables, and
 * turns it into the chat body. Throws BAD_USER_INPUT naming each bad field
 * (`input.messages.0.role`, `input.tools.0.parameters.type`), before anything
 * is queued. `fieldPath` places an input field in the operation (under
 * `input` by default; a compared variant names its own fields).
 */
export function parseStartRunInput(input: StartRunInput, limits: RequestLimits, fieldPath: (field: string) => string = (f) => `input.${f}`): ParsedStartRun {
  let schema = schemas.get(limits);
  if (!schema) schemas.set(limits, (schema = inputSchemaFor(limits)));
  const parsed = schema.safeParse({
    ...defined({ provider: input.provider, model: input.model, variables: input.variables }),
    request: chatBody(input),
  });
  if (!parsed.success) {
    throw badUserInput(
      fieldIssues(parsed.error).map((issue) => ({
        ...issue,
        // The chat body is nested under `request` here, but its fields sit directly on the input.
        field: fieldPath(issue.field.startsWith('request.') ? inputFieldOf(issue.field.slice('request.'.length)) : issue.field),
      })),
    );
  }
  const { provider, model, request, variables } = parsed.data;
  const filled = fillTemplate(request, variables ?? {});
  if (filled.issues.length) throw badUserInput(filled.issues.map((i) => ({ ...i, field: fieldPath(i.field.startsWith('messages.') ? inputFieldOf(i.field) : i.field) })));
  const withSeed = input.seed === null || input.seed === undefined ? filled.request : { ...filled.request, seed: seedValue(input.seed) as number };
  return { ...(provider ? { provider } : {}), model, request: withSeed };
}
