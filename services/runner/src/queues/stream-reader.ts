import type { ToolCall, Usage } from '@reprise/contracts';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { RunEventWriter } from './run-events.js';

/**
 * Our own assembly, not the SDK's ChatCompletionStream: its final completion
 * throws on answers we must record as they came (no finish_reason or no role
 * chunk, as some compatible servers send; a `length` or `content_filter`
 * finish, or arguments that are not JSON, once any tool is `strict`),
 * invents tool-call ids the provider never sent, and adds `parsed` to every
 * message: the stored response would not be what the provider answered.
 */

/** One choice of the answer, as its deltas add up. */
export interface ChoiceResult {
  content: string;
  /** Tool calls by index, assembled from their deltas. */
  toolCalls: ToolCall[];
  finishReason: string | null;
}

/** What one attempt's stream amounts to. */
export interface StreamResult {
  id: string | null;
  created: number | null;
  model: string | null;
  systemFingerprint: string | null;
  /**
   * Every choice, by index (a request with `n` gets several). Choice 0 is
   * the run's answer: the only one published, as run events name no choice.
   */
  choices: ChoiceResult[];
  usage: Usage | null;
  ttftMs: number | null;
}

function newChoice(): ChoiceResult {
  return { content: '', toolCalls: [], finishReason: null };
}

export function newStreamResult(): StreamResult {
  return { id: null, created: null, model: null, systemFingerprint: null, choices: [newChoice()], usage: null, ttftMs: null };
}

/** A choice as it ended: tool calls without the gaps a provider may leave between indexes. */
function settled(choice: ChoiceResult): ChoiceResult {
  return { ...choice, toolCalls: choice.toolCalls.filter(Boolean) };
}

/** The run's answer: choice 0. */
export function answerOf(result: StreamResult): ChoiceResult {
  return settled(result.choices[0] ?? newChoice());
}

/** As the API returns it: null content when the answer is only tool calls. */
export function contentOf(choice: ChoiceResult): string | null {
  return choice.toolCalls.length && !choice.content ? null : choice.content;
}

/** Reads a provider stream into `result`, publishing choice 0's text and tool-call deltas as they come. */
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
    for (const choice of chunk.choices) {
      const index = choice.index ?? 0;
      const published = index === 0;
      const into = (result.choices[index] ??= newChoice());
      if (choice.finish_reason) into.finishReason = choice.finish_reason;
      const text = choice.delta?.content;
      if (text) {
        result.ttftMs ??= Math.round(performance.now() - t0);
        into.content += text;
        if (published) events.delta(text);
      }
      for (const piece of choice.delta?.tool_calls ?? []) {
        result.ttftMs ??= Math.round(performance.now() - t0);
        const call = (into.toolCalls[piece.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.function.name += piece.function.name;
        if (piece.function?.arguments) call.function.arguments += piece.function.arguments;
        if (!published) continue;
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
}

/**
 * Reads a whole answer (a body sent with `"stream": false`) into `result`
 * as readStream would have, and publishes choice 0 as one text delta and
 * each tool call whole. It has no first token: `ttftMs` stays null.
 */
export function readCompletion(completion: ChatCompletion, result: StreamResult, events: RunEventWriter): void {
  result.id = completion.id ?? null;
  result.created = completion.created ?? null;
  result.model = completion.model ?? null;
  result.systemFingerprint = completion.system_fingerprint ?? null;
  if (completion.usage) {
    result.usage = {
      promptTokens: completion.usage.prompt_tokens,
      completionTokens: completion.usage.completion_tokens,
      totalTokens: completion.usage.total_tokens,
    };
  }
  for (const [position, choice] of (completion.choices ?? []).entries()) {
    const index = choice.index ?? position;
    const message = choice.message;
    const into = (result.choices[index] = {
      content: message?.content ?? '',
      toolCalls: (message?.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id ?? '', type: 'function' as const, function: { name: c.function.name ?? '', arguments: c.function.arguments ?? '' } }] : [])),
      finishReason: choice.finish_reason ?? null,
    });
    if (index !== 0) continue;
    if (into.content) events.delta(into.content);
    into.toolCalls.forEach((call, i) =>
      events.toolCallDelta({ type: 'tool_call_delta', index: i, ...(call.id ? { id: call.id } : {}), name: call.function.name, arguments: call.function.arguments }),
    );
  }
}

/** The chat completion the stream amounts to, every choice, shaped as the non-streaming API returns it. */
export function assembleCompletion(r: StreamResult, requestedModel: string) {
  return {
    id: r.id,
    object: 'chat.completion',
    created: r.created,
    model: r.model ?? requestedModel,
    choices: r.choices.flatMap((sparse, index) => {
      if (!sparse) return [];
      const choice = settled(sparse);
      return [
        {
          index,
          message: {
            role: 'assistant',
            content: contentOf(choice),
            refusal: null,
            ...(choice.toolCalls.length ? { tool_calls: choice.toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: choice.finishReason,
        },
      ];
    }),
    usage: r.usage && {
      prompt_tokens: r.usage.promptTokens,
      completion_tokens: r.usage.completionTokens,
      total_tokens: r.usage.totalTokens,
    },
    system_fingerprint: r.systemFingerprint,
  };
}
