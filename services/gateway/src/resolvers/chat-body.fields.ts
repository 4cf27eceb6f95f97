/**
 * How `StartRunInput` (GraphQL, camelCase, flattened) becomes the chat
 * completions body (the provider's snake_case, nested), described once. The
 * same description builds the body (`toBody`) and names a refused body field
 * the way the caller wrote it (`inputPath`: `tools.0.function.parameters.type`
 * → `tools.0.parameters.type`), so a field added here is right both ways.
 */

/** Where one input field goes. */
export interface Target {
  /** Dotted path under the parent object in the body; '' puts the value in the parent's place (a tool choice's mode). */
  at: string;
  /** The value (each item, for a list) is an object mapped field by field. */
  shape?: Shape;
  /** Read back only a body value this accepts, where two fields share a path (content: text, or parts). */
  accepts?(value: unknown): boolean;
}

/** An input object's fields and what every body object made from it carries. */
export interface Shape {
  fields: Record<string, Target>;
  /** Set on every body object of this shape (`type: 'function'`). */
  constants?: Record<string, unknown>;
  /** Only when this input field is set are the constants added (a tool choice names a function). */
  constantsWith?: string;
  /** A last adjustment that the field table cannot say. */
  complete?(body: Record<string, unknown>, input: Record<string, unknown>): void;
}

export const contentPartShape: Shape = {
  fields: {
    type: { at: 'type' },
    text: { at: 'text' },
    imageUrl: { at: 'image_url.url' },
    detail: { at: 'image_url.detail' },
    inputAudio: { at: 'input_audio', shape: { fields: { data: { at: 'data' }, format: { at: 'format' } } } },
    file: { at: 'file', shape: { fields: { fileId: { at: 'file_id' }, fileData: { at: 'file_data' }, filename: { at: 'filename' } } } },
  },
  complete(body, input) {
    // A part of a type the fields do not describe travels whole, as given.
    if (isObject(input.raw)) Object.assign(body, input.raw);
  },
};

const toolCall: Shape = {
  fields: { id: { at: 'id' }, name: { at: 'function.name' }, arguments: { at: 'function.arguments' } },
  constants: { type: 'function' },
};

