/**
 * The playground's editor as plain data: what the user is composing, kept as
 * they typed it (numbers as text, JSON as text) so that nothing is lost or
 * reformatted between keystrokes, and so that a loaded request can be
 * compared field by field with what is on screen now (replay-overrides.ts).
 * Every change is a pure function of the old state.
 */

/** The roles the editor offers; a loaded message may carry another (a legacy `function`), which is kept. */
export const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

/** One content part. `raw` holds a part of a type the other kinds cannot (sent whole, as loaded). */
export type PartDraft =
  | { key: string; kind: 'text'; text: string }
  | { key: string; kind: 'image'; imageUrl: string; /** auto, low or high; '' leaves it out. */ detail: string }
  | { key: string; kind: 'audio'; data: string; format: string }
  | { key: string; kind: 'file'; fileId: string; fileData: string; filename: string }
  | { key: string; kind: 'raw'; type: string; raw: Record<string, unknown> };

export interface ToolCallDraft {
  key: string;
  id: string;
  name: string;
  /** JSON text, as the model wrote it. */
  arguments: string;
}

export interface MessageDraft {
  key: string;
  role: string;
  /** The text; null when the message has no text field (an assistant turn that only called tools). */
  content: string | null;
  /** When set, the content is these parts instead of `content`. */
  parts: PartDraft[] | null;
  name: string;
  /** On a tool message: the id of the call it answers. */
  toolCallId: string;
  /** On an assistant message: the calls it made. */
  toolCalls: ToolCallDraft[];
  /** The message's other fields as JSON text (function_call, refusal...), sent as given; '' for none. */
  extra: string;
}

/** Sampling parameters as typed; '' (or an empty list) means "not set": the field is not sent. */
export interface ParamsDraft {
  temperature: string;
  topP: string;
  maxTokens: string;
  maxCompletionTokens: string;
  /** Each sequence with \n, \t and \\ written as escapes. */
  stop: string[];
  /** Digits: an Int64 travels as a string so that none is lost beyond 2^53. */
  seed: string;
  presencePenalty: string;
  frequencyPenalty: string;
  reasoningEffort: string;
  n: string;
  user: string;
  /** JSON text of an object, token id → bias. */
  logitBias: string;
  /** JSON text of an object: provider-specific body fields. */
  extra: string;
}

export interface ToolsDraft {
  /** JSON text of an array of function definitions; '' for none. */
  definitions: string;
  /** '', auto, none, required, or `function:<name>`. */
  choice: string;
  /** '' (provider default), 'true' or 'false'. */
  parallel: string;
}

export interface ResponseFormatDraft {
  /** '', text, json_object or json_schema. */
  type: string;
  name: string;
  description: string;
  /** '', 'true' or 'false'. */
  strict: string;
  /** JSON text of the schema object. */
  schema: string;
}

export interface ModelChoice {
  /** A provider id from `models`; '' lets the gateway use its default provider. */
  provider: string;
  model: string;
}

/** Everything a run is made from. */
export interface EditorState {
  model: ModelChoice;
  messages: MessageDraft[];
  /** Values by variable name; names no longer used are kept (not sent) so that a value survives a typo. */
  variables: Record<string, string>;
  params: ParamsDraft;
  tools: ToolsDraft;
  responseFormat: ResponseFormatDraft;
}

/** One column of a comparison: what it changes from the editor ('' keeps the editor's value). */
export interface VariantDraft {
  key: string;
  provider: string;
  model: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  seed: string;
  reasoningEffort: string;
}

export interface ReplayNoteView {
  kind: 'SHOWN_DIFFERENTLY' | 'CANNOT_SEND';
  field: string;
  message: string;
}

/**
 * Where the editor's contents came from. A replay runs through
 * `replayRequest` with only the edited fields as overrides; a restored run
 * is forked from when edited. `loaded` is the editor as first shown, the
 * reference every edit is measured against.
 */
export interface Origin {
  kind: 'replay' | 'run';
  /** The request id (a run's request id is its run id). */
  id: string;
  model: string;
  loaded: EditorState;
  notes: ReplayNoteView[];
}

export interface CompareState {
  on: boolean;
  variants: VariantDraft[];
}

export interface PlaygroundSession {
  editor: EditorState;
  origin: Origin | null;
  compare: CompareState;
}

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 6;

