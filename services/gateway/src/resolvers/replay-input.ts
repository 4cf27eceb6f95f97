import { parseJsonText, type JsonNode } from '@reprise/contracts';
import { z } from 'zod';
import { chatBodyShape, contentPartShape, fromBody, messageShape, toBody, type Shape } from './chat-body.fields.js';

/**
 * A logged request's body as the playground editor shows it (`replayInput`),
 * and what the editor shows differently or cannot send (`replayNotes`). The
 * rule: a body field goes to its typed input field when the field holds it
 * exactly (read back through the one field map, it gives the same value);
 * anything else goes to `extra`, as stored. Nothing is dropped, and a replay
 * sends the stored text for every field the user does not change, so what is
 * shown differently is still sent as it was.
 */

export type ReplayNoteKind = 'shown_differently' | 'cannot_send';
export interface ReplayNote {
  kind: ReplayNoteKind;
  /** The body path the note is about (`functions`, `messages.3.tool_calls`). */
  field: string;
  message: string;
}

export interface ReplayInputValue {
  provider: string | null;
  model: string;
  messages: Record<string, unknown>[];
  /** Typed fields, as StartRunInput names them; `seed` as its digits. */
  [field: string]: unknown;
  extra: Record<string, unknown>;
}

type Json = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a key as an own property, whatever its name: `obj['__proto__'] = v` would set the prototype instead. */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The same value, key order aside. */
function sameValue(a: Json, b: Json): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  return Object.is(a, b);
}

/** What the typed output fields can hold, beyond the map: GraphQL refuses to serialise anything else. */
const str = z.string();
const partTypes = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: str }),
  z.strictObject({ type: z.literal('image_url'), image_url: z.strictObject({ url: str, detail: str.optional() }) }),
  z.strictObject({ type: z.literal('input_audio'), input_audio: z.strictObject({ data: str, format: str }) }),
  z.strictObject({ type: z.literal('file'), file: z.strictObject({ file_id: str.optional(), file_data: str.optional(), filename: str.optional() }) }),
]);
const toolCallType = z.strictObject({ id: str, type: z.literal('function'), function: z.strictObject({ name: str, arguments: str }) });
const messageFieldTypes: Record<string, z.ZodType> = {
  role: str,
  name: str,
  tool_call_id: str,
  tool_calls: z.array(toolCallType),
};
const num = z.number();
const int = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const topLevelTypes: Record<string, z.ZodType> = {
  temperature: num,
  top_p: num,
  max_tokens: int,
  max_completion_tokens: int,
  stop: z.array(str),
  presence_penalty: num,
  frequency_penalty: num,
  user: str,
  logit_bias: z.record(z.string(), z.unknown()),
  reasoning_effort: str,
  n: int,
  tools: z.array(z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: str, description: str.optional(), parameters: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().optional() }) })),
  tool_choice: z.union([str, z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: str }) })]),
  parallel_tool_calls: z.boolean(),
  response_format: z.union([
    z.strictObject({ type: z.enum(['text', 'json_object']) }),
    z.strictObject({ type: z.literal('json_schema'), json_schema: z.strictObject({ name: str, description: str.optional(), schema: z.record(z.string(), z.unknown()), strict: z.boolean().optional() }) }),
  ]),
};

/** The typed field of a top-level body key (`top_p` → `topP`), by the field map. */
const fieldOfKey = new Map(Object.entries(chatBodyShape.fields).map(([field, target]) => [target.at.split('.')[0]!, field]));

function oneField(shape: Shape, field: string): Shape {
  return { fields: { [field]: shape.fields[field]! } };
}

function contentPartInput(part: Json): Record<string, unknown> {
  if (partTypes.safeParse(part).success) {
    const input = fromBody(contentPartShape, part);
    if (sameValue(toBody(contentPartShape, input), part)) return input;
  }
  // Any other part type, or one with fields the input has none for: shown and sent whole.
  return { type: isObject(part) && typeof part.type === 'string' ? part.type : 'unknown', raw: part };
}

