import { findJsonProblems } from '../../../features/json-editor/json-problems';
import { lineColumn, locatePointer, parseJson } from '../../../features/json-editor/json-locate';

/** The problems as a person reads them under the editor: "line:column message". */
const problems = (text: string, kind: 'tools' | 'json-schema' | 'json') =>
  findJsonProblems(text, kind).map((p) => `${p.line}:${p.column} ${p.message}`);

/** The 1-based line and column of the first occurrence of `needle` in `text`. */
const at = (text: string, needle: string, occurrence = 1) => {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const { line, column } = lineColumn(text, offset);
  return `${line}:${column}`;
};

const weatherTool = (parameters: object) => JSON.stringify([{ name: 'get_weather', description: 'Weather in a city', parameters }], null, 2);

describe('parseJson', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    const text = '{"a": [1, -2.5e3, true, null, "x\\n\\u00e9"], "__proto__": {"b": {}}, "c": ""}';
    const parsed = parseJson(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.root.value).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a": 1,}', 7, 'Trailing comma'],
    ['[1, 2', 5, 'Expected "," or "]"'],
    ["{'a': 1}", 1, 'double quotes'],
    ['{"a" 1}', 5, 'Expected ":"'],
    ['{"a": tru}', 6, 'Unexpected word "tru"'],
    ['{"a": 01}', 7, 'leading zeros'],
    ['[1] 2', 4, 'after the end'],
    ['{"a": "b\nc"}', 8, 'line breaks'],
    ['{"a": NaN}', 6, 'NaN is not a JSON value'],
    ['// note\n{}', 0, 'Comments'],
    ['{"a": "\\x"}', 7, 'Invalid escape'],
    ['{"a": ', 6, 'Unexpected end'],
  ])('reports %j at offset %d', (text, offset, words) => {
    const parsed = parseJson(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.offset).toBe(offset);
      expect(parsed.error.message).toContain(words);
    }
  });

  it('locates a JSON pointer at its key, or at the deepest part that exists', () => {
    const text = '{\n  "properties": {\n    "city": { "type": "strng" }\n  }\n}';
    const parsed = parseJson(text);
    if (!parsed.ok) throw new Error('parse failed');
    expect(locatePointer(parsed.root, '/properties/city/type').from).toBe(text.indexOf('"type"'));
    expect(locatePointer(parsed.root, '/properties/town').from).toBe(text.indexOf('"properties"'));
    expect(locatePointer(parsed.root, '').from).toBe(0);
  });
});

