import type OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { Stream } from 'openai/streaming';

/**
 * Sends a chat completions body, given as the exact JSON text to send, and
 * returns the provider's stream. The text goes out byte for byte: the SDK
 * passes a Buffer body through untouched (client.js `buildBody`, "Pass raw
 * type verbatim"), where an object would be re-serialised by JSON.stringify
 * and lose what JavaScript cannot hold (an integer beyond 2^53, a
 * `__proto__` key). Being raw, the body also gets no content-type from the
 * SDK, so it is set here.
 *
 * The first argument is not what is sent: `options.body` wins over it (the
 * resource spreads the options after it), but the SDK reads `stream` from it
 * to parse the answer as server-sent events. AzureOpenAI puts the deployment
 * in the path from the body's `model`, which a Buffer has not, and then from
 * `__metadata.model` (azure.js `buildRequest`): so the model goes there too.
 */
export function streamChatBody(client: OpenAI, text: string, model: string, signal: AbortSignal): Promise<Stream<ChatCompletionChunk>> {
  return client.chat.completions.create({ model, stream: true } as unknown as ChatCompletionCreateParamsStreaming, rawBody(text, model, signal));
}

/** As streamChatBody, for a body that asks for the whole answer at once (`"stream": false`). */
export function completeChatBody(client: OpenAI, text: string, model: string, signal: AbortSignal): Promise<ChatCompletion> {
  return client.chat.completions.create({ model, stream: false } as unknown as ChatCompletionCreateParamsNonStreaming, rawBody(text, model, signal));
}

/** The request options that send `text` byte for byte (see streamChatBody). */
function rawBody(text: string, model: string, signal: AbortSignal) {
  return { body: Buffer.from(text, 'utf8'), headers: { 'content-type': 'application/json' }, __metadata: { model }, signal };
}
