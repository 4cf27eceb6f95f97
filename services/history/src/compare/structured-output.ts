import { checkStructuredOutput } from '@reprise/contracts';

/** The JSON output a request asked for: any JSON (json_object), or JSON matching a schema (json_schema). */
export type JsonFormat = { type: 'json_object' } | { type: 'json_schema'; schema: object | undefined; schemaText: string };

/**
 * The JSON output a request body asks for through `response_format`, or
 * null when it asks for text (or the body is not JSON). JSON.parse is
 * enough here: only the format is read, never sent on.
 */
export function jsonFormatOf(requestBody: string): JsonFormat | null {
  let format: unknown;
  try {
    format = (JSON.parse(requestBody) as { response_format?: unknown } | null)?.response_format;
  } catch {
    return null;
  }
  const type = (format as { type?: unknown } | null)?.type;
  if (type === 'json_object') return { type };
  if (type !== 'json_schema') return null;
  const schema = (format as { json_schema?: { schema?: unknown } }).json_schema?.schema;
  const usable = typeof schema === 'object' && schema !== null && !Array.isArray(schema) ? (schema as object) : undefined;
  return { type, schema: usable, schemaText: usable ? JSON.stringify(usable) : '' };
}

/**
 * Whether an answer is the JSON its request asked for, and the first reason
 * when not. Never throws: a schema the validator cannot compile (a logged
 * request's schema is the app's, unchecked) leaves only the parse checked,
 * and says so (checkStructuredOutput compiles each schema text once).
 */
export function checkJsonAnswer(text: string, format: JsonFormat): { valid: boolean; error: string | null } {
  return checkStructuredOutput(text, format.type === 'json_schema' ? format.schema : undefined);
}
