import type { ContentPartInput, MessageInput, ResponseFormatInput, RunVariantInput, StartRunInput, ToolChoiceInput, ToolInput } from '../../gql/graphql';
import { unescapeStop, type EditorState, type MessageDraft, type PartDraft, type ToolsDraft, type VariantDraft } from './session';
import { findVariables } from './variables';

/**
 * The editor read as a run's input: only what the user set is sent, and
 * what cannot be sent yet (a number that is not one, JSON that does not
 * parse) is a problem naming the input field the way the gateway names it
 * (`messages.2.toolCallId`, `temperature`), so the page can show it beside
 * the control and keep Run disabled with the reason.
 */

export interface Problem {
  /** The input path, as StartRunInput names it. */
  field: string;
  message: string;
  /** Said beside Run only, in a sentence of its own: not a mistake, just not written yet (an empty new message). */
  quiet?: boolean;
}

/** The fields of StartRunInput the editor fills (forkedFrom is the session's). */
export type RunFields = Omit<StartRunInput, 'forkedFrom'>;

/** Where on the page a field is edited. */
export type Section = 'model' | 'messages' | 'variables' | 'params' | 'tools' | 'responseFormat';

const PARAM_FIELDS = new Set(['temperature', 'topP', 'maxTokens', 'maxCompletionTokens', 'stop', 'seed', 'presencePenalty', 'frequencyPenalty', 'reasoningEffort', 'n', 'user', 'logitBias', 'extra']);

/** A field path without the argument it was under: the gateway names `overrides.temperature` or `input.messages.0`. */
export const inputField = (field: string) => field.replace(/^(overrides|input)\./, '');

/** The section of a field path, from the gateway or from this file. */
export function sectionOf(field: string): Section {
  const [head = ''] = inputField(field).split('.');
  if (head === 'messages') return 'messages';
  if (head === 'variables') return 'variables';
  if (head === 'tools' || head === 'toolChoice' || head === 'parallelToolCalls') return 'tools';
  if (head === 'responseFormat') return 'responseFormat';
  if (PARAM_FIELDS.has(head)) return 'params';
  return 'model';
}

/** The messages about `field` and what lies under it (`messages.2` covers `messages.2.toolCallId`), joined for one place on the page. */
export function issueAt(problems: readonly Problem[], field: string): string | null {
  const found = problems.filter((p) => {
    const f = inputField(p.field);
    return f === field || f.startsWith(`${field}.`);
  });
  if (found.length === 0) return null;
  return found.map((p) => (inputField(p.field) === field ? p.message : `${inputField(p.field).slice(field.length + 1)}: ${p.message}`)).join('; ');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function float(text: string, field: string, problems: Problem[]): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!FLOAT.test(t)) {
    problems.push({ field, message: 'must be a number' });
    return undefined;
  }
  return Number(t);
}

function int(text: string, field: string, problems: Problem[]): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^[-+]?\d+$/.test(t) || !Number.isSafeInteger(Number(t)) || Math.abs(Number(t)) > 2 ** 31 - 1) {
    problems.push({ field, message: 'must be a whole number' });
    return undefined;
  }
  return Number(t);
}

/** A JSON object typed as text; '' is "not set". */
export function jsonObject(text: string, field: string, problems: Problem[]): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
    problems.push({ field, message: 'must be a JSON object ({ ... })' });
  } catch (error) {
    problems.push({ field, message: `is not valid JSON: ${(error as Error).message}` });
  }
  return undefined;
}

function partInput(part: PartDraft, at: string, problems: Problem[]): ContentPartInput {
  switch (part.kind) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      if (part.imageUrl.trim() === '') problems.push({ field: `${at}.imageUrl`, message: 'give the image URL (https: or data:)' });
      return { type: 'image_url', imageUrl: part.imageUrl, ...(part.detail ? { detail: part.detail } : {}) };
    case 'audio':
      return { type: 'input_audio', inputAudio: { data: part.data, format: part.format } };
    case 'file':
      return {
        type: 'file',
        file: { ...(part.fileId ? { fileId: part.fileId } : {}), ...(part.fileData ? { fileData: part.fileData } : {}), ...(part.filename ? { filename: part.filename } : {}) },
      };
    case 'raw':
      return { type: part.type, raw: part.raw };
  }
}

