import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';
import { MAX_VARIANTS, newKey, newSession, type EditorState, type MessageDraft, type Origin, type PartDraft, type PlaygroundSession, type VariantDraft } from './session';

/**
 * A playground session as a file: the editor, the comparison's variants and
 * where the editor came from, without the page's list keys (new ones are
 * made on import). Checked with a JSON Schema on import, so that a wrong
 * file is refused with the place that is wrong, and a hand-written one may
 * leave out what has a default. Loaded only when a file is imported or
 * exported (ajv stays out of the page's first bundle).
 */

export const SESSION_FORMAT = 'reprise.playground-session';
export const SESSION_VERSION = 1;

type Keyless<T> = Omit<T, 'key'>;
type PartFile = Keyless<PartDraft>;
type MessageFile = Omit<MessageDraft, 'key' | 'parts' | 'toolCalls'> & { parts: PartFile[] | null; toolCalls: Keyless<MessageDraft['toolCalls'][number]>[] };
type EditorFile = Omit<EditorState, 'messages'> & { messages: MessageFile[] };

export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  exportedAt: string;
  editor: EditorFile;
  compare: { on: boolean; variants: Keyless<VariantDraft>[] };
  origin: (Omit<Origin, 'loaded'> & { loaded: EditorFile }) | null;
}

const str = { type: 'string' } as const;
const strDefault = { type: 'string', default: '' } as const;

const partSchema = {
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    { properties: { kind: { const: 'text' }, text: str }, required: ['text'], additionalProperties: false },
    { properties: { kind: { const: 'image' }, imageUrl: str, detail: str }, required: ['imageUrl', 'detail'], additionalProperties: false },
    { properties: { kind: { const: 'audio' }, data: str, format: str }, required: ['data', 'format'], additionalProperties: false },
    { properties: { kind: { const: 'file' }, fileId: str, fileData: str, filename: str }, required: ['fileId', 'fileData', 'filename'], additionalProperties: false },
    { properties: { kind: { const: 'raw' }, type: str, raw: { type: 'object' } }, required: ['type', 'raw'], additionalProperties: false },
  ],
};

const messageSchema = {
  type: 'object',
  required: ['role'],
  additionalProperties: false,
  properties: {
    role: str,
    content: { type: ['string', 'null'], default: '' },
    parts: { type: ['array', 'null'], items: partSchema, default: null },
    name: strDefault,
    toolCallId: strDefault,
    toolCalls: {
      type: 'array',
      default: [],
      items: { type: 'object', required: ['id', 'name', 'arguments'], additionalProperties: false, properties: { id: str, name: str, arguments: str } },
    },
    extra: strDefault,
  },
};

const editorSchema = {
  type: 'object',
  required: ['messages'],
  additionalProperties: false,
  properties: {
    model: {
      type: 'object',
      default: { provider: '', model: '' },
      additionalProperties: false,
      properties: { provider: strDefault, model: strDefault },
    },
    messages: { type: 'array', items: messageSchema },
    variables: { type: 'object', default: {}, additionalProperties: str },
    params: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: {
        temperature: strDefault,
        topP: strDefault,
        maxTokens: strDefault,
        maxCompletionTokens: strDefault,
        stop: { type: 'array', items: str, default: [] },
        seed: strDefault,
        presencePenalty: strDefault,
        frequencyPenalty: strDefault,
        reasoningEffort: strDefault,
        n: strDefault,
        user: strDefault,
        logitBias: strDefault,
        extra: strDefault,
      },
    },
    tools: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: { definitions: strDefault, choice: strDefault, parallel: { type: 'string', enum: ['', 'true', 'false'], default: '' } },
    },
    responseFormat: {
      type: 'object',
      default: {},
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: ['', 'text', 'json_object', 'json_schema'], default: '' },
        name: strDefault,
        description: strDefault,
        strict: { type: 'string', enum: ['', 'true', 'false'], default: '' },
        schema: strDefault,
      },
    },
  },
};

const variantSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { provider: strDefault, model: strDefault, temperature: strDefault, topP: strDefault, maxTokens: strDefault, seed: strDefault, reasoningEffort: strDefault },
};

