import { z } from 'zod';

/**
 * The OpenAI chat-completions request body, as Reprise accepts it for a run
 * (without `model` and `stream`, which the worker sets). Unknown top-level
 * fields are kept, so a provider-specific field reaches the provider as given.
 */
export const chatRoleSchema = z.enum(['system', 'developer', 'user', 'assistant', 'tool']);
export type ChatRole = z.infer<typeof chatRoleSchema>;

const contentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
  }),
]);

export const chatMessageSchema = z.object({
  role: chatRoleSchema,
  content: z.union([z.string(), z.array(contentPartSchema).min(1)]).nullable(),
  name: z.string().min(1).optional(),
  tool_call_id: z.string().min(1).optional(),
});
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

export function chatRequestSchemaWith(limits: RequestLimits) {
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
  return z.looseObject({
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
  });
}

export const chatRequestSchema = chatRequestSchemaWith(DEFAULT_LIMITS);
export type ChatRequest = z.infer<typeof chatRequestSchema>;