describe('findJsonProblems', () => {
  it('finds nothing in valid text, and nothing in blank text', () => {
    expect(problems(weatherTool({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }), 'tools')).toEqual([]);
    expect(problems('', 'tools')).toEqual([]);
    expect(problems('  \n', 'json-schema')).toEqual([]);
    expect(problems('{"logit_bias": {"50256": -100}}', 'json')).toEqual([]);
  });

  it('puts a syntax error at its line and column', () => {
    const text = '[\n  { "name": "a" },\n  { "name": "b" }\n  { "name": "c" }\n]';
    expect(problems(text, 'tools')).toEqual([`4:3 Expected "," or "]" after an array item, found "{"`]);
    expect(problems('{"seed": 1,,}', 'json')).toEqual(['1:12 Expected a property name in double quotes, found ","']);
  });

  describe('tools', () => {
    it('requires an array of objects', () => {
      expect(problems('{"name": "a"}', 'tools')).toEqual([expect.stringMatching(/^1:1 Tools must be a JSON array/)]);
      expect(problems('["a"]', 'tools')).toEqual(['1:2 Tool 1 must be an object with a "name"']);
    });

    it('checks names: present, allowed characters, at most 64, unique', () => {
      const text = JSON.stringify([{ description: 'x' }, { name: 'get weather' }, { name: 'a'.repeat(65) }, { name: 'ok' }, { name: 'ok' }, { name: 7 }], null, 2);
      expect(problems(text, 'tools')).toEqual([
        `${at(text, '{\n    "description"')} Tool 1 has no "name"`,
        `${at(text, '"get weather"')} Tool name "get weather" is not allowed: use 1 to 64 letters, digits, "_" or "-"`,
        `${at(text, '"aaaa')} Tool name "${'a'.repeat(65)}" is not allowed: use 1 to 64 letters, digits, "_" or "-"`,
        `${at(text, '"ok"', 2)} Tool name "ok" is used twice (tools 4 and 5)`,
        `${at(text, '7')} Tool 6: "name" must be a string`,
      ]);
    });

    it('accepts the OpenAI { type: "function", function: {...} } form and checks inside it', () => {
      const good = JSON.stringify([{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} }, strict: true } }]);
      expect(problems(good, 'tools')).toEqual([]);
      const bad = JSON.stringify([{ type: 'tool', function: { name: 'lookup', strict: 'yes' } }, { type: 'function' }]);
      expect(problems(bad, 'tools')).toEqual([
        `${at(bad, '"tool"')} Tool 1: "type" must be "function"`,
        `${at(bad, '"yes"')} Tool "lookup": "strict" must be true or false`,
        `${at(bad, '{"type":"function"}')} Tool 2: the "function" object with its "name" is missing`,
      ]);
    });

    it('compiles parameters as a JSON Schema and puts the error at the offending key', () => {
      const text = weatherTool({ type: 'object', properties: { city: { type: 'strng' } } });
      expect(problems(text, 'tools')).toEqual([
        `${at(text, '"type": "strng"')} Tool "get_weather", parameters: "type" must be one of array, boolean, integer, null, number, object, string, not "strng"`,
      ]);
      expect(at(text, '"type": "strng"')).toBe('9:11');
    });

    it('reports parameters that are not an object schema', () => {
      expect(problems('[{"name": "a", "parameters": []}]', 'tools')).toEqual([expect.stringMatching(/^1:30 Tool "a": "parameters" must be a JSON Schema object/)]);
      expect(problems('[{"name": "a", "parameters": {"type": "string"}}]', 'tools')).toEqual(['1:31 Tool "a": "parameters" must describe an object ("type": "object")']);
    });

    it('resolves $ref to $defs, and reports a $ref to nothing at that $ref', () => {
      const defs = { $defs: { City: { type: 'string', minLength: 1 } }, type: 'object' };
      expect(problems(weatherTool({ ...defs, properties: { city: { $ref: '#/$defs/City' } } }), 'tools')).toEqual([]);
      const text = weatherTool({ ...defs, properties: { city: { $ref: '#/$defs/City' }, town: { $ref: '#/$defs/Town' } } });
      expect(problems(text, 'tools')).toEqual([
        `${at(text, '"$ref": "#/$defs/Town"')} Tool "get_weather", parameters: Unknown "$ref" "#/$defs/Town": no definition in this schema has that path`,
      ]);
    });

    it('gives each tool its own schema check', () => {
      const text = JSON.stringify(
        [
          { name: 'a', parameters: { type: 'object', required: 'city' } },
          { name: 'b', parameters: { type: 'object', properties: { n: { minimum: 'one' } } } },
        ],
        null,
        2,
      );
      expect(problems(text, 'tools')).toEqual([
        `${at(text, '"required"')} Tool "a", parameters: "required" must be an array`,
        `${at(text, '"minimum"')} Tool "b", parameters: "minimum" must be a number`,
      ]);
    });
  });

  describe('json-schema', () => {
    it('accepts draft 2020-12 and draft-07 schemas', () => {
      const draft2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }], items: false };
      const draft07 = { $schema: 'http://json-schema.org/draft-07/schema#', definitions: { A: { type: 'string' } }, type: 'array', items: [{ $ref: '#/definitions/A' }] };
      // Without $schema, a draft-07 tuple (`items` as an array) is still accepted.
      const unmarked07 = { type: 'array', items: [{ type: 'string' }], additionalItems: false };
      for (const schema of [draft2020, draft07, unmarked07]) expect(problems(JSON.stringify(schema), 'json-schema')).toEqual([]);
    });

    it('reports the 2020-12 wording when neither draft accepts the schema, and an unknown $schema', () => {
      expect(problems('{"type": "object", "properties": {"a": {"type": "strng"}}}', 'json-schema')).toEqual([
        '1:41 "type" must be one of array, boolean, integer, null, number, object, string, not "strng"',
      ]);
      expect(problems('{"$schema": "http://json-schema.org/draft-04/schema#"}', 'json-schema')).toEqual([expect.stringMatching(/^1:2 "\$schema" must be/)]);
    });

    it('requires one object', () => {
      expect(problems('[]', 'json-schema')).toEqual([expect.stringMatching(/^1:1 The response format’s schema must be a JSON object/)]);
    });

    it('checks a schema with an $id again and again (ajv keeps no stale copy)', () => {
      const text = '{"$id": "https://example.com/person", "type": "object"}';
      expect(problems(text, 'json-schema')).toEqual([]);
      expect(problems(text.replace('object', 'strng'), 'json-schema')).toHaveLength(1);
      expect(problems(text, 'json-schema')).toEqual([]);
    });
  });
});