function messageInput(message: Json, path: string, notes: ReplayNote[]): Record<string, unknown> {
  if (!isObject(message)) {
    notes.push({ kind: 'cannot_send', field: path, message: 'this message is not an object; the provider will refuse it' });
    return { role: 'unknown', extra: { value: message } };
  }
  const input: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    const field = Object.entries(messageShape.fields).find(([, t]) => t.at === key)?.[0];
    if (key === 'content') {
      if (typeof value === 'string') input.content = value;
      else if (Array.isArray(value) && value.length > 0) input.parts = value.map(contentPartInput);
      else if (value === null && message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) continue;
      else put(extra, 'content', value);
      continue;
    }
    const fits = field && messageFieldTypes[key]?.safeParse(value).success;
    if (fits) Object.assign(input, fromBody(oneField(messageShape, field), { [key]: value }));
    else put(extra, key, value);
  }
  if (Object.keys(extra).length) input.extra = extra;
  // The map must give the message back exactly; if it does not, the message is shown whole in `extra`.
  if (!sameValue(toBody(messageShape, input), message)) {
    const { role, ...rest } = message;
    return { role: typeof role === 'string' ? role : 'unknown', extra: rest };
  }
  return input;
}

/** Every integer written with more digits than a JavaScript number holds exactly, with its path. */
function bigIntegers(node: JsonNode, path: string, out: { path: string; raw: string }[] = []): { path: string; raw: string }[] {
  if (node.kind === 'number') {
    if (/^-?\d+$/.test(node.raw) && !Number.isSafeInteger(Number(node.raw))) out.push({ path, raw: node.raw });
  } else if (node.kind === 'array') node.items.forEach((item, i) => bigIntegers(item, `${path}.${i}`, out));
  else if (node.kind === 'object') for (const m of node.members) bigIntegers(m.value, path ? `${path}.${m.key}` : m.key, out);
  return out;
}

/** Keys a JavaScript object may lose (`__proto__`) and keys written twice, with their paths. */
function oddKeys(node: JsonNode, path: string, out: { path: string; key: string; twice: boolean }[] = []): typeof out {
  if (node.kind === 'array') node.items.forEach((item, i) => oddKeys(item, `${path}.${i}`, out));
  if (node.kind !== 'object') return out;
  const seen = new Set<string>();
  for (const m of node.members) {
    const at = path ? `${path}.${m.key}` : m.key;
    if (seen.has(m.key)) out.push({ path: at, key: m.key, twice: true });
    else if (m.key === '__proto__') out.push({ path: at, key: m.key, twice: false });
    seen.add(m.key);
    oddKeys(m.value, at, out);
  }
  return out;
}

/** An assistant's tool calls that no later tool message answers: the API refuses a conversation with any. */
export function unansweredToolCalls(messages: unknown): { id: string; name: string; index: number }[] {
  if (!Array.isArray(messages)) return [];
  const answered = new Set(messages.filter((m) => isObject(m) && m.role === 'tool' && typeof m.tool_call_id === 'string').map((m) => (m as { tool_call_id: string }).tool_call_id));
  const open: { id: string; name: string; index: number }[] = [];
  messages.forEach((m, index) => {
    if (!isObject(m) || m.role !== 'assistant' || !Array.isArray(m.tool_calls)) return;
    for (const call of m.tool_calls as { id?: unknown; function?: { name?: unknown } }[]) {
      const id = typeof call?.id === 'string' ? call.id : '';
      if (!answered.has(id)) open.push({ id, name: typeof call?.function?.name === 'string' ? call.function.name : '?', index });
    }
  });
  return open;
}

export function unansweredMessage(open: { id: string; name: string }[]): string {
  return `the conversation has tool calls without results: ${open.map((c) => `${c.name} (${c.id})`).join(', ')}; add a tool message with the result of each, or remove the calls, to replay it`;
}

