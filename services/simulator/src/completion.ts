import { randomBytes } from 'node:crypto';
import type { Reply, Usage } from './reply.js';

/** Fields shared by a completion and every chunk of its stream. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

export const SYSTEM_FINGERPRINT = 'fp_reprise_sim';

export function completionMeta(model: string): CompletionMeta {
  return {
    id: `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x').slice(0, 29)}`,
    created: Math.floor(Date.now() / 1000),
    model,
  };
}

/** Usage with the detail objects OpenAI includes, all zero here. */
function fullUsage(usage: Usage) {
  return {
    ...usage,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** The non-streaming `chat.completion` object, field for field as OpenAI returns it. */
export function completionObject(meta: CompletionMeta, reply: Reply) {
  const toolCalls = reply.toolCalls?.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text,
          refusal: null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
          annotations: [],
        },
        logprobs: null,
        finish_reason: reply.finishReason,
      },
    ],
    usage: fullUsage(reply.usage),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** A stream split by when each frame is sent: `head` at once, `content[i]` on the token clock, `tail` at the end. */
export interface StreamFrames {
  head: string;
  content: string[];
  tail: string;
}

const frame = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/**
 * The server-sent events of a `chat.completion.chunk` stream. With
 * include_usage, OpenAI puts `usage: null` on every chunk and adds a last
 * chunk with no choices that carries the usage.
 */
export function streamFrames(meta: CompletionMeta, reply: Reply, includeUsage: boolean): StreamFrames {
  const chunk = (delta: object, finishReason: string | null = null) => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  // A tool-call answer has no text, so OpenAI opens it with `content: null`.
  const role = reply.toolCalls ? { role: 'assistant', content: null } : { role: 'assistant', content: '', refusal: null };
  const usageChunk = includeUsage
    ? frame({ ...chunk({}), choices: [], usage: fullUsage(reply.usage) })
    : '';
  return {
    head: frame(chunk(role)),
    content: reply.deltas.map((delta) => frame(chunk(delta))),
    tail: frame(chunk({}, reply.finishReason)) + usageChunk + 'data: [DONE]\n\n',
  };
}