const fileSchema = {
  type: 'object',
  required: ['format', 'version', 'editor'],
  additionalProperties: false,
  properties: {
    format: { const: SESSION_FORMAT },
    version: { const: SESSION_VERSION },
    exportedAt: strDefault,
    editor: editorSchema,
    compare: {
      type: 'object',
      default: { on: false, variants: [{}, {}] },
      additionalProperties: false,
      properties: {
        on: { type: 'boolean', default: false },
        variants: { type: 'array', items: variantSchema, maxItems: MAX_VARIANTS, default: [{}, {}] },
      },
    },
    origin: {
      type: ['object', 'null'],
      default: null,
      required: ['kind', 'id', 'loaded'],
      additionalProperties: false,
      properties: {
        kind: { enum: ['replay', 'run'] },
        id: str,
        model: strDefault,
        loaded: editorSchema,
        notes: {
          type: 'array',
          default: [],
          items: {
            type: 'object',
            required: ['kind', 'field', 'message'],
            additionalProperties: false,
            properties: { kind: { enum: ['SHOWN_DIFFERENTLY', 'CANNOT_SEND'] }, field: str, message: str },
          },
        },
      },
    },
  },
};

// Compiled on first use; defaults fill what a hand-written file leaves out.
let validate: ReturnType<Ajv['compile']> | null = null;
function validator() {
  validate ??= new Ajv({ useDefaults: true, discriminator: true, allowUnionTypes: true }).compile(fileSchema as unknown as JSONSchemaType<SessionFile>);
  return validate;
}

/** `/editor/messages/0/role must be string` in the words of the file's own paths. */
function describe(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'the file';
  if (error.keyword === 'additionalProperties') return `${path} has an unknown field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'required') return `${path} is missing "${String(error.params.missingProperty)}"`;
  return `${path} ${error.message ?? 'is not valid'}`;
}

const withoutKey = <T extends { key: string }>({ key: _key, ...rest }: T): Keyless<T> => rest;

function editorFile(editor: EditorState): EditorFile {
  return {
    ...editor,
    messages: editor.messages.map((m) => ({
      ...withoutKey(m),
      parts: m.parts ? m.parts.map((p) => withoutKey(p) as PartFile) : null,
      toolCalls: m.toolCalls.map(withoutKey),
    })),
  };
}

function editorState(file: EditorFile): EditorState {
  return {
    ...file,
    messages: file.messages.map((m) => ({
      ...m,
      key: newKey('m'),
      parts: m.parts ? m.parts.map((p) => ({ ...p, key: newKey('p') }) as PartDraft) : null,
      toolCalls: m.toolCalls.map((c) => ({ ...c, key: newKey('c') })),
    })),
  };
}

/** The session as the file's text, pretty-printed so that it reads and diffs well. */
export function exportSession(session: PlaygroundSession, now = new Date()): string {
  const file: SessionFile = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: now.toISOString(),
    editor: editorFile(session.editor),
    compare: { on: session.compare.on, variants: session.compare.variants.map(withoutKey) },
    origin: session.origin ? { ...session.origin, loaded: editorFile(session.origin.loaded) } : null,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type ImportResult = { ok: true; session: PlaygroundSession } | { ok: false; error: string };

/** A file's text as a session, or why it cannot be one, in words. */
export function importSession(text: string): ImportResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not JSON: ${(error as Error).message}` };
  }
  // Which file it is comes first: a later version's fields would only read as unknown ones.
  const head = (typeof value === 'object' && value !== null ? value : {}) as { format?: unknown; version?: unknown };
  if (head.format !== SESSION_FORMAT) {
    return { ok: false, error: `This file is not a playground session: its "format" is not "${SESSION_FORMAT}".` };
  }
  if (head.version !== SESSION_VERSION) {
    return { ok: false, error: `This file cannot be opened as a playground session: it is version ${JSON.stringify(head.version ?? null)}; this page reads version ${SESSION_VERSION}.` };
  }
  const check = validator();
  if (!check(value)) {
    const first = check.errors?.[0];
    return { ok: false, error: `This file cannot be opened as a playground session: ${first ? describe(first) : 'it is not valid'}.` };
  }
  const file = value as SessionFile;
  const blank = newSession();
  const variants = file.compare.variants.map((v) => ({ ...blank.compare.variants[0]!, ...v, key: newKey('v') }));
  while (variants.length < 2) variants.push({ ...blank.compare.variants[0]!, key: newKey('v') });
  return {
    ok: true,
    session: {
      editor: editorState(file.editor),
      compare: { on: file.compare.on, variants },
      origin: file.origin ? { ...file.origin, loaded: editorState(file.origin.loaded) } : null,
    },
  };
}

/** A file name for today's export: `reprise-session-2025-01-31.json`. */
export function sessionFileName(now = new Date()): string {
  return `reprise-session-${now.toISOString().slice(0, 10)}.json`;
}
