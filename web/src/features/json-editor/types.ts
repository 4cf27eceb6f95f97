// The editor's public types, in a .ts file so that code without JSX (the checks, their unit tests) can import them.

export interface JsonProblem {
  /** 1-based line and column of the problem in the text. */
  line: number;
  column: number;
  message: string;
}

/**
 * What the text must be:
 * - `tools`: a JSON array of function definitions, each `{ name, description?, parameters?, strict? }`
 *   (the OpenAI `{ type: "function", function: {...} }` wrapper accepted too), `parameters` a valid JSON Schema;
 * - `json-schema`: one JSON Schema object (the response format's schema);
 * - `json`: any JSON value (provider-specific fields, logit bias).
 * Blank text is valid for every kind: it means the field is left out.
 */
export type JsonEditorKind = 'tools' | 'json-schema' | 'json';

/** The callbacks of the latest render, read by the editor when something happens. */
export interface EditorEvents {
  onChange(text: string): void;
  onProblems?(problems: JsonProblem[]): void;
}

/** Where the caret was in the plain textarea, so CodeMirror takes over focus without losing the place. */
export interface Handoff {
  anchor: number;
  head: number;
}
