import type { ToolCall, Usage } from '@reprise/contracts';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { RunEventWriter } from './run-events.js';

/** What one attempt's stream amounts to. */
export interface StreamResult {
  id: string | null;
  created: number | null;
  model: string | null;
  systemFingerprint: string | null;
  content: string;
  /** Tool calls by index, assembled from their deltas. */
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: Usage | null;
  ttftMs: number | null;
}

export function newStreamResult(): StreamResult {
  return { id: null, created: null, model: null, systemFingerprint: null, content: '', toolCalls: [], finishReason: null, usage: null, ttftMs: null };
}

/** Reads a provider stream into `result`, publishing text and tool-call deltas as they come. */
export async function readStream(stream: AsyncIterable<ChatCompletionChunk>, result: StreamResult, events: RunEventWriter, t0: number): Promise<void> {
  for await (const chunk of stream) {
    result.id ??= chunk.id;
    result.created ??= chunk.created;
    result.model ??= chunk.model;
    result.systemFingerprint ??= chunk.system_fingerprint ?? null;
    if (chunk.usage) {
      result.usage = {
        promptTokens: chunk.usage.prompt_tokens,
        completionTokens: chunk.usage.completion_tokens,
        totalTokens: chunk.usage.total_tokens,
      };
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.finish_reason) result.finishReason = choice.finish_reason;
    const text = choice.delta?.content;
    if (text) {
      result.ttftMs ??= Math.round(performance.now() - t0);
      result.content += text;
      events.delta(text);
    }
    for (const piece of choice.delta?.tool_calls ?? []) {
      result.ttftMs ??= Math.round(performance.now() - t0);
      const call = (result.toolCalls[piece.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.function.name += piece.function.name;
      if (piece.function?.arguments) call.function.arguments += piece.function.arguments;
      events.toolCallDelta({
        type: 'tool_call_delta',
        index: piece.index,
        ...(piece.id ? { id: piece.id } : {}),
        ...(piece.function?.name ? { name: piece.function.name } : {}),
        ...(piece.function?.arguments ? { arguments: piece.function.arguments } : {}),
      });
    }
  }
}

/** The chat completion the stream amounts to, shaped as the non-streaming API returns it. */
export function assembleCompletion(r: StreamResult, toolCalls: ToolCall[], requestedModel: string) {
  return {
    id: r.id,
    object: 'chat.completion',
    created: r.created,
    model: r.model ?? requestedModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: toolCalls.length && !r.content ? null : r.content,
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: r.finishReason,
      },
    ],
    usage: r.usage && {
      prompt_tokens: r.usage.promptTokens,
      completion_tokens: r.usage.completionTokens,
      total_tokens: r.usage.totalTokens,
    },
    system_fingerprint: r.systemFingerprint,
  };
}