/** One message as MessageInput: fields left empty are left out, except a user's empty text (it is the message). */
export function messageInput(message: MessageDraft, index: number, problems: Problem[] = []): MessageInput {
  const at = `messages.${index}`;
  const input: MessageInput = { role: message.role };
  if (message.parts) input.parts = message.parts.map((p, j) => partInput(p, `${at}.parts.${j}`, problems));
  else if (message.content !== null) input.content = message.content;
  const silent = message.parts === null && (message.content ?? '') === '';
  if (silent && (message.role === 'user' || (message.role === 'assistant' && message.toolCalls.length === 0))) {
    problems.push({ field: `${at}.content`, message: `Message ${index + 1} is empty: write it, or remove it`, quiet: true });
  }
  if (message.name !== '') input.name = message.name;
  if (message.role === 'tool' && message.toolCallId.trim() === '') problems.push({ field: `${at}.toolCallId`, message: 'a tool message needs the id of the call it answers' });
  if (message.toolCallId !== '') input.toolCallId = message.toolCallId;
  if (message.toolCalls.length > 0) {
    input.toolCalls = message.toolCalls.map((c, j) => {
      if (c.name.trim() === '') problems.push({ field: `${at}.toolCalls.${j}.name`, message: 'a tool call needs the function’s name' });
      return { id: c.id, name: c.name, arguments: c.arguments };
    });
  }
  const extra = jsonObject(message.extra, `${at}.extra`, problems);
  if (extra) input.extra = extra;
  return input;
}

const TOOL_KEYS = new Set(['name', 'description', 'parameters', 'strict']);

/** Function definitions, flat (`{ name, parameters }`) or in OpenAI's wrapper (`{ type: "function", function: {...} }`). */
export function toolInputs(text: string, problems: Problem[] = []): ToolInput[] | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push({ field: 'tools', message: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.push({ field: 'tools', message: 'must be a JSON array of function definitions ([ ... ])' });
    return undefined;
  }
  if (value.length === 0) return undefined;
  return value.map((item: unknown, i) => {
    const definition = isObject(item) && item.type === 'function' && isObject(item.function) ? item.function : item;
    if (!isObject(definition)) {
      problems.push({ field: `tools.${i}`, message: 'must be an object with a name' });
      return { name: '' };
    }
    for (const key of Object.keys(definition)) {
      if (!TOOL_KEYS.has(key)) problems.push({ field: `tools.${i}.${key}`, message: 'is not a field of a function definition (name, description, parameters, strict)' });
    }
    const { name, description, parameters, strict } = definition;
    if (typeof name !== 'string' || name === '') problems.push({ field: `tools.${i}.name`, message: 'give the function a name' });
    if (parameters !== undefined && !isObject(parameters)) problems.push({ field: `tools.${i}.parameters`, message: 'must be a JSON Schema object' });
    return {
      name: typeof name === 'string' ? name : '',
      ...(typeof description === 'string' ? { description } : {}),
      ...(isObject(parameters) ? { parameters } : {}),
      ...(typeof strict === 'boolean' ? { strict } : {}),
    };
  });
}

/** The names of the functions defined, for the tool choice; none while the text does not parse. */
export function toolNames(tools: ToolsDraft): string[] {
  return (toolInputs(tools.definitions, []) ?? []).map((t) => t.name ?? '').filter(Boolean);
}

export function toolChoiceInput(choice: string): ToolChoiceInput | undefined {
  if (choice === '') return undefined;
  if (choice.startsWith('function:')) return { function: choice.slice('function:'.length) };
  return { mode: choice };
}

function responseFormatInput(editor: EditorState, problems: Problem[]): ResponseFormatInput | undefined {
  const format = editor.responseFormat;
  if (format.type === '') return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  if (format.name.trim() === '') problems.push({ field: 'responseFormat.name', message: 'give the schema a name' });
  const schema = jsonObject(format.schema, 'responseFormat.schema', problems);
  if (!schema && format.schema.trim() === '') problems.push({ field: 'responseFormat.schema', message: 'give the JSON Schema the answer must match' });
  return {
    type: 'json_schema',
    name: format.name,
    ...(format.description ? { description: format.description } : {}),
    ...(schema ? { schema } : {}),
    ...(format.strict ? { strict: format.strict === 'true' } : {}),
  };
}

const SEED = /^-?\d+$/;

const isBlankInstruction = (m: MessageDraft) => (m.role === 'system' || m.role === 'developer') && m.parts === null && (m.content ?? '').trim() === '' && m.toolCalls.length === 0 && m.extra === '' && m.name === '';

/**
 * The gateway's words about a sent message (`messages.1.content`) moved to
 * the editor's message they came from, blank system prompts being left out
 * of what is sent.
 */
export function toEditorField(field: string, sent: readonly number[]): string {
  return field.replace(/^((?:overrides|input)\.)?messages\.(\d+)/, (whole, prefix: string | undefined, index: string) => {
    const at = sent[Number(index)];
    return at === undefined ? whole : `${prefix ?? ''}messages.${at}`;
  });
}

