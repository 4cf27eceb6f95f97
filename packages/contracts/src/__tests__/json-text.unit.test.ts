import { appendItems, jsonTextDifference, jsonTextOf, memberOf, parseJsonText, RawJson, spliceMembers, textOf } from '../json-text.js';

const stored = '{"model":"gpt-4o", "seed": 98765432109876543210,"__proto__":{"x":1},"a":null,\n "messages":[{"role":"user","content":"hi"}],"logit_bias":{"50256":-100},"t":1.0e2}';

describe('parseJsonText', () => {
  it('keeps the digits of numbers and every key, __proto__ included', () => {
    const root = parseJsonText(stored);
    expect(root.kind).toBe('object');
    const seed = memberOf(root, 'seed')!.value;
    expect(seed).toMatchObject({ kind: 'number', raw: '98765432109876543210' });
    expect(memberOf(root, '__proto__')!.value.kind).toBe('object');
    expect(memberOf(root, 't')!.value).toMatchObject({ raw: '1.0e2' });
    expect(textOf(stored, memberOf(root, 'messages')!.value)).toBe('[{"role":"user","content":"hi"}]');
  });

  it.each([['{"a":1,}'], ['{"a":01}'], ['[1 2]'], ['{"a":"\u0001"}'], ['{"a":1} x'], ['']])('refuses %j with its position', (text) => {
    expect(() => parseJsonText(text)).toThrow(/at position \d+/);
  });

  it('reads escapes in keys and strings', () => {
    const root = parseJsonText('{"a\\u0062":"\\n\\"","b":[true,false,null,-0.5e-3]}');
    expect(memberOf(root, 'ab')!.value).toMatchObject({ kind: 'string', value: '\n"' });
  });
});

describe('spliceMembers', () => {
  it('replaces, adds and removes top-level members and leaves every other byte of them as it was', () => {
    const out = spliceMembers(stored, { model: '"gpt-4.1"', a: undefined, stream: 'true', t: null });
    expect(out).toContain('"seed": 98765432109876543210');
    expect(out).toContain('"__proto__":{"x":1}');
    expect(out).toContain('"model":"gpt-4.1"');
    expect(out).not.toContain('"a":null');
    expect(out).not.toContain('"t"');
    expect(out.endsWith(',"stream":true}')).toBe(true);
    expect(jsonTextDifference(out, '{"model":"gpt-4.1","seed":98765432109876543210,"__proto__":{"x":1},"messages":[{"role":"user","content":"hi"}],"logit_bias":{"50256":-100},"stream":true}')).toBeNull();
  });

  it('replaces every member of a key written twice', () => {
    expect(spliceMembers('{"n":1,"n":2}', { n: '3' })).toBe('{"n":3,"n":3}');
  });

  it('edits an empty object, and removes the only member', () => {
    expect(spliceMembers('{}', { a: '1' })).toBe('{"a":1}');
    expect(spliceMembers(' {"a":1} ', { a: undefined })).toBe(' {} ');
  });

  it('returns the text itself when nothing is edited', () => {
    expect(spliceMembers(stored, {})).toBe(stored);
  });
});

describe('appendItems', () => {
  it('appends to an array, empty or not', () => {
    const text = '{"m":[],"k":[1]}';
    const root = parseJsonText(text);
    expect(appendItems(text, memberOf(root, 'm')!.value, ['{"a":1}', '2'])).toBe('{"m":[{"a":1},2],"k":[1]}');
    expect(appendItems(text, memberOf(root, 'k')!.value, ['2'])).toBe('{"m":[],"k":[1,2]}');
  });
});

describe('jsonTextOf', () => {
  it('writes a RawJson as its own text, and everything else as JSON.stringify does', () => {
    expect(jsonTextOf({ seed: new RawJson('12345678901234567890'), s: 'a\u0000b', n: [1, new RawJson('-0')] })).toBe('{"seed":12345678901234567890,"s":"a\\u0000b","n":[1,-0]}');
  });
});

describe('jsonTextDifference', () => {
  it('compares by value with exact number text, key order aside', () => {
    expect(jsonTextDifference('{"a":1,"b":[1,{"c":null}]}', '{ "b":[1,{"c":null}], "a":1 }')).toBeNull();
    expect(jsonTextDifference('{"seed":12345678901234567890}', '{"seed":12345678901234567891}')).toBe('$.seed: 12345678901234567890 ≠ 12345678901234567891');
    expect(jsonTextDifference('{"a":1.0}', '{"a":1}')).toBe('$.a: 1.0 ≠ 1');
    expect(jsonTextDifference('{"a":null}', '{}')).toBe('$.a: missing on the right');
    expect(jsonTextDifference('{"__proto__":1}', '{}')).toBe('$.__proto__: missing on the right');
  });
});
