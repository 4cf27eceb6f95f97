import { chatRequestSchemaWith, fieldIssues, fillTemplate, type ChatRequest, type RequestLimits } from '@reprise/contracts';
import { z } from 'zod';
import { badUserInput } from '../errors.js';
import { defined } from './graphql-input.js';

export interface MessageInput {
  role?: string | null;
  content?: string | null;
  parts?: { type?: string | null; text?: string | null; imageUrl?: string | null; detail?: string | null }[] | null;
  name?: string | null;
  toolCallId?: string | null;
  toolCalls?: { id?: string | null; name?: string | null; arguments?: string | null }[] | null;
}

export interface StartRunInput {
  provider?: string | null;
  model?: string | null;
  messages?: MessageInput[] | null;
  temperature?: number | null;
  topP?: number | null;
  maxTokens?: number | null;
  maxCompletionTokens?: number | null;
  stop?: string[] | null;
  seed?: number | null;
  presencePenalty?: number | null;
  frequencyPenalty?: number | null;
  user?: string | null;
  logitBias?: Record<string, unknown> | null;
  reasoningEffort?: string | null;
  n?: number | null;
  variables?: Record<string, unknown> | null;
  tools?: { name?: string | null; description?: string | null; parameters?: Record<string, unknown> | null; strict?: boolean | null }[] | null;
  toolChoice?: { mode?: string | null; function?: string | null } | null;
  parallelToolCalls?: boolean | null;
  responseFormat?: { type?: string | null; name?: string | null; description?: string | null; schema?: Record<string, unknown> | null; strict?: boolean | null } | null;
  extra?: Record<string, unknown> | null;
}

/** The chat body's field names as the GraphQL input spells them, to name them in errors. */
const RENAMES: [RegExp, string][] = [
  [/^top_p/, 'topP'],
  [/^max_tokens/, 'maxTokens'],
  [/^max_completion_tokens/, 'maxCompletionTokens'],
  [/^presence_penalty/, 'presencePenalty'],
  [/^frequency_penalty/, 'frequencyPenalty'],
  [/^logit_bias/, 'logitBias'],
  [/^reasoning_effort/, 'reasoningEffort'],
  [/^parallel_tool_calls/, 'parallelToolCalls'],
  [/^tool_choice\.function\.name/, 'toolChoice.function'],
  [/^tool_choice/, 'toolChoice'],
  [/^response_format\.json_schema\./, 'responseFormat.'],
  [/^response_format/, 'responseFormat'],
  [/^tools\.(\d+)\.function\./, 'tools.$1.'],
  [/^messages\.(\d+)\.tool_call_id/, 'messages.$1.toolCallId'],
  [/^messages\.(\d+)\.tool_calls\.(\d+)\.function\./, 'messages.$1.toolCalls.$2.'],
  [/^messages\.(\d+)\.tool_calls/, 'messages.$1.toolCalls'],
  [/^messages\.(\d+)\.content\.(\d+)\.image_url\.url/, 'messages.$1.parts.$2.imageUrl'],
  [/^messages\.(\d+)\.content\.(\d+)\.image_url\.detail/, 'messages.$1.parts.$2.detail'],
  [/^messages\.(\d+)\.content\.(\d+)/, 'messages.$1.parts.$2'],
];

function graphqlPath(bodyPath: string): string {
  for (const [pattern, replacement] of RENAMES) if (pattern.test(bodyPath)) return bodyPath.replace(pattern, replacement);
  return bodyPath;
}

function messageBody(m: MessageInput) {
  const content = m.parts
    ? m.parts.map((p) =>
        p.type === 'image_url'
          ? { type: 'image_url', image_url: defined({ url: p.imageUrl, detail: p.detail }) }
          : defined({ type: p.type, text: p.text }),
      )
    : (m.content ?? (m.role === 'assistant' && m.toolCalls ? null : undefined));
  const message = defined({
    role: m.role,
    content,
    name: m.name,
    tool_call_id: m.toolCallId,
    tool_calls: m.toolCalls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
  });
  // An assistant turn that only called tools has content null, as the API sends it.
  return content === null ? { ...message, content: null } : message;
}

function chatBody(input: StartRunInput): Record<string, unknown> {
  const format = input.responseFormat;
  return {
    ...(input.extra ?? {}),
    ...defined({
      messages: input.messages?.map(messageBody),
      temperature: input.temperature,
      top_p: input.topP,
      max_tokens: input.maxTokens,
      max_completion_tokens: input.maxCompletionTokens,
      stop: input.stop,
      seed: input.seed,
      presence_penalty: input.presencePenalty,
      frequency_penalty: input.frequencyPenalty,
      user: input.user,
      logit_bias: input.logitBias,
      reasoning_effort: input.reasoningEffort,
      n: input.n,
      tools: input.tools?.map((t) => ({ type: 'function', function: defined({ name: t.name, description: t.description, parameters: t.parameters, strict: t.strict }) })),
      tool_choice: input.toolChoice ? (input.toolChoice.function ? { type: 'function', function: { name: input.toolChoice.function } } : input.toolChoice.mode) : undefined,
      parallel_tool_calls: input.parallelToolCalls,
      response_format: format
        ? format.type === 'json_schema'
          ? { type: 'json_schema', json_schema: defined({ name: format.name, description: format.description, schema: format.schema, strict: format.strict }) }
          : { type: format.type }
        : undefined,
    }),
  };
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
 * (`input.messages.0.role`, `input.tools.0.parameters.type`), before anything is queued.
 */
export function parseStartRunInput(input: StartRunInput, limits: RequestLimits): ParsedStartRun {
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
        field: `input.${graphqlPath(issue.field.replace(/^request\./, ''))}`,
      })),
    );
  }
  const { provider, model, request, variables } = parsed.data;
  const filled = fillTemplate(request, variables ?? {});
  if (filled.issues.length) throw badUserInput(filled.issues.map((i) => ({ ...i, field: `input.${i.field}` })));
  return { ...(provider ? { provider } : {}), model, request: filled.request };
}
