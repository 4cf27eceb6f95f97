import type { ReplayOverrides } from '@reprise/contracts';
import type { TokenCounter } from './token-count.js';

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * A logged body with the overrides applied, as a JavaScript value: for
 * counting only. What is sent is spliced into the stored text instead
 * (replay-job.ts), which keeps what this value may lose (a 64-bit seed's
 * digits), none of which changes a count.
 */
export function overriddenBody(requestBody: string, fields: ReplayOverrides['fields']): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(requestBody);
  } catch {
    return {};
  }
  if (!isObject(parsed)) return {};
  const body: JsonObject = { ...parsed };
  for (const [key, text] of Object.entries(fields)) {
    if (text === null) delete body[key];
    // defineProperty: a field named `__proto__` is a field, not the prototype.
    else Object.defineProperty(body, key, { value: JSON.parse(text), enumerable: true, configurable: true, writable: true });
  }
  return body;
}

/** Tokens of an image part: 85 at low detail, else those of a 1024×1024 image at high detail (the size is unknown here). */
const IMAGE_TOKENS = { low: 85, other: 765 } as const;

/**
 * Input tokens of a chat body, as OpenAI's cookbook counts them: each
 * message's values plus 3 for its framing (1 more for a name), 3 to prime
 * the reply; plus the JSON text of the tools (or legacy functions) and of a
 * json_schema response format, which the model also reads. Images count a
 * fixed amount by detail; audio and file parts count nothing.
 */
export function inputTokensOf(body: JsonObject, counter: TokenCounter): number {
  let n = 3;
  for (const item of listOf(body.messages)) {
    if (!isObject(item)) continue;
    n += 3;
    if (typeof item.role === 'string') n += counter.count(item.role);
    if (typeof item.name === 'string') n += counter.count(item.name) + 1;
    n += contentTokens(item.content, counter);
    if (typeof item.refusal === 'string') n += counter.count(item.refusal);
    if (typeof item.tool_call_id === 'string') n += counter.count(item.tool_call_id);
    for (const call of listOf(item.tool_calls)) {
      const fn = isObject(call) && isObject(call.function) ? call.function : null;
      if (fn) n += 3 + counter.count(String(fn.name ?? '')) + counter.count(String(fn.arguments ?? ''));
    }
    if (isObject(item.function_call)) n += 3 + counter.count(String(item.function_call.name ?? '')) + counter.count(String(item.function_call.arguments ?? ''));
  }
  if (Array.isArray(body.tools) && body.tools.length) n += counter.count(JSON.stringify(body.tools));
  if (Array.isArray(body.functions) && body.functions.length) n += counter.count(JSON.stringify(body.functions));
  const format = body.response_format;
  if (isObject(format) && format.type === 'json_schema' && isObject(format.json_schema)) n += counter.count(JSON.stringify(format.json_schema));
  return n;
}

function contentTokens(content: unknown, counter: TokenCounter): number {
  if (typeof content === 'string') return counter.count(content);
  let n = 0;
  for (const part of listOf(content)) {
    if (!isObject(part)) continue;
    if (typeof part.text === 'string') n += counter.count(part.text);
    else if (typeof part.refusal === 'string') n += counter.count(part.refusal);
    else if (part.type === 'image_url') n += isObject(part.image_url) && part.image_url.detail === 'low' ? IMAGE_TOKENS.low : IMAGE_TOKENS.other;
  }
  return n;
}

/** Assumed when neither the original's usage nor a max_tokens says anything. */
export const DEFAULT_OUTPUT_TOKENS = 256;

export interface OutputTokens {
  /** What the estimate assumes: the original's completion tokens, else its max tokens, else 256 (each choice of `n`). */
  assumed: number;
  /**
   * What a budget reserves: the body's max tokens when it sets them (the
   * provider cannot exceed that), else the assumption.
   */
  ceiling: number;
}

export function outputTokensOf(body: JsonObject, completionTokens: number | null): OutputTokens {
  const choices = typeof body.n === 'number' && Number.isInteger(body.n) && body.n > 1 ? body.n : 1;
  const max = [body.max_completion_tokens, body.max_tokens].find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
  const assumed = completionTokens ?? (max ?? DEFAULT_OUTPUT_TOKENS) * choices;
  return { assumed, ceiling: max !== undefined ? max * choices : assumed };
}