/** The typed fields of the editor, each only when set; and what keeps it from being sent. */
export function readEditor(editor: EditorState): { fields: RunFields; problems: Problem[]; sent: number[] } {
  const problems: Problem[] = [];
  const fields: RunFields = {};
  const { model, messages, params } = editor;
  if (model.provider) fields.provider = model.provider;
  if (model.model.trim() === '') problems.push({ field: 'model', message: 'choose a model' });
  fields.model = model.model.trim();

  // An empty system prompt is the editor's blank, not an instruction: it is left out. `sent` maps what is sent back to the editor.
  const sent: number[] = [];
  messages.forEach((m, i) => {
    if (!isBlankInstruction(m)) sent.push(i);
  });
  if (sent.length === 0) problems.push({ field: 'messages', message: 'add at least one message' });
  fields.messages = sent.map((i) => messageInput(messages[i]!, i, problems));

  const names = findVariables(messages);
  if (names.length > 0) {
    fields.variables = Object.fromEntries(names.map((name) => [name, editor.variables[name] ?? '']));
    for (const name of names) {
      if (!editor.variables[name]) problems.push({ field: `variables.${name}`, message: `give {{${name}}} a value` });
    }
  }

  const set = <K extends keyof RunFields>(key: K, value: RunFields[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
  };
  set('temperature', float(params.temperature, 'temperature', problems));
  set('topP', float(params.topP, 'topP', problems));
  set('maxTokens', int(params.maxTokens, 'maxTokens', problems));
  set('maxCompletionTokens', int(params.maxCompletionTokens, 'maxCompletionTokens', problems));
  const stop = params.stop.filter((s) => s !== '').map(unescapeStop);
  if (stop.length > 0) fields.stop = stop;
  const seed = params.seed.trim();
  if (seed !== '') {
    if (SEED.test(seed)) fields.seed = seed;
    else problems.push({ field: 'seed', message: 'must be a whole number (digits)' });
  }
  set('presencePenalty', float(params.presencePenalty, 'presencePenalty', problems));
  set('frequencyPenalty', float(params.frequencyPenalty, 'frequencyPenalty', problems));
  if (params.reasoningEffort) fields.reasoningEffort = params.reasoningEffort;
  set('n', int(params.n, 'n', problems));
  if (params.user !== '') fields.user = params.user;
  set('logitBias', jsonObject(params.logitBias, 'logitBias', problems));

  set('tools', toolInputs(editor.tools.definitions, problems));
  set('toolChoice', toolChoiceInput(editor.tools.choice));
  if (editor.tools.parallel) fields.parallelToolCalls = editor.tools.parallel === 'true';
  set('responseFormat', responseFormatInput(editor, problems));
  set('extra', jsonObject(params.extra, 'extra', problems));
  return { fields, problems, sent };
}

/** What one comparison column changes; fields left empty take the editor's. */
export function variantInput(variant: VariantDraft, index: number, problems: Problem[] = []): RunVariantInput {
  const at = (field: string) => `variants.${index}.${field}`;
  const input: RunVariantInput = {};
  if (variant.model.trim() !== '') {
    input.model = variant.model.trim();
    if (variant.provider) input.provider = variant.provider;
  }
  const temperature = float(variant.temperature, at('temperature'), problems);
  if (temperature !== undefined) input.temperature = temperature;
  const topP = float(variant.topP, at('topP'), problems);
  if (topP !== undefined) input.topP = topP;
  const maxTokens = int(variant.maxTokens, at('maxTokens'), problems);
  if (maxTokens !== undefined) input.maxTokens = maxTokens;
  const seed = variant.seed.trim();
  if (seed !== '') {
    if (SEED.test(seed)) input.seed = seed;
    else problems.push({ field: at('seed'), message: 'must be a whole number (digits)' });
  }
  if (variant.reasoningEffort) input.reasoningEffort = variant.reasoningEffort;
  return input;
}

/** A short description of what a variant changes, for its column's title. */
export function variantSummary(variant: VariantDraft, modelLabel: (provider: string, model: string) => string): string {
  const changes: string[] = [];
  if (variant.model.trim()) changes.push(modelLabel(variant.provider, variant.model.trim()));
  if (variant.temperature.trim()) changes.push(`temperature ${variant.temperature.trim()}`);
  if (variant.topP.trim()) changes.push(`top_p ${variant.topP.trim()}`);
  if (variant.maxTokens.trim()) changes.push(`max tokens ${variant.maxTokens.trim()}`);
  if (variant.seed.trim()) changes.push(`seed ${variant.seed.trim()}`);
  if (variant.reasoningEffort) changes.push(`effort ${variant.reasoningEffort}`);
  return changes.length ? changes.join(', ') : 'as in the editor';
}
