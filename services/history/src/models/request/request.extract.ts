import { messageTextOf, promptTextOf, type Usage } from '@reprise/contracts';

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

interface ChatBody {
  model?: unknown;
  messages?: { content?: unknown }[];
  tools?: { function?: { name?: unknown } }[];
}

interface CompletionBody {
  choices?: { message?: { content?: unknown; tool_calls?: { function?: { name?: unknown; arguments?: unknown } }[] } }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
}

export interface Extracted {
  model: string | null;
  toolNames: string[];
  output: string | null;
  usage: Usage | null;
  searchText: string;
}

/**
 * What queries need from a logged request's bodies, read once at write time:
 * the bodies stay exact JSON text and are never queried themselves. Recorded
 * runs do not come through here: the worker hands over what it already knows.
 */
export function extract(requestBody: string, responseBody: string | null | undefined): Extracted {
  const request = JSON.parse(requestBody) as ChatBody;
  const response = responseBody ? (JSON.parse(responseBody) as CompletionBody) : null;
  const message = response?.choices?.[0]?.message;
  const toolCalls = message?.tool_calls ?? [];
  const output = message
    ? messageTextOf(message.content) || (toolCalls.length ? toolCalls.map((c) => `${String(c.function?.name)}(${String(c.function?.arguments)})`).join('\n') : '')
    : null;
  const u = response?.usage;
  const usage =
    u && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number'
      ? {
          promptTokens: u.prompt_tokens,
          completionTokens: u.completion_tokens,
          totalTokens: typeof u.total_tokens === 'number' ? u.total_tokens : u.prompt_tokens + u.completion_tokens,
        }
      : null;
  const prompt = promptTextOf(request.messages);
  return {
    model: typeof request.model === 'string' ? request.model : null,
    toolNames: (request.tools ?? []).map((t) => t.function?.name).filter((n): n is string => typeof n === 'string'),
    output,
    usage,
    searchText: searchTextOf(prompt, output),
  };
}
