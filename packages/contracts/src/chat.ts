import { z } from 'zod';
import { schemaProblems } from './json-schema.js';

/**
 * The OpenAI chat-completions request body, as Reprise accepts it for a run
 * (without `model` and `stream`, which the worker sets). Unknown top-level
 * fields are kept, so a provider-specific field reaches the provider as given.
 */
/** `function` is the deprecated answer to a legacy `function_call`; the API still takes it, so a replay may send it. */
export const chatRoleSchema = z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
export type ChatRole = z.infer<typeof chatRoleSchema>;

const contentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
  }),
]);

export const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const chatMessageSchema = z
  .object({
    role: chatRoleSchema,
    content: z.union([z.string(), z.array(contentPartSchema).min(1)]).nullable(),
    name: z.string().min(1).optional(),
    tool_call_id: z.string().min(1).optional(),
    tool_calls: z.array(toolCallSchema).min(1).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.role === 'function' && !m.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a function message needs the name of the function it answers' });
    if (m.role === 'tool' && !m.tool_call_id) ctx.addIssue({ code: 'custom', path: ['tool_call_id'], message: 'a tool message needs the id of the call it answers' });
    if (m.tool_calls && m.role !== 'assistant') ctx.addIssue({ code: 'custom', path: ['tool_calls'], message: 'only assistant messages carry tool calls' });
    if (m.content === null && !(m.role === 'assistant' && m.tool_calls)) ctx.addIssue({ code: 'custom', path: ['content'], message: 'content is required' });
  });

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export const toolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(FUNCTION_NAME, 'letters, digits, _ and -, at most 64'),
    description: z.string().optional(),
    /** A JSON Schema, checked with ajv before the run. */
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().optional(),
  }),
});

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().regex(FUNCTION_NAME, 'letters, digits, _ and -, at most 64'),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()),
      strict: z.boolean().optional(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export interface RequestLimits {
  /** Largest UTF-8 size of one message's content, in bytes. */
  maxMessageBytes: number;
}

export const DEFAULT_LIMITS: RequestLimits = { maxMessageBytes: 256 * 1024 };

function contentBytes(content: ChatMessage['content']): number {
  if (content === null) return 0;
  if (typeof content === 'string') return Buffer.byteLength(content, 'utf8');
  return content.reduce((n, part) => n + Buffer.byteLength(part.type === 'text' ? part.text : part.image_url.url), 0);
}

/** The chat body's own fields, each with its schema: a replay's overrides are checked field by field with these. */
export function chatRequestFieldsWith(limits: RequestLimits) {
  const message = chatMessageSchema.superRefine((m, ctx) => {
    const bytes = contentBytes(m.content);
    if (bytes > limits.maxMessageBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message: `message content is ${bytes} bytes, over the limit of ${limits.maxMessageBytes}`,
      });
    }
  });
  return {
    messages: z.array(message).min(1, 'at least one message is required'),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
    seed: z.number().int().optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
    n: z.number().int().min(1).max(8).optional(),
    user: z.string().optional(),
    logit_bias: z.record(z.string().regex(/^\d+$/, 'keys are token ids'), z.number().min(-100).max(100)).optional(),
    reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
    tools: z.array(toolSchema).min(1).max(128).optional(),
    tool_choice: toolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: responseFormatSchema.optional(),
  };
}

/** What no single field's schema can say: JSON Schemas that ajv accepts, unique tool names, a tool choice that names a tool. */
interface CheckedFields {
  messages?: unknown[] | undefined;
  tools?: z.infer<typeof toolSchema>[] | undefined;
  tool_choice?: z.infer<typeof toolChoiceSchema> | undefined;
  response_format?: ResponseFormat | undefined;
}

