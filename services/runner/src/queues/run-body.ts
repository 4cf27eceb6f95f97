import { checkStructuredOutput, promptTextOf, spliceMembers } from '@reprise/contracts';

/**
 * The body a run sends: the job's text with the run's model and streaming
 * spliced in (replacing any the text had), every other byte as it was.
 * Streamed with usage, or (`stream: false`, bulk replays) the whole answer
 * at once, without `stream_options`, which the API allows only when
 * streaming. Throws JsonTextError when the text is not a JSON object.
 */
export function bodyToSend(text: string, model: string, { stream = true }: { stream?: boolean } = {}): string {
  return spliceMembers(text, {
    model: JSON.stringify(model),
    stream: stream ? 'true' : 'false',
    stream_options: stream ? '{"include_usage":true}' : null,
  });
}

/**
 * What the worker reads from a body for the record and the terminal event.
 * Read from JSON.parse: a lossy read is fine for names and text, and these
 * never throw, whatever shape a logged body has.
 */
export interface BodyFacts {
  /** Names of the functions offered: `tools[].function.name` and the legacy `functions[].name`. */
  toolNames: string[];
  /** The messages' text, by the one rule history reads a logged body with. */
  promptText: string;
  /** For json_object / json_schema output, whether the answer parses and matches; null for any other body. */
  checkOutput(answer: string | null): { valid: boolean; error: string | null } | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function bodyFacts(text: string): BodyFacts {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) body = parsed;
  } catch {
    // Not JSON: a run that failed before sending anything; nothing to read.
  }
  const names = [
    ...listOf(body.tools).map((t) => (isObject(t) && isObject(t.function) ? t.function.name : undefined)),
    ...listOf(body.functions).map((f) => (isObject(f) ? f.name : undefined)),
  ];
  const messages = listOf(body.messages).map((m) => (isObject(m) ? m : {}));
  const format = isObject(body.response_format) ? body.response_format : null;
  return {
    toolNames: [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''))],
    promptText: promptTextOf(messages),
    checkOutput(answer) {
      if (format?.type !== 'json_object' && format?.type !== 'json_schema') return null;
      const schema = format.type === 'json_schema' && isObject(format.json_schema) && isObject(format.json_schema.schema) ? format.json_schema.schema : undefined;
      // A schema ajv cannot compile (a remote $ref) leaves only the parse checked, and the error says so.
      return checkStructuredOutput(answer, schema);
    },
  };
}
