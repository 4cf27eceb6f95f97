import type { Usage } from '@reprise/contracts';

/** Bound on the searchable text kept per request. */
const MAX_SEARCH_TEXT = 32 * 1024;

interface ChatBody {
  model?: unknown;
  messages?: { content?: unknown }[];
  tools?: { function?: { name?: unknown } }[];
}

interface CompletionBody {
  choices?: { message?: { content?: unknown; tool_calls?: { function?: { name?: unknown; arguments?: unknown } }[] } }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part: { type?: string; text?: unknown }) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : '')).join(' ');
  }
  return '';
}

export interface Extracted {
  model: string | null;
  toolNames: string[];
  output: string | null;
  usage: Usage | null;
  searchText: string;
}

/**
 * What queries need from the stored bodies, read once at write time: the
 * bodies stay exact JSON text and are never queried themselves.
 */
export function extract(requestBody: string, responseBody: string | null | undefined, outputOverride?: string | null): Extracted {
  const request = JSON.parse(requestBody) as ChatBody;
  const response = responseBody ? (JSON.parse(responseBody) as CompletionBody) : null;
  const message = response?.choices?.[0]?.message;
  const toolCalls = message?.tool_calls ?? [];
  const output =
    outputOverride !== undefined
      ? outputOverride
      : message
        ? textOf(message.content) || (toolCalls.length ? toolCalls.map((c) => `${String(c.function?.name)}(${String(c.function?.arguments)})`).join('\n') : '')
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
  const prompt = (request.messages ?? []).map((m) => textOf(m.content)).join('\n');
  return {
    model: typeof request.model === 'string' ? request.model : null,
    toolNames: (request.tools ?? []).map((t) => t.function?.name).filter((n): n is string => typeof n === 'string'),
    output,
    usage,
    searchText: `${prompt}\n${output ?? ''}`.slice(0, MAX_SEARCH_TEXT).toLowerCase(),
  };
}
