import type { ChatCompletion, ChatCompletionChunk, ChatCompletionTokenLogprob } from 'openai/resources/chat/completions';

interface ToolCallState {
  id?: string;
  type?: string;
  name: string;
  arguments: string;
}

interface ChoiceState {
  index: number;
  role?: string;
  content?: string;
  refusal?: string;
  toolCalls: Map<number, ToolCallState>;
  functionCall?: { name: string; arguments: string };
  finishReason: ChatCompletion.Choice['finish_reason'] | null;
  logprobs?: { content: ChatCompletionTokenLogprob[] | null; refusal: ChatCompletionTokenLogprob[] | null };
}

/** Chunk fields that describe the chunk rather than the completion. */
const CHUNK_ONLY = new Set(['id', 'object', 'created', 'model', 'choices', 'usage', 'obfuscation']);

/**
 * Rebuilds the `chat.completion` a streamed request would have returned, from its chunks:
 * text and refusals concatenated, tool calls reassembled by index (the id, type and name as
 * given, the arguments concatenated, as the openai SDK's own stream helper does), the last
 * finish reason, usage when the request asked for it (`stream_options.include_usage`), and
 * the completion's id, created, model and other top-level fields (system_fingerprint,
 * service_tier) from the chunks.
 */
export class CompletionAssembler {
  #id = '';
  #created = 0;
  #model = '';
  #usage: ChatCompletion['usage'] | undefined;
  readonly #extra = new Map<string, unknown>();
  readonly #choices = new Map<number, ChoiceState>();
  /** Chunks seen so far. */
  chunks = 0;

  /** Adds one chunk; true when it carries output (text, a refusal or a tool call), which is what time to first token measures. */
  add(chunk: ChatCompletionChunk): boolean {
    this.chunks += 1;
    if (chunk.id) this.#id = chunk.id;
    if (typeof chunk.created === 'number') this.#created = chunk.created;
    if (chunk.model) this.#model = chunk.model;
    if (chunk.usage) this.#usage = chunk.usage;
    for (const [key, value] of Object.entries(chunk)) {
      if (!CHUNK_ONLY.has(key) && value !== undefined && (value !== null || !this.#extra.has(key))) this.#extra.set(key, value);
    }
    let output = false;
    for (const choice of chunk.choices ?? []) {
      const state = this.#choice(choice.index ?? 0);
      const delta = choice.delta ?? {};
      if (delta.role) state.role = delta.role;
      if (typeof delta.content === 'string') {
        state.content = (state.content ?? '') + delta.content;
        output ||= delta.content.length > 0;
      }
      if (typeof delta.refusal === 'string') {
        state.refusal = (state.refusal ?? '') + delta.refusal;
        output ||= delta.refusal.length > 0;
      }
      for (const call of delta.tool_calls ?? []) {
        let tool = state.toolCalls.get(call.index);
        if (!tool) state.toolCalls.set(call.index, (tool = { name: '', arguments: '' }));
        if (call.id) tool.id = call.id;
        if (call.type) tool.type = call.type;
        if (call.function?.name) tool.name = call.function.name;
        if (call.function?.arguments) tool.arguments += call.function.arguments;
        output = true;
      }
      if (delta.function_call) {
        state.functionCall ??= { name: '', arguments: '' };
        if (delta.function_call.name) state.functionCall.name = delta.function_call.name;
        if (delta.function_call.arguments) state.functionCall.arguments += delta.function_call.arguments;
        output = true;
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
      if (choice.logprobs) {
        state.logprobs ??= { content: null, refusal: null };
        if (choice.logprobs.content) state.logprobs.content = [...(state.logprobs.content ?? []), ...choice.logprobs.content];
        if (choice.logprobs.refusal) state.logprobs.refusal = [...(state.logprobs.refusal ?? []), ...choice.logprobs.refusal];
      }
    }
    return output;
  }

  /** The completion so far: the whole of it once the stream has ended. */
  completion(): ChatCompletion {
    const choices = [...this.#choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((state) => {
        const toolCalls = [...state.toolCalls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, t]) => ({ id: t.id ?? '', type: t.type ?? 'function', function: { name: t.name, arguments: t.arguments } }));
        const message = {
          role: state.role ?? 'assistant',
          content: state.content ?? null,
          refusal: state.refusal ?? null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(state.functionCall ? { function_call: state.functionCall } : {}),
        };
        return { index: state.index, message, logprobs: state.logprobs ?? null, finish_reason: state.finishReason };
      });
    return {
      id: this.#id,
      object: 'chat.completion',
      created: this.#created,
      model: this.#model,
      choices,
      ...(this.#usage ? { usage: this.#usage } : {}),
      ...Object.fromEntries(this.#extra),
    } as ChatCompletion;
  }

  #choice(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) this.#choices.set(index, (state = { index, toolCalls: new Map(), finishReason: null }));
    return state;
  }
}
