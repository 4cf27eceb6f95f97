import { compare, compareFlags, compareToSummary, originalSummaryOf, outcomeOf, textDiff, type ComparedRecord } from '../../compare/index.js';

type Call = { name: string; arguments: string };

/** A completed record: a request (with an optional response_format) and a first choice with text and tool calls. */
function record(answer: string | null, options: { calls?: Call[]; format?: unknown; status?: ComparedRecord['status']; usage?: [number, number]; latencyMs?: number; cost?: number | null } = {}): ComparedRecord {
  const { calls = [], format, status = 'completed', usage, latencyMs = 100, cost = null } = options;
  const message = { role: 'assistant', content: answer, ...(calls.length ? { tool_calls: calls.map((c, i) => ({ id: `c${i}`, type: 'function', function: c })) } : {}) };
  return {
    requestBody: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'q' }], ...(format ? { response_format: format } : {}) }),
    responseBody: status === 'completed' ? JSON.stringify({ choices: [{ index: 0, message }] }) : null,
    output: answer,
    status,
    usage: usage ? { promptTokens: usage[0], completionTokens: usage[1], totalTokens: usage[0] + usage[1] } : null,
    latencyMs,
    cost,
  };
}

const JSON_OBJECT = { type: 'json_object' };
const ADDRESS_SCHEMA = {
  type: 'json_schema',
  json_schema: {
    name: 'address',
    strict: true,
    schema: {
      $id: 'https://example.com/address',
      type: 'object',
      properties: { name: { type: 'string' }, address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
      required: ['name', 'address'],
      additionalProperties: false,
    },
  },
};

describe('compare', () => {
  it('finds identical answers the same in every way, and the replay unchanged', () => {
    const c = compare(record('The sky is blue.', { usage: [10, 5], cost: 0.01 }), record('The sky is blue.', { usage: [10, 5], cost: 0.01 }));
    expect(c).toEqual({
      sameText: true,
      textDiff: [{ op: 'equal', text: 'The sky is blue.' }],
      toolCallsChanged: false,
      toolCallDifferences: [],
      json: null,
      deltas: { promptTokens: 0, completionTokens: 0, latencyMs: 0, cost: 0 },
    });
    expect(outcomeOf('completed', c)).toBe('unchanged');
  });

  it('diffs changed words, keeping white space, so the parts rebuild both texts', () => {
    const c = compare(record('The sky is blue today.'), record('The sky is grey today!'));
    expect(c.sameText).toBe(false);
    expect(c.textDiff).toEqual([
      { op: 'equal', text: 'The sky is ' },
      { op: 'delete', text: 'blue' },
      { op: 'insert', text: 'grey' },
      { op: 'equal', text: ' today' },
      { op: 'delete', text: '.' },
      { op: 'insert', text: '!' },
    ]);
    // White space is a part of its own: a change in it alone is a change, and the parts rebuild both texts exactly.
    const spaced = compare(record('The sky is blue\ntoday.'), record('The  sky is grey today!'));
    const rebuilt = (skip: string) => spaced.textDiff.filter((p) => p.op !== skip).map((p) => p.text).join('');
    expect(rebuilt('insert')).toBe('The sky is blue\ntoday.');
    expect(rebuilt('delete')).toBe('The  sky is grey today!');
    expect(spaced.textDiff).toContainEqual({ op: 'insert', text: '  ' });
    expect(outcomeOf('completed', c)).toBe('changed');
  });

  it('gives up on a word diff past its bound and reports the whole text replaced', () => {
    const words = (w: string) => Array.from({ length: 3000 }, (_, i) => `${w}${i}`).join(' ');
    expect(textDiff(words('a'), words('b'))).toEqual([{ op: 'delete', text: words('a') }, { op: 'insert', text: words('b') }]);
    expect(textDiff('', '')).toEqual([]);
    expect(textDiff('', 'new')).toEqual([{ op: 'insert', text: 'new' }]);
  });

  it('compares tool calls field by field and calls the replay changed for it', () => {
    const c = compare(
      record(null, { calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }),
      record(null, { calls: [{ name: 'get_weather', arguments: '{"city":"Lyon"}' }, { name: 'get_time', arguments: '{}' }] }),
    );
    expect(c.sameText).toBe(true);
    expect(c.toolCallsChanged).toBe(true);
    expect(c.toolCallDifferences).toEqual([
      { path: 'calls[0].arguments.city', kind: 'changed', original: '"Paris"', replay: '"Lyon"' },
      { path: 'calls[1]', kind: 'added', replay: '{"name":"get_time","arguments":"{}"}' },
    ]);
    expect(outcomeOf('completed', c)).toBe('changed');
  });

  it('reads the legacy function_call as a call', () => {
    const legacy: ComparedRecord = { ...record(null), responseBody: '{"choices":[{"message":{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{\\"a\\":1}"}}}]}' };
    const c = compare(legacy, record(null, { calls: [{ name: 'f', arguments: '{"a":2}' }] }));
    expect(c.toolCallDifferences).toEqual([{ path: 'calls[0].arguments.a', kind: 'changed', original: '1', replay: '2' }]);
  });

  it('diffs JSON output field by field and checks the replay against the schema', () => {
    const original = record('{"name":"Ann","address":{"city":"Paris"}}', { format: ADDRESS_SCHEMA });
    const c = compare(original, record('{"address":{"city":"Lyon"},"name":"Ann"}', { format: ADDRESS_SCHEMA }));
    expect(c.json).toEqual({ valid: true, error: null, differences: [{ path: 'answer.address.city', kind: 'changed', original: '"Paris"', replay: '"Lyon"' }] });
    expect(outcomeOf('completed', c)).toBe('changed');
    // Keys reordered only: the JSON is the same, the text is not.
    const reordered = compare(original, record('{"address":{"city":"Paris"},"name":"Ann"}', { format: ADDRESS_SCHEMA }));
    expect(reordered).toMatchObject({ sameText: false, json: { valid: true, differences: [] } });
  });

  it('says an answer that breaks the schema is invalid, and why', () => {
    const c = compare(record('{"name":"Ann","address":{"city":"Paris"}}', { format: ADDRESS_SCHEMA }), record('{"name":"Ann","address":{}}', { format: ADDRESS_SCHEMA }));
    expect(c.json).toEqual({
      valid: false,
      error: expect.stringMatching(/does not match the schema: \/address .*city/),
      differences: [{ path: 'answer.address.city', kind: 'removed', original: '"Paris"' }],
    });
  });

  it('says an answer that is not JSON is invalid, and diffs it as text', () => {
    const c = compare(record('{"ok":true}', { format: JSON_OBJECT }), record('Sure! {"ok":true}', { format: JSON_OBJECT }));
    expect(c.json).toEqual({ valid: false, error: 'the answer is not JSON', differences: [{ path: 'answer', kind: 'changed', original: '{"ok":true}', replay: '"Sure! {\\"ok\\":true}"' }] });
  });

  it('checks JSON against the format the replay was sent with, when an override changed it', () => {
    const c = compare(record('{"ok":true}', { format: JSON_OBJECT }), record('{"name":"Ann"}', { format: ADDRESS_SCHEMA }));
    expect(c.json).toMatchObject({ valid: false, error: expect.stringMatching(/address/) });
  });

  it("reads the format from the replay's body alone: an override that removed it leaves the text unchecked", () => {
    // The original's body is never read: a bulk replay brings only its original's summary.
    expect(compare(record('{"ok":true}', { format: JSON_OBJECT }), record('It is fine.')).json).toBeNull();
    expect(compare(record('It is fine.'), record('{"ok":true}', { format: JSON_OBJECT })).json).toMatchObject({ valid: true });
  });

  it("compares with an original's summary exactly as with the original", () => {
    const legacy: ComparedRecord = { ...record(null), responseBody: '{"choices":[{"message":{"role":"assistant","content":"I will","function_call":{"name":"f","arguments":"{\\"a\\":1}"}}}]}' };
    const records: ComparedRecord[] = [
      record('The sky is blue.', { usage: [10, 5], cost: 0.01 }),
      record('{"name":"Ann","address":{"city":"Paris"}}', { format: ADDRESS_SCHEMA, usage: [3, 4], latencyMs: 250 }),
      record('Sure! {"ok":true}', { format: JSON_OBJECT }),
      record(null, { calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }, { name: 'get_time', arguments: '{}' }] }),
      legacy,
      { ...record(null, { status: 'cancelled' }), output: 'The sky' },
      { ...record('x'), responseBody: 'data: {"partial":' },
    ];
    for (const a of records) {
      const summary = originalSummaryOf(a);
      for (const b of records) expect(compareToSummary(summary, b)).toEqual(compare(a, b));
    }
    expect(originalSummaryOf(legacy)).toEqual({ status: 'completed', text: 'I will', calls: [{ name: 'f', arguments: '{"a":1}' }], usage: null, latencyMs: 100, cost: null });
  });

  it("gives a replay's flags, without a text diff, exactly as the full comparison has them", () => {
    const records: ComparedRecord[] = [
      record('The sky is blue.', { usage: [10, 5], cost: 0.01 }),
      record('The sky is grey.', { usage: [12, 5], cost: 0.02, latencyMs: 80 }),
      record('{"name":"Ann","address":{"city":"Paris"}}', { format: ADDRESS_SCHEMA, usage: [3, 4], latencyMs: 250 }),
      record('{"address":{"city":"Paris"},"name":"Ann"}', { format: ADDRESS_SCHEMA }),
      record('{"name":"Ann","address":{"city":"Rome","zip":1.0}}', { format: ADDRESS_SCHEMA }),
      record('Sure! {"ok":true}', { format: JSON_OBJECT }),
      record('{"ok":1.0}', { format: JSON_OBJECT }),
      record('{"ok":1}', { format: JSON_OBJECT }),
      record(null, { calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }, { name: 'get_time', arguments: '{}' }] }),
      record(null, { calls: [{ name: 'get_time', arguments: '{}' }, { name: 'get_weather', arguments: '{ "city": "Paris" }' }] }),
      record(null, { calls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] }),
      { ...record(null), responseBody: '{"choices":[{"message":{"role":"assistant","content":"I will","function_call":{"name":"f","arguments":"{\\"a\\":1}"}}}]}' },
      { ...record(null, { status: 'cancelled' }), output: 'The sky' },
      record(null, { format: JSON_OBJECT, status: 'failed' }),
      { ...record('x'), responseBody: 'data: {"partial":' },
    ];
    const flagsOf = (c: ReturnType<typeof compare>) => ({
      sameText: c.sameText,
      toolCallsChanged: c.toolCallsChanged,
      json: c.json && { valid: c.json.valid, changed: c.json.differences.length > 0 },
      deltas: c.deltas,
    });
    for (const a of records) {
      const summary = originalSummaryOf(a);
      for (const b of records) {
        const full = compareToSummary(summary, b);
        const flags = compareFlags(summary, b);
        expect(flags).toEqual(flagsOf(full));
        expect(outcomeOf(b.status, flags)).toBe(outcomeOf(b.status, full));
      }
    }
  });

  it('checks two different schemas of the same $id, and survives a schema that does not compile', () => {
    const other = { ...ADDRESS_SCHEMA, json_schema: { ...ADDRESS_SCHEMA.json_schema, schema: { $id: 'https://example.com/address', type: 'array' } } };
    expect(compare(record('[]', { format: other }), record('{"name":"Ann"}', { format: other })).json).toMatchObject({ valid: false });
    expect(compare(record('[]', { format: ADDRESS_SCHEMA }), record('{"name":"Ann","address":{"city":"Rome"}}', { format: ADDRESS_SCHEMA })).json).toMatchObject({ valid: true });
    const broken = { type: 'json_schema', json_schema: { name: 'x', schema: { type: 12 } } };
    expect(compare(record('{}', { format: broken }), record('{}', { format: broken })).json).toEqual({
      valid: true,
      error: expect.stringMatching(/^the schema could not be checked: /),
      differences: [],
    });
  });

  it('has no JSON part for text output, a failed replay, or a replay that answered with tool calls', () => {
    expect(compare(record('{"a":1}'), record('{"a":2}')).json).toBeNull();
    expect(compare(record('{"a":1}', { format: JSON_OBJECT }), record(null, { format: JSON_OBJECT, status: 'failed' })).json).toBeNull();
    expect(compare(record('{"a":1}', { format: JSON_OBJECT }), record(null, { format: JSON_OBJECT, calls: [{ name: 'f', arguments: '{}' }] })).json).toBeNull();
  });

  it('computes deltas as replay minus original, null where either side is unknown', () => {
    const c = compare(record('a', { usage: [100, 20], latencyMs: 500, cost: 0.25 }), record('a', { usage: [90, 35], latencyMs: 350, cost: 0.5 }));
    expect(c.deltas).toEqual({ promptTokens: -10, completionTokens: 15, latencyMs: -150, cost: 0.25 });
    expect(compare(record('a', { usage: [1, 1] }), record('a', { cost: 0.1 })).deltas).toEqual({ promptTokens: null, completionTokens: null, latencyMs: 0, cost: null });
  });

  it('calls a replay that did not complete failed, and reads its partial text from output', () => {
    const cancelled = { ...record(null, { status: 'cancelled' }), output: 'The sky' };
    const c = compare(record('The sky is blue.'), cancelled);
    expect(c.textDiff).toEqual([{ op: 'equal', text: 'The sky' }, { op: 'delete', text: ' is blue.' }]);
    expect(outcomeOf('cancelled', c)).toBe('failed');
    expect(outcomeOf('failed', compare(record('a'), record('a')))).toBe('failed');
  });

  it('never throws on bodies of odd shapes', () => {
    const odd: ComparedRecord[] = [
      { ...record('x'), requestBody: 'not json', responseBody: 'data: {"partial":' },
      { ...record('x'), requestBody: 'null', responseBody: '{"choices":{"0":1}}' },
      { ...record('x'), requestBody: '{"response_format":{"type":"json_schema","json_schema":null}}', responseBody: '{"choices":[{"message":{"content":[{"type":"text","text":"x"},null],"tool_calls":{"a":1}}}]}' },
      { ...record('x'), requestBody: '{"response_format":{"type":"json_schema","json_schema":{"schema":{"type":12}}}}', responseBody: '{"choices":[null]}' },
    ];
    for (const a of odd) for (const b of odd) expect(() => compare(a, b)).not.toThrow();
  });
});
