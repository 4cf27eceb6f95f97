import type { RequestRecord } from '@reprise/contracts';
import { startTestHistory } from '../support/history.js';

let service: Awaited<ReturnType<typeof startTestHistory>>;
const WS = 'ws-shapes';

beforeAll(async () => {
  service = await startTestHistory();
});

afterAll(() => service?.dispose());

/**
 * Bodies an app could have sent, written as text on purpose: each holds
 * something a parse and re-serialisation would change or refuse.
 */
const bodies: [string, string][] = [
  [
    'the legacy functions shape, with a message of role function',
    '{"model":"gpt-3.5-turbo-0613","messages":[{"role":"user","content":"Weather in Paris?"},' +
      '{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},' +
      '{"role":"function","name":"get_weather","content":"{\\"temp\\":21}"}],' +
      '"functions":[{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],"function_call":"auto"}',
  ],
  ['a seed of 23 digits, beyond int64', '{"model":"gpt-4o-mini","seed":12345678901234567890123,"messages":[{"role":"user","content":"seeded"}]}'],
  ['a seed of 20 digits, and a float written long', '{"model":"gpt-4o-mini","seed":18446744073709551615,"temperature":0.70000000000000000001,"messages":[{"role":"user","content":"x"}]}'],
  ['a __proto__ key, top level and nested', '{"__proto__":{"admin":true},"model":"gpt-4o-mini","messages":[{"role":"user","content":"p","__proto__":null}],"metadata":{"__proto__":"x"}}'],
  ['explicit nulls', '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"n","name":null}],"tools":null,"tool_choice":null,"response_format":null,"seed":null,"stop":null}'],
  ['odd spacing, duplicate keys and escapes', '{ "model" : "gpt-4o-mini",\n\t"messages":[{"role":"user","content":"caf\\u00e9 \\ud83d\\ude00"}], "n": 1, "n": 2 }'],
  ['tools with $defs, $ref and dotted keys', '{"model":"gpt-4o","messages":[{"role":"developer","content":"d"}],"tools":[{"type":"function","function":{"name":"lookup","parameters":{"$defs":{"a.b":{"type":"string"}},"$ref":"#/$defs/a.b"}}}]}'],
];

describe('logging stores what the app sent', () => {
  it.each(bodies)('byte for byte: %s', async (_name, requestBody) => {
    const logged = await service.call('POST', '/requests', { workspaceId: WS, items: [{ provider: 'openai', requestBody, startedAt: '2025-03-01T12:00:00.000Z' }] });
    expect(logged.status).toBe(200);
    const [id] = (logged.body as { ids: string[] }).ids;
    const read = await service.call('GET', `/requests/${id}?workspaceId=${WS}`);
    expect((read.body as RequestRecord).requestBody).toBe(requestBody);
    // And in the database itself, not only as the API answers it.
    const doc = await service.history.connection.collection('request_bodies').findOne({ _id: id as never });
    expect(doc!.requestBody).toBe(requestBody);
  });

  it('extracts the tool names of both shapes, and the legacy answer as its call', async () => {
    const response = '{"choices":[{"index":0,"message":{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{}"}}}]}';
    const items = [bodies[0]![1], bodies[6]![1]].map((requestBody) => ({ provider: 'openai', requestBody, responseBody: response, startedAt: '2025-03-01T12:00:00.000Z' }));
    const { ids } = (await service.call('POST', '/requests', { workspaceId: WS, items })).body as { ids: string[] };
    const docs = await service.history.connection.collection('requests').find({ _id: { $in: ids as never[] } }).toArray();
    expect(Object.fromEntries(docs.map((d) => [d._id, d.toolNames]))).toEqual({ [ids[0]!]: ['get_weather'], [ids[1]!]: ['lookup'] });
    expect(docs.map((d) => d.output)).toEqual(['get_weather({})', 'get_weather({})']);
  });

  it('still refuses what is no chat completions request, naming the field', async () => {
    const items = [{ provider: 'openai', requestBody: '{"model":"m","messages":[{"content":"no role"}]}', startedAt: '2025-03-01T12:00:00.000Z' }];
    const refused = await service.call('POST', '/requests', { workspaceId: WS, items });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ issues: [{ field: 'items.0.requestBody', message: expect.stringMatching(/^not a chat completions request: messages\.0\.role/) }] });
  });
});