/** The editor's input for a stored body, and the notes on it. */
export function replayInputOf(text: string, record: { provider: string; model: string }, providerIds: ReadonlySet<string>): { input: ReplayInputValue; notes: ReplayNote[] } {
  const notes: ReplayNote[] = [];
  const provider = providerIds.has(record.provider) ? record.provider : null;
  if (!provider) {
    notes.push({ kind: 'shown_differently', field: 'provider', message: `logged against "${record.provider}", which is not a provider of this workspace: the default provider runs it unless you choose one` });
  }
  const input: ReplayInputValue = { provider, model: record.model, messages: [], extra: {} };
  let tree: JsonNode;
  let body: unknown;
  try {
    tree = parseJsonText(text);
    body = JSON.parse(text);
  } catch {
    notes.push({ kind: 'cannot_send', field: '', message: 'the stored body is not JSON' });
    return { input, notes };
  }
  if (!isObject(body) || tree.kind !== 'object') {
    notes.push({ kind: 'cannot_send', field: '', message: 'the stored body is not a JSON object' });
    return { input, notes };
  }

  for (const [key, value] of Object.entries(body)) {
    if (key === 'model') {
      if (value !== record.model) notes.push({ kind: 'shown_differently', field: 'model', message: `the body names "${String(value)}"; the request was recorded as "${record.model}", which is what runs` });
      continue;
    }
    if (key === 'stream' || key === 'stream_options') {
      notes.push({ kind: 'shown_differently', field: key, message: `not shown: the worker sets ${key} on every run (a streamed answer with usage)` });
      continue;
    }
    if (key === 'messages') {
      if (Array.isArray(value)) input.messages = value.map((m, i) => messageInput(m, `messages.${i}`, notes));
      else notes.push({ kind: 'cannot_send', field: 'messages', message: 'messages is not a list' });
      continue;
    }
    if (key === 'seed' && typeof value === 'number') {
      const node = tree.members.findLast((m) => m.key === 'seed')!.value;
      if (node.kind === 'number' && /^-?\d+$/.test(node.raw)) {
        input.seed = node.raw;
        continue;
      }
    }
    if (key === 'stop' && typeof value === 'string') {
      input.stop = [value];
      notes.push({ kind: 'shown_differently', field: 'stop', message: 'a single string in the stored body, shown as a list of one; sent as stored unless changed' });
      continue;
    }
    const field = fieldOfKey.get(key);
    if (field && topLevelTypes[key]?.safeParse(value).success) {
      const typed = fromBody(oneField(chatBodyShape, field), { [key]: value });
      if (sameValue(toBody(oneField(chatBodyShape, field), typed)?.[key], value)) {
        Object.assign(input, typed);
        continue;
      }
    }
    put(input.extra, key, value);
    if (key === 'functions' || key === 'function_call') {
      notes.push({ kind: 'shown_differently', field: key, message: `legacy ${key} (deprecated for tools and tool_choice): shown in extra beside tools, sent as stored` });
    } else if (field) {
      notes.push({ kind: 'shown_differently', field: key, message: `${key} has a shape the editor's field cannot hold exactly: shown in extra, sent as stored` });
    }
  }

  for (const big of bigIntegers(tree, '')) {
    if (big.path === 'seed') continue;
    notes.push({ kind: 'shown_differently', field: big.path, message: `${big.raw} has more digits than the editor keeps: shown rounded, sent as stored unless changed` });
  }
  for (const odd of oddKeys(tree, '')) {
    notes.push(
      odd.twice
        ? { kind: 'shown_differently', field: odd.path, message: `the key "${odd.key}" is written twice: the last is shown, both are sent as stored` }
        : { kind: 'shown_differently', field: odd.path, message: 'a key named __proto__: kept and sent as stored, but some JavaScript clients drop it from what they show' },
    );
  }
  const open = unansweredToolCalls(body.messages);
  if (open.length) notes.push({ kind: 'cannot_send', field: `messages.${open[0]!.index}.tool_calls`, message: unansweredMessage(open) });
  return { input, notes };
}
