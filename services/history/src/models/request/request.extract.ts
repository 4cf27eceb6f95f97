import { promptPreviewOf, promptTextOf, type ParsedBody, type Usage } from '@reprise/contracts';
import { answerOfMessage, answerTextOf, firstMessageOf } from '../../compare/index.js';

/** Bound on the searchable text kept per request. */
const MAX_SEARCH_TEXT = 32 * 1024;

/**
 * The text the `text` filter searches: prompt, then answer, capped and
 * lower-cased (the filter lower-cases its query the same way). The one rule
 * for both paths in: logged requests (from their bodies) and recorded runs
 * (from what the worker hands over).
 */
export function searchTextOf(prompt: string, output: string | null): string {
  return `${prompt}\n${output ?? ''}`.slice(0, MAX_SEARCH_TEXT).toLowerCase();
}

export interface Extracted {
  model: string | null;
  toolNames: string[];
  output: string | null;
  usage: Usage | null;
  searchText: string;
  prompt: string | null;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Function names a request offers: from `tools[].function.name`, and from
 * the deprecated `functions[].name` that older apps still send. Each once.
 */
export function toolNamesOf(request: Record<string, unknown>): string[] {
  const names = [
    ...asArray(request.tools).map((t) => (isObject(t) && isObject(t.function) ? t.function.name : undefined)),
    ...asArray(request.functions).map((f) => (isObject(f) ? f.name : undefined)),
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n.length > 0))];
}

/** The prompt preview of a request body given as text, or null when it is no JSON object with messages. */
export function promptOfBody(requestBody: string): string | null {
  try {
    const parsed = JSON.parse(requestBody) as { messages?: unknown } | null;
    return isObject(parsed) ? promptPreviewOf(parsed.messages) : null;
  } catch {
    return null;
  }
}

/** A logged body as it reaches the repository: JSON text, or its text and value as the route's check left them. */
export type LoggedBody = string | ParsedBody;

export const bodyText = (body: LoggedBody): string => (typeof body === 'string' ? body : body.text);
// A body the route's check parsed is not parsed again.
const bodyValue = (body: LoggedBody): unknown => (typeof body === 'string' ? JSON.parse(body) : body.value);

/**
 * What queries need from a logged request's bodies, read once at write time:
 * the bodies stay exact JSON text and are never queried themselves. Recorded
 * runs do not come through here: the worker hands over what it already knows.
 *
 * The contract checks only that the request is an object with a model and a
 * list of messages, so every other part may have any shape (a null, an
 * object where a list is expected, a legacy field): nothing here throws on
 * one, it extracts what it can. JSON.parse is safe for reading: a
 * `__proto__` key becomes an own property, not a prototype, and what it
 * loses (an integer's last digits) is never stored, the text is.
 */
export function extract(requestBody: LoggedBody, responseBody: LoggedBody | null | undefined): Extracted {
  const parsed = bodyValue(requestBody);
  const request = isObject(parsed) ? parsed : {};
  const response = responseBody ? bodyValue(responseBody) : null;
  const message = firstMessageOf(response);
  const output = message === undefined ? null : answerTextOf(answerOfMessage(message));
  const u = isObject(response) && isObject(response.usage) ? response.usage : null;
  const usage =
    u && count(u.prompt_tokens) && count(u.completion_tokens)
      ? {
          promptTokens: u.prompt_tokens,
          completionTokens: u.completion_tokens,
          totalTokens: count(u.total_tokens) ? u.total_tokens : u.prompt_tokens + u.completion_tokens,
        }
      : null;
  const messages = asArray(request.messages).filter(isObject);
  const prompt = promptTextOf(messages);
  return {
    model: typeof request.model === 'string' ? request.model : null,
    toolNames: toolNamesOf(request),
    output,
    usage,
    searchText: searchTextOf(prompt, output),
    prompt: promptPreviewOf(request.messages),
  };
}
