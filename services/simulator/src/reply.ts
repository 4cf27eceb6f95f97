import { sampleFromSchema } from './schema-sample.js';
import { simulatedAnswer } from './answer.js';
import type { ChatRequest } from './chat-request.js';
import { estimatePromptTokens } from './messages.js';
import type { SimOptions } from './options.js';
import { argumentPieces, planToolCalls, type PlannedToolCall } from './tool-calls.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** One streamed delta after the role chunk; each is one "content chunk" for timing and drop-after. */
export type ContentDelta =
  | { content: string }
  | { tool_calls: [{ index: number; id: string; type: 'function'; function: { name: string; arguments: '' } }] }
  | { tool_calls: [{ index: number; function: { arguments: string } }] };

/** What the simulator answers a request with, before it is shaped as a completion or a stream. */
export interface Reply {
  text: string | null;
  toolCalls: PlannedToolCall[] | null;
  deltas: ContentDelta[];
  finishReason: FinishReason;
  usage: Usage;
}

function toolCallDeltas(calls: PlannedToolCall[]): ContentDelta[] {
  return calls.flatMap((call, index): ContentDelta[] => [
    { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
    ...argumentPieces(call.arguments).map((piece): ContentDelta => ({ tool_calls: [{ index, function: { arguments: piece } }] })),
  ]);
}

export function planReply(request: ChatRequest, options: SimOptions): Reply {
  const promptTokens = estimatePromptTokens(request.messages);
  const toolCalls = planToolCalls(request, options.toolCall);
  if (toolCalls) {
    // Tool calls ignore max_tokens: a caller testing truncation does it with text.
    const deltas = toolCallDeltas(toolCalls);
    const usage = { prompt_tokens: promptTokens, completion_tokens: deltas.length, total_tokens: promptTokens + deltas.length };
    return { text: null, toolCalls, deltas, finishReason: 'tool_calls', usage };
  }
  if (request.responseFormat) {
    // JSON output: a sample of the schema (or the plain answer wrapped in an
    // object), streamed in pieces the way a model streams JSON.
    const answer = simulatedAnswer(request, { tokens: options.tokens }).text;
    const json = JSON.stringify(
      request.responseFormat.type === 'json_schema' ? sampleFromSchema(request.responseFormat.schema, request.responseFormat.name) : { answer },
    );
    const pieces = argumentPieces(json);
    const usage = { prompt_tokens: promptTokens, completion_tokens: pieces.length, total_tokens: promptTokens + pieces.length };
    return { text: json, toolCalls: null, deltas: pieces.map((content) => ({ content })), finishReason: 'stop', usage };
  }
  const { tokens } = simulatedAnswer(request, { tokens: options.tokens });
  const truncated = request.maxTokens !== null && request.maxTokens < tokens.length;
  const emitted = truncated ? tokens.slice(0, request.maxTokens ?? 0) : tokens;
  const usage = { prompt_tokens: promptTokens, completion_tokens: emitted.length, total_tokens: promptTokens + emitted.length };
  return {
    text: emitted.join(''),
    toolCalls: null,
    deltas: emitted.map((content) => ({ content })),
    finishReason: truncated ? 'length' : 'stop',
    usage,
  };
}
