import { appendItems, memberOf, parseJsonText, textOf, type JsonNode, type ReusedToolResult, type ToolCall } from '@reprise/contracts';

/**
 * Tool results of a replay, answered from the original conversation
 * (`reuseToolResults`): when the model calls a function with arguments equal
 * to a call the original made, the result recorded for that call is given
 * back, so an agent-style conversation can be replayed to its end without
 * running any tool.
 */

/** Model turns of one run, at most: a model that keeps calling the same tools ends there, with its last answer. */
export const MAX_TOOL_TURNS = 10;

/** One call of the original conversation whose result it recorded. */
interface RecordedCall {
  id: string;
  name: string;
  /** The arguments as a string, as the original call had them. */
  arguments: string;
  /** The arguments parsed, or null when they are not JSON (then they match as text). */
  parsed: { text: string; node: JsonNode } | null;
  /** The recorded tool message's `content`, as its JSON text in the original. */
  contentText: string;
}

/** The answer to one turn's calls: what to publish and what to add to the conversation. */
export interface TurnAnswer {
  results: ReusedToolResult[];
  /** The assistant message with the model's calls, then one tool message per call, as JSON text. */
  messages: string[];
}

function stringMember(node: JsonNode, key: string): string | undefined {
  const value = memberOf(node, key)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

function parsedJson(text: string): RecordedCall['parsed'] {
  try {
    return { text, node: parseJsonText(text) };
  } catch {
    return null;
  }
}

/**
 * The calls an original conversation made, each with its recorded result:
 * an assistant message's `tool_calls` entry, answered by the (first) tool
 * message carrying its `tool_call_id`. A call with no result is left out,
 * and so is anything not shaped as the API shapes it: a logged body may
 * hold anything.
 */
export function recordedCalls(originalBody: string): RecordedCall[] {
  let root: JsonNode;
  try {
    root = parseJsonText(originalBody);
  } catch {
    return [];
  }
  const messages = memberOf(root, 'messages')?.value;
  if (messages?.kind !== 'array') return [];
  const results = new Map<string, string>();
  for (const m of messages.items) {
    const id = stringMember(m, 'tool_call_id');
    const content = memberOf(m, 'content')?.value;
    if (stringMember(m, 'role') === 'tool' && id !== undefined && content && !results.has(id)) results.set(id, textOf(originalBody, content));
  }
  const calls: RecordedCall[] = [];
  for (const m of messages.items) {
    if (stringMember(m, 'role') !== 'assistant') continue;
    const list = memberOf(m, 'tool_calls')?.value;
    for (const call of list?.kind === 'array' ? list.items : []) {
      const id = stringMember(call, 'id');
      const fn = memberOf(call, 'function')?.value;
      const name = fn && stringMember(fn, 'name');
      const args = fn && stringMember(fn, 'arguments');
      const contentText = id === undefined ? undefined : results.get(id);
      if (id === undefined || name === undefined || contentText === undefined) continue;
      calls.push({ id, name, arguments: args ?? '', parsed: args === undefined ? null : parsedJson(args), contentText });
    }
  }
  return calls;
}

/** Numbers are equal by value; beyond 2^53, where doubles blur, by their digits. */
function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  return x === Number(b) && Math.abs(x) < 2 ** 53;
}

/** JSON values equal by value: key order aside, duplicate keys as JSON.parse reads them (the last one). */
function sameValue(ta: string, a: JsonNode, tb: string, b: JsonNode): boolean {
  switch (a.kind) {
    case 'number':
      return b.kind === 'number' && sameNumber(a.raw, b.raw);
    case 'string':
    case 'literal':
      return b.kind === a.kind && a.value === b.value;
    case 'array':
      return b.kind === 'array' && a.items.length === b.items.length && a.items.every((item, k) => sameValue(ta, item, tb, b.items[k]!));
    case 'object': {
      if (b.kind !== 'object') return false;
      const keys = new Set(a.members.map((m) => m.key));
      const other = new Set(b.members.map((m) => m.key));
      if (keys.size !== other.size) return false;
      for (const key of keys) {
        if (!other.has(key) || !sameValue(ta, memberOf(a, key)!.value, tb, memberOf(b, key)!.value)) return false;
      }
      return true;
    }
  }
}

function sameArguments(recorded: RecordedCall, args: string): boolean {
  const parsed = parsedJson(args);
  if (!parsed || !recorded.parsed) return parsed === null && recorded.parsed === null && recorded.arguments === args;
  return sameValue(recorded.parsed.text, recorded.parsed.node, parsed.text, parsed.node);
}

/**
 * The recorded answer to every call of a turn, or null when any call has
 * none (then the run ends with the model's calls, as any run does).
 */
export function answerTurn(recorded: readonly RecordedCall[], step: number, content: string, calls: readonly ToolCall[]): TurnAnswer | null {
  if (calls.length === 0) return null;
  const results: ReusedToolResult[] = [];
  const toolMessages: string[] = [];
  for (const call of calls) {
    const match = recorded.find((r) => r.name === call.function.name && sameArguments(r, call.function.arguments));
    if (!match) return null;
    results.push({ step, callId: call.id, name: call.function.name, arguments: call.function.arguments, fromCallId: match.id });
    // The recorded content goes back as its own text (a number keeps its digits); the id is the new call's.
    toolMessages.push(`{"role":"tool","tool_call_id":${JSON.stringify(call.id)},"content":${match.contentText}}`);
  }
  const assistant = JSON.stringify({
    role: 'assistant',
    content: content === '' ? null : content,
    tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })),
  });
  return { results, messages: [assistant, ...toolMessages] };
}

/** The body sent last, with the turn's messages appended to its `messages`, every other byte kept. */
export function continuedBody(sent: string, answer: TurnAnswer): string {
  const messages = memberOf(parseJsonText(sent), 'messages')?.value;
  if (messages?.kind !== 'array') throw new Error('the body has no messages list');
  return appendItems(sent, messages, answer.messages);
}
