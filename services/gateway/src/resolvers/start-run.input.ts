import { chatRequestSchemaWith, fieldIssues, type ChatRequest, type RequestLimits } from '@reprise/contracts';
import { z } from 'zod';
import { badUserInput } from '../errors.js';
import { defined } from './graphql-input.js';

export interface MessageInput {
  role?: string | null;
  content?: string | null;
  name?: string | null;
  toolCallId?: string | null;
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
}

/** GraphQL field names of the chat body's snake_case fields, to name them in errors. */
const graphqlName: Record<string, string> = {
  top_p: 'topP',
  max_tokens: 'maxTokens',
  max_completion_tokens: 'maxCompletionTokens',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  tool_call_id: 'toolCallId',
};

export interface ParsedStartRun {
  provider?: string;
  model: string;
  request: ChatRequest;
}

function inputSchemaFor(limits: RequestLimits) {
  return z.object({
    provider: z.string().min(1).optional(),
    model: z.string({ error: 'model is required' }).min(1, 'model is required'),
    request: chatRequestSchemaWith(limits),
  });
}

/** Schemas are built once per limits object, not on every mutation. */
const schemas = new WeakMap<RequestLimits, ReturnType<typeof inputSchemaFor>>();

/**
 * Checks a `startRun` input with the same contract the runner enforces, and
 * turns it into the chat body. Throws BAD_USER_INPUT naming each bad field
 * (`input.messages.0.role`), before anything is queued.
 */
export function parseStartRunInput(input: StartRunInput, limits: RequestLimits): ParsedStartRun {
  const body = defined({
    messages: input.messages?.map((m) =>
      defined({ role: m.role, content: m.content ?? (m.role === 'assistant' ? null : undefined), name: m.name, tool_call_id: m.toolCallId }),
    ),
    temperature: input.temperature,
    top_p: input.topP,
    max_tokens: input.maxTokens,
    max_completion_tokens: input.maxCompletionTokens,
    stop: input.stop,
    seed: input.seed,
    presence_penalty: input.presencePenalty,
    frequency_penalty: input.frequencyPenalty,
    user: input.user,
  });
  let schema = schemas.get(limits);
  if (!schema) schemas.set(limits, (schema = inputSchemaFor(limits)));
  const parsed = schema.safeParse({ ...defined({ provider: input.provider, model: input.model }), request: body });
  if (!parsed.success) {
    throw badUserInput(
      fieldIssues(parsed.error).map((issue) => ({
        ...issue,
        // The chat body is nested under `request` here, but its fields sit directly on the input.
        field: issue.field
          .replace(/^request\.?/, '')
          .split('.')
          .map((seg) => graphqlName[seg] ?? seg)
          .reduce((path, seg) => (seg ? `${path}.${seg}` : path), 'input'),
      })),
    );
  }
  return parsed.data;
}
