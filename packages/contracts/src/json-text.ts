/**
 * JSON text read and edited without turning it into JavaScript values, so
 * that what an object would lose survives: integers beyond 2^53 keep their
 * digits, a key named `__proto__` stays a key, duplicate keys and key order
 * stay as written. A replay's body is the stored request text with its
 * overrides spliced in here (DESIGN.md, "Replay"), never a re-serialised
 * object.
 */

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; /** The digits as written. */ raw: string }
  | { kind: 'literal'; start: number; end: number; value: true | false | null };

export interface JsonMember {
  key: string;
  /** From the key's opening quote to the end of its value. */
  start: number;
  end: number;
  value: JsonNode;
}

export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonTextError';
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Parses JSON text into a tree of positions; throws JsonTextError where the text is not JSON. */
export function parseJsonText(text: string): JsonNode {
  let i = 0;
  const skip = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (what: string): never => {
    throw new JsonTextError(i >= text.length ? `unexpected end of JSON, expected ${what}` : `unexpected ${JSON.stringify(text[i])}, expected ${what}`, i);
  };
  const string = (): { value: string; start: number; end: number } => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) fail('a string');
    const start = i;
    i += m![0].length;
    return { value: JSON.parse(m![0]) as string, start, end: i };
  };
  const value = (depth: number): JsonNode => {
    if (depth > 512) fail('less nesting');
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      skip();
      if (text[i] === '}') return { kind: 'object', start, end: ++i, members };
      for (;;) {
        skip();
        if (text[i] !== '"') fail('a key');
        const key = string();
        skip();
        if (text[i] !== ':') fail("':'");
        i++;
        const v = value(depth + 1);
        members.push({ key: key.value, start: key.start, end: v.end, value: v });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return { kind: 'object', start, end: ++i, members };
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skip();
      if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
        fail("',' or ']'");
      }
    }
    if (c === '"') return { kind: 'string', ...string() };
    for (const [word, lit] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { kind: 'literal', start, end: i, value: lit };
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail('a value');
    i += m![0].length;
    return { kind: 'number', start, end: i, raw: m![0] };
  };
  const root = value(0);
  skip();
  if (i < text.length) fail('the end of the text');
  return root;
}

/** The last member with this key (the one JSON.parse would keep), or undefined. */
export function memberOf(node: JsonNode, key: string): JsonMember | undefined {
  if (node.kind !== 'object') return undefined;
  for (let k = node.members.length - 1; k >= 0; k--) if (node.members[k]!.key === key) return node.members[k];
  return undefined;
}

/** The text of a node, as written. */
export function textOf(text: string, node: JsonNode): string {
  return text.slice(node.start, node.end);
}

/** A value to be written as the JSON text given, as is (an integer's exact digits). */
export class RawJson {
  constructor(readonly text: string) {
    parseJsonText(text);
  }
}

/**
 * JSON.stringify, except that a RawJson anywhere in the value is written as
 * its own text (a seed of 20 digits stays 20 digits).
 */
export function jsonTextOf(value: unknown): string {
  const raws: string[] = [];
  const marked = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000raw:${raws.length - 1}\u0000`;
    }
    return v;
  });
  if (marked === undefined) throw new TypeError('not a JSON value');
  if (raws.length === 0) return marked;
  // JSON.stringify escapes U+0000 as \u0000, so the marker cannot come from the value itself.
  return marked.replace(/"\\u0000raw:(\d+)\\u0000"/g, (_m, n: string) => raws[Number(n)]!);
}

/**
 * The object text with top-level members set or removed: a key given a
 * string gets that JSON text as its value (every member of that key, when it
 * is written twice), added at the end when absent; a key given null or
 * `undefined` is removed. Every other member is kept byte for byte, in its place (only
 * the white space between top-level members is not).
 */
export function spliceMembers(text: string, edits: Readonly<Record<string, string | null | undefined>>, root: JsonNode = parseJsonText(text)): string {
  if (root.kind !== 'object') throw new JsonTextError('expected an object', root.start);
  const edited = new Map(Object.entries(edits));
  if (edited.size === 0) return text;
  const parts: string[] = [];
  for (const m of root.members) {
    if (!edited.has(m.key)) parts.push(text.slice(m.start, m.end));
    else if (edited.get(m.key) != null) parts.push(`${text.slice(m.start, m.value.start)}${edited.get(m.key)}`);
  }
  const present = new Set(root.members.map((m) => m.key));
  for (const [key, value] of edited) if (value != null && !present.has(key)) parts.push(`${JSON.stringify(key)}:${value}`);
  return `${text.slice(0, root.start)}{${parts.join(',')}}${text.slice(root.end)}`;
}

/** The array text with items appended at its end (each given as JSON text). */
export function appendItems(text: string, array: JsonNode, items: readonly string[]): string {
  if (array.kind !== 'array') throw new JsonTextError('expected an array', array.start);
  if (items.length === 0) return text;
  const closing = array.end - 1;
  return `${text.slice(0, closing)}${array.items.length ? ',' : ''}${items.join(',')}${text.slice(closing)}`;
}

/**
 * Where two JSON texts differ by value, comparing numbers by their text and
 * objects by their keys (order aside, duplicates as JSON.parse reads them),
 * or null when they are equal. The path names the first difference found.
 */
export function jsonTextDifference(a: string, b: string): string | null {
  return nodeDifference(a, parseJsonText(a), b, parseJsonText(b), '$');
}

function nodeDifference(ta: string, a: JsonNode, tb: string, b: JsonNode, path: string): string | null {
  if (a.kind !== b.kind) return `${path}: ${a.kind} ≠ ${b.kind}`;
  switch (a.kind) {
    case 'number':
      return a.raw === (b as typeof a).raw ? null : `${path}: ${a.raw} ≠ ${(b as typeof a).raw}`;
    case 'string':
    case 'literal':
      return a.value === (b as typeof a).value ? null : `${path}: ${textOf(ta, a).slice(0, 80)} ≠ ${textOf(tb, b).slice(0, 80)}`;
    case 'array': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return `${path}: ${a.items.length} items ≠ ${bi.length}`;
      for (let k = 0; k < a.items.length; k++) {
        const d = nodeDifference(ta, a.items[k]!, tb, bi[k]!, `${path}[${k}]`);
        if (d) return d;
      }
      return null;
    }
    case 'object': {
      const keysA = new Set(a.members.map((m) => m.key));
      const keysB = new Set((b as typeof a).members.map((m) => m.key));
      for (const key of keysA) if (!keysB.has(key)) return `${path}.${key}: missing on the right`;
      for (const key of keysB) if (!keysA.has(key)) return `${path}.${key}: missing on the left`;
      for (const key of keysA) {
        const d = nodeDifference(ta, memberOf(a, key)!.value, tb, memberOf(b, key)!.value, `${path}.${key}`);
        if (d) return d;
      }
      return null;
    }
  }
}