export const messageShape: Shape = {
  fields: {
    role: { at: 'role' },
    content: { at: 'content', accepts: (v) => typeof v === 'string' },
    parts: { at: 'content', shape: contentPartShape, accepts: Array.isArray },
    name: { at: 'name' },
    toolCallId: { at: 'tool_call_id' },
    toolCalls: { at: 'tool_calls', shape: toolCall },
  },
  complete(body, input) {
    // An assistant turn that only called tools has content null, as the API sends it.
    if (body.content === undefined && input.role === 'assistant' && Array.isArray(input.toolCalls)) body.content = null;
    // A message's fields the input has none for (a legacy `function_call`, `refusal`, `audio`) travel as given.
    if (isObject(input.extra)) {
      for (const [key, value] of Object.entries(input.extra)) {
        if (!Object.hasOwn(body, key)) Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  },
};

const tool: Shape = {
  fields: { name: { at: 'function.name' }, description: { at: 'function.description' }, parameters: { at: 'function.parameters' }, strict: { at: 'function.strict' } },
  constants: { type: 'function' },
};

const toolChoice: Shape = {
  fields: { mode: { at: '' }, function: { at: 'function.name' } },
  constants: { type: 'function' },
  constantsWith: 'function',
};

const responseFormat: Shape = {
  fields: {
    type: { at: 'type' },
    name: { at: 'json_schema.name' },
    description: { at: 'json_schema.description' },
    schema: { at: 'json_schema.schema' },
    strict: { at: 'json_schema.strict' },
  },
};

/** The chat body's fields; `provider`, `model`, `variables` and `extra` are not body fields. */
export const chatBodyShape: Shape = {
  fields: {
    messages: { at: 'messages', shape: messageShape },
    temperature: { at: 'temperature' },
    topP: { at: 'top_p' },
    maxTokens: { at: 'max_tokens' },
    maxCompletionTokens: { at: 'max_completion_tokens' },
    stop: { at: 'stop' },
    seed: { at: 'seed' },
    presencePenalty: { at: 'presence_penalty' },
    frequencyPenalty: { at: 'frequency_penalty' },
    user: { at: 'user' },
    logitBias: { at: 'logit_bias' },
    reasoningEffort: { at: 'reasoning_effort' },
    n: { at: 'n' },
    tools: { at: 'tools', shape: tool },
    toolChoice: { at: 'tool_choice', shape: toolChoice },
    parallelToolCalls: { at: 'parallel_tool_calls' },
    responseFormat: { at: 'response_format', shape: responseFormat },
  },
};

const isSet = (value: unknown) => value !== null && value !== undefined;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function valueFor(target: Target, value: unknown): unknown {
  if (!target.shape) return value;
  return Array.isArray(value) ? value.map((item) => toBody(target.shape!, item as Record<string, unknown>)) : toBody(target.shape, value as Record<string, unknown>);
}

/**
 * The body an input object describes. GraphQL sends null for what the caller
 * left out: unset fields are left out of the body. A field placed at '' wins
 * only when no other field is set (a tool choice is a mode or a function).
 */
export function toBody(shape: Shape, input: Record<string, unknown>): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  let inPlace: unknown;
  for (const [key, target] of Object.entries(shape.fields)) {
    const value = input[key];
    if (!isSet(value)) continue;
    if (target.at === '') {
      inPlace = value;
      continue;
    }
    const mapped = valueFor(target, value);
    if (mapped !== undefined) setPath(body, target.at.split('.'), mapped);
  }
  if (Object.keys(body).length === 0 && isSet(inPlace)) return inPlace as Record<string, unknown>;
  if (shape.constants && (!shape.constantsWith || isSet(input[shape.constantsWith]))) Object.assign(body, shape.constants);
  shape.complete?.(body, input);
  return Object.keys(body).length ? body : undefined;
}

const startsWith = (path: string[], prefix: string[]) => prefix.every((segment, i) => path[i] === segment);

/**
 * The input path of a body path, for refusals: each level's field whose
 * target is the longest prefix of what is left; where the path goes deeper
 * than the target, a field with a shape (parts, not content) is preferred.
 * A list index passes through; what no field describes is kept as it is.
 */
export function inputPath(shape: Shape, path: string[]): string[] {
  if (path.length === 0) return [];
  let best: { key: string; target: Target; length: number } | null = null;
  for (const [key, target] of Object.entries(shape.fields)) {
    const at = target.at ? target.at.split('.') : [];
    if (at.length === 0 || !startsWith(path, at)) continue;
    const deeper = path.length > at.length;
    const better = !best || at.length > best.length || (at.length === best.length && deeper && target.shape && !best.target.shape);
    if (better) best = { key, target, length: at.length };
  }
  if (!best) return path;
  const rest = path.slice(best.length);
  if (!best.target.shape) return [best.key, ...rest];
  const index = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? [rest[0]] : [];
  return [best.key, ...index, ...inputPath(best.target.shape, rest.slice(index.length))];
}

function getPath(body: unknown, path: string[]): unknown {
  let node = body;
  for (const key of path) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * The input fields a body object holds, read back through the same map
 * (the inverse of `toBody`, for the editor's replay input). It reads what
 * the map describes and nothing else: whether the body is all there is
 * `toBody(shape, fromBody(shape, body))` equal to it (see replay-input.ts).
 */
export function fromBody(shape: Shape, body: unknown): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, target] of Object.entries(shape.fields)) {
    const value = target.at === '' ? (isObject(body) ? undefined : body) : getPath(body, target.at.split('.'));
    if (value === undefined || (target.accepts && !target.accepts(value))) continue;
    if (!target.shape) input[key] = value;
    else if (Array.isArray(value)) input[key] = value.map((item) => fromBody(target.shape!, item));
    else if (isObject(value)) input[key] = fromBody(target.shape, value);
    else input[key] = value;
  }
  return input;
}