let counter = 0;
/** A key for React lists and for addressing one item in updates; unique within the page. */
export function newKey(prefix = 'k'): string {
  counter += 1;
  return `${prefix}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function newMessage(role = 'user', content = ''): MessageDraft {
  return { key: newKey('m'), role, content, parts: null, name: '', toolCallId: '', toolCalls: [], extra: '' };
}

export const emptyParams = (): ParamsDraft => ({
  temperature: '',
  topP: '',
  maxTokens: '',
  maxCompletionTokens: '',
  stop: [],
  seed: '',
  presencePenalty: '',
  frequencyPenalty: '',
  reasoningEffort: '',
  n: '',
  user: '',
  logitBias: '',
  extra: '',
});

export const emptyTools = (): ToolsDraft => ({ definitions: '', choice: '', parallel: '' });
export const emptyResponseFormat = (): ResponseFormatDraft => ({ type: '', name: '', description: '', strict: '', schema: '' });

export function newVariant(): VariantDraft {
  return { key: newKey('v'), provider: '', model: '', temperature: '', topP: '', maxTokens: '', seed: '', reasoningEffort: '' };
}

/** A fresh editor: an empty system prompt and an empty user message, the model chosen when models load. */
export function newEditor(): EditorState {
  return {
    model: { provider: '', model: '' },
    messages: [newMessage('system'), newMessage('user')],
    variables: {},
    params: emptyParams(),
    tools: emptyTools(),
    responseFormat: emptyResponseFormat(),
  };
}

export function newSession(): PlaygroundSession {
  return { editor: newEditor(), origin: null, compare: { on: false, variants: [newVariant(), newVariant()] } };
}

// --- Conversation edits -------------------------------------------------------------------------

export function updateMessage(editor: EditorState, key: string, change: Partial<MessageDraft>): EditorState {
  return { ...editor, messages: editor.messages.map((m) => (m.key === key ? { ...m, ...change } : m)) };
}

export function removeMessage(editor: EditorState, key: string): EditorState {
  return { ...editor, messages: editor.messages.filter((m) => m.key !== key) };
}

/** Moves a message one place up (-1) or down (+1); at either end it stays. */
export function moveMessage(editor: EditorState, key: string, by: -1 | 1): EditorState {
  const from = editor.messages.findIndex((m) => m.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= editor.messages.length) return editor;
  const messages = [...editor.messages];
  const [moved] = messages.splice(from, 1);
  messages.splice(to, 0, moved!);
  return { ...editor, messages };
}

/** Adds a message after `afterKey` (at the end when null). A new turn after a user's is the assistant's, and the other way round. */
export function insertMessage(editor: EditorState, afterKey: string | null, role?: string): { editor: EditorState; key: string } {
  const index = afterKey === null ? editor.messages.length - 1 : editor.messages.findIndex((m) => m.key === afterKey);
  const previous = editor.messages[index];
  const message = newMessage(role ?? (previous?.role === 'user' ? 'assistant' : 'user'));
  const messages = [...editor.messages];
  messages.splice(index + 1, 0, message);
  return { editor: { ...editor, messages }, key: message.key };
}

/** Switches a message between one text and a list of parts, keeping its text either way. */
export function toggleParts(message: MessageDraft): Partial<MessageDraft> {
  if (message.parts === null) return { parts: [{ key: newKey('p'), kind: 'text', text: message.content ?? '' }], content: null };
  const texts = message.parts.filter((p): p is Extract<PartDraft, { kind: 'text' }> => p.kind === 'text').map((p) => p.text);
  return { parts: null, content: texts.join('\n\n') };
}

// --- Turning an answer into conversation --------------------------------------------------------

export interface AnswerCall {
  id: string | null;
  name: string;
  arguments: string;
}

/** The assistant turn an answer makes: its text (none when it only called tools) and its calls. */
export function assistantMessage(text: string, calls: AnswerCall[]): MessageDraft {
  return {
    ...newMessage('assistant'),
    content: text === '' && calls.length > 0 ? null : text,
    toolCalls: calls.map((c, i) => ({ key: newKey('c'), id: c.id ?? `call_${i}`, name: c.name, arguments: c.arguments })),
  };
}

/** The answer's assistant turn, then one tool message per call with its result, in the calls' order. */
export function withToolResults(editor: EditorState, text: string, calls: AnswerCall[], results: Record<string, string>): EditorState {
  const assistant = assistantMessage(text, calls);
  const answers = assistant.toolCalls.map((call) => ({ ...newMessage('tool', results[call.id] ?? ''), toolCallId: call.id }));
  return { ...editor, messages: [...editor.messages, assistant, ...answers] };
}

// --- Stop sequences: typed with escapes, since a stop is often a newline ------------------------

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };

/** `\n` → newline, `\t` → tab, `\\` → backslash; any other backslash is kept. */
export function unescapeStop(typed: string): string {
  return typed.replace(/\\([ntr\\])/g, (_, c: string) => ESCAPES[c]!);
}

export function escapeStop(value: string): string {
  return value.replace(/[\\\n\t\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\r'));
}