export function checkChatRequest(body: CheckedFields, ctx: z.RefinementCtx): void {
  body.tools?.forEach((tool, i) => {
    if (tool.function.parameters === undefined) return;
    for (const p of schemaProblems(tool.function.parameters, tool.function.strict === true)) {
      ctx.addIssue({ code: 'custom', path: ['tools', i, 'function', 'parameters', ...p.path], message: p.message });
    }
  });
  const names = new Set(body.tools?.map((t) => t.function.name));
  if (body.tools && names.size !== body.tools.length) ctx.addIssue({ code: 'custom', path: ['tools'], message: 'function names must be unique' });
  const choice = body.tool_choice;
  if (choice && typeof choice === 'object' && body.tools && !names.has(choice.function.name)) {
    ctx.addIssue({ code: 'custom', path: ['tool_choice', 'function', 'name'], message: `no tool named "${choice.function.name}"` });
  }
  if (body.messages && (choice === 'required' || typeof choice === 'object') && !body.tools) {
    ctx.addIssue({ code: 'custom', path: ['tool_choice'], message: 'tool_choice needs tools' });
  }
  const format = body.response_format;
  if (format?.type === 'json_schema') {
    for (const p of schemaProblems(format.json_schema.schema, format.json_schema.strict === true)) {
      ctx.addIssue({ code: 'custom', path: ['response_format', 'json_schema', 'schema', ...p.path], message: p.message });
    }
  }
}

export function chatRequestSchemaWith(limits: RequestLimits) {
  return z.looseObject(chatRequestFieldsWith(limits)).superRefine(checkChatRequest);
}

/**
 * A replay's overrides: any of the body's fields, each checked as in a run
 * (JSON Schemas included); the checks across fields that need the stored
 * body (a tool choice naming a stored tool) are left to the provider.
 */
export function chatOverridesSchemaWith(limits: RequestLimits) {
  return z.looseObject(chatRequestFieldsWith(limits)).partial().superRefine(checkChatRequest);
}

export const chatRequestSchema = chatRequestSchemaWith(DEFAULT_LIMITS);
export type ChatRequest = z.infer<typeof chatRequestSchema>;



/** One message's text: string content as is, text parts joined with ' ' (images and other parts count as empty). */
export function messageTextOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { type?: unknown; text?: unknown } | null) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : '')).join(' ');
}

/**
 * A conversation's text, one message a line: what history searches beside
 * the answer. The one rule for a logged body (any shape) and a run's request.
 */
export function promptTextOf(messages: readonly { content?: unknown }[] | undefined): string {
  return (messages ?? []).map((m) => messageTextOf(m?.content)).join('\n');
}

/** How much of a request's last user message its list entry keeps (`prompt`). */
export const PROMPT_PREVIEW_CHARS = 200;

/**
 * What a request asked, in a line: the text of its last user message with
 * text, whitespace collapsed, cut to PROMPT_PREVIEW_CHARS; null when no user
 * message has text. Kept on the list's document, so a list (the run sidebar)
 * shows it without reading any body. Any shape is read without throwing.
 */
export function promptPreviewOf(messages: unknown): string | null {
  if (!Array.isArray(messages)) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== 'user') continue;
    const text = collapsedStart(messageTextOf(m.content), PROMPT_PREVIEW_CHARS);
    if (text) return text;
  }
  return null;
}

/**
 * The first `max` characters of `text` trimmed, each run of white space
 * written as one space: what `text.trim().replace(/\s+/g, ' ').slice(0, max)`
 * gives, collapsing only a start of the text twice as long as needed (longer
 * if its white space ate it), not a 50 KB message to its end. A start that
 * collapses to more than `max` is a start of the whole collapsed: a run of
 * white space cut at its end still collapses to one space.
 */
function collapsedStart(text: string, max: number): string {
  for (let n = 2 * max; ; n *= 2) {
    const collapsed = text.slice(0, n).trimStart().replace(/\s+/g, ' ');
    if (collapsed.length > max) return collapsed.slice(0, max);
    if (n >= text.length) return collapsed.trimEnd();
  }
}
