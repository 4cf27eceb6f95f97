import { messageTextOf } from '@reprise/contracts';

/** One tool call of an answer: the function's name and its arguments as the model wrote them. */
export interface AnswerCall {
  name: string;
  arguments: string;
}

/** What a model answered in its first choice: the text and the tool calls. */
export interface Answer {
  text: string;
  calls: AnswerCall[];
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/**
 * The first choice's answer from a chat completion (a parsed body of any
 * shape: nothing here throws). Tool calls come from `tool_calls` and from the
 * deprecated `function_call`, which a logged app may still receive. Only the
 * first choice: it is the one the history list shows as `output`, and the
 * one both sides of a comparison are sure to have.
 */
export function answerOfMessage(message: unknown): Answer {
  if (typeof message !== 'object' || message === null) return { text: '', calls: [] };
  const m = message as { content?: unknown; tool_calls?: unknown; function_call?: unknown };
  const calls: AnswerCall[] = [];
  for (const call of asArray(m.tool_calls)) {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
    if (fn && typeof fn === 'object') calls.push({ name: asString(fn.name), arguments: asString(fn.arguments) });
  }
  const legacy = m.function_call as { name?: unknown; arguments?: unknown } | null | undefined;
  if (legacy && typeof legacy === 'object') calls.push({ name: asString(legacy.name), arguments: asString(legacy.arguments) });
  return { text: messageTextOf(m.content), calls };
}

/** The first choice's message of a parsed chat completion, or undefined. */
export function firstMessageOf(completion: unknown): unknown {
  const choices = (completion as { choices?: unknown } | null)?.choices;
  return (asArray(choices)[0] as { message?: unknown } | undefined)?.message;
}

/**
 * A record's answer: from its response body when it has one that parses,
 * else its stored `output` as text (a failed or cancelled run keeps only the
 * partial text it streamed; a body that is not JSON is kept as received).
 */
export function answerOf(record: { responseBody: string | null; output: string | null }): Answer {
  if (record.responseBody) {
    try {
      const message = firstMessageOf(JSON.parse(record.responseBody));
      if (message !== undefined) return answerOfMessage(message);
    } catch {
      // Not JSON: fall back to what the worker assembled.
    }
  }
  return { text: record.output ?? '', calls: [] };
}

/** Tool calls as text, one `name(arguments)` a line: how an answer without text reads in lists, exports and for a judge. */
export function callsText(calls: readonly AnswerCall[]): string {
  return calls.map((c) => `${c.name}(${c.arguments})`).join('\n');
}

/** The answer as one text: its text, or its tool calls when it has none. */
export function answerTextOf(answer: Answer): string {
  return answer.text || callsText(answer.calls);
}
