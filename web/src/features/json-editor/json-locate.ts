/**
 * A strict JSON parser (RFC 8259) that remembers where each value and key sits in the text.
 *
 * JSON.parse is not enough for the editor: its error messages carry a position in some engines
 * and not in others, and it cannot say where a key is, which the schema check needs to put
 * ajv's error (a JSON pointer) at the line of the offending key.
 */

/** A parsed value with the offsets of its text; `members` and `items` for objects and arrays. */
export interface JsonNode {
  from: number;
  to: number;
  value: unknown;
  members?: JsonMember[];
  items?: JsonNode[];
}

export interface JsonMember {
  key: string;
  keyFrom: number;
  keyTo: number;
  node: JsonNode;
}

export interface JsonSyntaxError {
  /** Offset in the text where the parse stopped. */
  offset: number;
  message: string;
}

export type JsonParse = { ok: true; root: JsonNode } | { ok: false; error: JsonSyntaxError };

/** Deeper than this is not a hand-written tools list; stopping here keeps the recursion off the stack limit. */
const MAX_DEPTH = 512;

const LITERALS = new Map<string, { value: unknown }>([
  ['true', { value: true }],
  ['false', { value: false }],
  ['null', { value: null }],
]);

class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const describe = (ch: string | undefined) => (ch === undefined ? 'the end of the text' : ch === '\n' ? 'a line break' : `"${ch}"`);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Parses `text` as one JSON value; on failure, the first error's offset and a message in words. */
export function parseJson(text: string): JsonParse {
  let pos = 0;

  const failure = (message: string, at = pos) => new SyntaxFailure(at, message);

  const skipSpace = () => {
    for (;;) {
      const ch = text[pos];
      if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') pos++;
      else if (ch === '/' && (text[pos + 1] === '/' || text[pos + 1] === '*')) throw failure('Comments are not allowed in JSON');
      else return;
    }
  };

  const parseString = (): JsonNode => {
    const from = pos;
    pos++; // the opening quote
    for (;;) {
      const ch = text[pos];
      if (ch === undefined) throw failure('Unterminated string: a closing " is missing', from);
      if (ch === '"') break;
      if (ch === '\\') {
        const escape = text[pos + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) throw failure('Invalid \\u escape: it needs four hex digits');
          pos += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          pos += 2;
        } else {
          throw failure(`Invalid escape "\\${escape ?? ''}" in a string`);
        }
        continue;
      }
      if (ch < ' ') throw failure(ch === '\n' ? 'Unterminated string: line breaks in strings must be written \\n' : 'Control characters in strings must be escaped');
      pos++;
    }
    pos++; // the closing quote
    // The escapes are checked above, so JSON.parse decodes exactly what was scanned.
    return { from, to: pos, value: JSON.parse(text.slice(from, pos)) as string };
  };

  const parseNumber = (): JsonNode => {
    const from = pos;
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') {
      pos++;
      if (isDigit(text[pos])) throw failure('Numbers cannot have leading zeros');
    } else if (isDigit(text[pos])) {
      while (isDigit(text[pos])) pos++;
    } else {
      throw failure(`Invalid number: expected a digit after "-"`);
    }
    if (text[pos] === '.') {
      pos++;
      if (!isDigit(text[pos])) throw failure('Invalid number: expected a digit after "."');
      while (isDigit(text[pos])) pos++;
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      if (!isDigit(text[pos])) throw failure('Invalid number: expected a digit in the exponent');
      while (isDigit(text[pos])) pos++;
    }
    return { from, to: pos, value: Number(text.slice(from, pos)) };
  };

  const parseWord = (): JsonNode => {
    const from = pos;
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(pos, pos + 32))?.[0] ?? '';
    const literal = LITERALS.get(word);
    if (literal) {
      pos += word.length;
      return { from, to: pos, value: literal.value };
    }
    if (word === 'NaN' || word === 'Infinity' || word === 'undefined') throw failure(`${word} is not a JSON value`);
    if (word) throw failure(`Unexpected word "${word}": strings must be in double quotes`);
    throw failure(`Unexpected ${describe(text[pos])}: expected a value`);
  };

  const parseArray = (depth: number): JsonNode => {
    const from = pos;
    pos++;
    const items: JsonNode[] = [];
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return { from, to: pos, value: [], items };
    }
    for (;;) {
      items.push(parseValue(depth + 1));
      skipSpace();
      const ch = text[pos];
      if (ch === ']') break;
      if (ch !== ',') throw failure(`Expected "," or "]" after an array item, found ${describe(ch)}`);
      const comma = pos;
      pos++;
      skipSpace();
      if (text[pos] === ']') throw failure('Trailing comma: remove the "," before "]"', comma);
    }
    pos++;
    return { from, to: pos, value: items.map((item) => item.value), items };
  };

  const parseObject = (depth: number): JsonNode => {
    const from = pos;
    pos++;
    const members: JsonMember[] = [];
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return { from, to: pos, value: {}, members };
    }
    for (;;) {
      const ch = text[pos];
      if (ch !== '"') {
        if (ch === "'") throw failure('Property names must use double quotes, not single quotes');
        throw failure(ch === undefined ? 'Unexpected end of the text: expected a property name' : `Expected a property name in double quotes, found ${describe(ch)}`);
      }
      const key = parseString();
      skipSpace();
      if (text[pos] !== ':') throw failure(`Expected ":" after the property name ${JSON.stringify(key.value)}, found ${describe(text[pos])}`);
      pos++;
      const node = parseValue(depth + 1);
      members.push({ key: key.value as string, keyFrom: key.from, keyTo: key.to, node });
      skipSpace();
      const next = text[pos];
      if (next === '}') break;
      if (next !== ',') throw failure(`Expected "," or "}" after a property value, found ${describe(next)}`);
      const comma = pos;
      pos++;
      skipSpace();
      if (text[pos] === '}') throw failure('Trailing comma: remove the "," before "}"', comma);
    }
    pos++;
    // fromEntries defines own properties, so a "__proto__" key stays a key, as with JSON.parse.
    return { from, to: pos, value: Object.fromEntries(members.map((m) => [m.key, m.node.value])), members };
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) throw failure(`Nested more than ${MAX_DEPTH} levels deep`);
    skipSpace();
    const ch = text[pos];
    if (ch === '{') return parseObject(depth);
    if (ch === '[') return parseArray(depth);
    if (ch === '"') return parseString();
    if (ch === '-' || isDigit(ch)) return parseNumber();
    if (ch === "'") throw failure('Strings must use double quotes, not single quotes');
    if (ch === undefined) throw failure('Unexpected end of the text: expected a value');
    return parseWord();
  };

  try {
    const root = parseValue(0);
    skipSpace();
    if (pos < text.length) throw failure(`Unexpected ${describe(text[pos])} after the end of the JSON value`);
    return { ok: true, root };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: { offset: error.offset, message: error.message } };
    throw error;
  }
}

/** The member of an object node named `key`; the last one when a key is repeated, as JSON.parse keeps the last. */
export function memberOf(node: JsonNode, key: string): JsonMember | undefined {
  return node.members?.findLast((m) => m.key === key);
}

/**
 * Where a JSON pointer (as in ajv's `instancePath`, "/properties/city/type") points inside `node`:
 * the key's offset when it ends at an object member, otherwise the value's, and the deepest node
 * that exists when the pointer goes further than the text.
 */
export function locatePointer(node: JsonNode, pointer: string): { from: number; to: number } {
  let here: { from: number; to: number } = { from: node.from, to: node.from + 1 };
  let current: JsonNode | undefined = node;
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const segment of segments) {
    if (!current) break;
    if (current.members) {
      const member = memberOf(current, segment);
      if (!member) break;
      here = { from: member.keyFrom, to: member.keyTo };
      current = member.node;
    } else if (current.items) {
      const item: JsonNode | undefined = current.items[Number(segment)];
      if (!item) break;
      here = { from: item.from, to: Math.min(item.to, item.from + 1) };
      current = item;
    } else {
      break;
    }
  }
  return here;
}

/** 1-based line and column of an offset, columns counted in UTF-16 units as the editor counts them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
