import { jsonTextDifference, parseJsonText, spliceMembers } from '@reprise/contracts';
import { chatBodyShape, toBody } from '@reprise/gateway';
import { collectRunEvents, eventually, startStack, type Stack } from '../index.js';
import { corpus } from '../support/chat-corpus.js';
import { startRecordingProvider, type RecordingProvider } from '../support/recording-provider.js';

const LOG = `mutation ($input: LogRequestInput!) { logRequest(input: $input) }`;
const REPLAY_INPUT = `query ($id: ID!) { request(id: $id) {
  replayNotes { kind field message }
  replayInput {
    provider model temperature topP maxTokens maxCompletionTokens stop seed presencePenalty frequencyPenalty user logitBias reasoningEffort n parallelToolCalls extra
    messages { role content name toolCallId extra toolCalls { id name arguments }
      parts { type text imageUrl detail raw inputAudio { data format } file { fileId fileData filename } } }
    tools { name description parameters strict }
    toolChoice { mode function }
    responseFormat { type name description schema strict }
  } } }`;
const REPLAY = `mutation ($id: ID!, $overrides: ReplayOverrides, $options: ReplayOptions) { replayRequest(id: $id, overrides: $overrides, options: $options) { id provider model } }`;
const REPLAYS_OF = `query ($id: ID!) { requests(filter: { replayOf: $id }) { edges { node { id source replayOf requestBody responseBody status
  reusedToolResults { step callId name arguments fromCallId } } } } }`;

let stack: Stack;
let provider: RecordingProvider;
let providerId: string;

beforeAll(async () => {
  stack = await startStack();
  provider = await startRecordingProvider();
  const created = await stack.graphql(`mutation ($input: CreateProviderInput!) { createProvider(input: $input) { id } }`, {
    input: { name: 'Recorder', kind: 'openai-compatible', baseURL: provider.url, models: [{ id: 'rec-model' }] },
  });
  providerId = created.data!.createProvider.id;
});

afterAll(async () => {
  await stack?.close();
  await provider?.close();
});

async function log(body: string, apiKey = stack.apiKey): Promise<string> {
  const res = await stack.graphql(LOG, { input: { provider: providerId, requestBody: body, startedAt: new Date().toISOString() } }, apiKey);
  expect(res.errors).toBeUndefined();
  return res.data!.logRequest;
}

/** Replays, waits for the run's end, and returns the raw body the provider received and the new record. */
async function replay(id: string, overrides?: Record<string, unknown>, options?: Record<string, unknown>) {
  const before = provider.received.length;
  const res = await stack.graphql(REPLAY, { id, overrides, options });
  expect(res.errors).toBeUndefined();
  const runId = res.data!.replayRequest.id;
  const events = await collectRunEvents(stack.wsClient(), runId);
  expect(events.at(-1)?.__typename).toBe('RunCompleted');
  const record = await eventually(async () => (await stack.graphql(REPLAYS_OF, { id })).data?.requests.edges.map((e: any) => e.node).find((n: any) => n.id === runId));
  return { sent: provider.received.slice(before), record, events };
}

/** What the worker sends for a stored body: the body with model and stream set, nothing else changed. */
function expectedWire(body: string, model: string): string {
  return spliceMembers(body, { model: JSON.stringify(model), stream: 'true', stream_options: '{"include_usage":true}' });
}

/** The body the editor's input describes (typed fields through the field map, then extra), for comparing with what was logged. */
function bodyOf(input: Record<string, any>): Record<string, unknown> {
  const strip = (v: any): any =>
    Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, k === 'raw' || k === 'extra' || k === 'parameters' || k === 'schema' || k === 'logitBias' ? x : strip(x)])) : v;
  const { provider: _p, model: _m, extra, seed, ...typed } = strip(input);
  const body: Record<string, unknown> = { ...(extra ?? {}), ...toBody(chatBodyShape, typed) };
  if (seed !== undefined) body.seed = Number(seed);
  return body;
}

describe('replay of a logged request, over the corpus of request shapes', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s: logged, shown, replayed, and received exactly', async (_name, c) => {
    const id = await log(c.body);
    const shown = await stack.graphql(REPLAY_INPUT, { id });
    expect(shown.errors).toBeUndefined();
    const { replayInput, replayNotes } = shown.data!.request;
    expect(replayNotes.filter((n: any) => n.kind === 'CANNOT_SEND')).toEqual([]);
    for (const field of c.notes ?? []) expect(replayNotes.map((n: any) => n.field)).toContain(field);

    // Nothing is dropped: the editor's fields and extra give back the stored body (model and stream aside).
    const stored = JSON.parse(c.body);
    delete stored.model;
    delete stored.stream;
    delete stored.stream_options;
    // Compared as JSON values (-0 is 0 in any JSON reader); big integers (the seed) are compared by their digits below.
    const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));
    expect(asJson(bodyOf(replayInput))).toEqual(asJson(stored));
    const seed = parseJsonText(c.body);
    if (seed.kind === 'object' && seed.members.some((m) => m.key === 'seed' && m.value.kind === 'number')) {
      expect(replayInput.seed).toBe((seed.members.find((m) => m.key === 'seed')!.value as { raw: string }).raw);
    }

    const { sent, record } = await replay(id);
    expect(sent).toHaveLength(1);
    const wire = expectedWire(c.body, stored.model ?? JSON.parse(c.body).model);
    expect(jsonTextDifference(sent[0]!.text, wire)).toBeNull();
    expect(record).toMatchObject({ source: 'REPLAY', replayOf: id, status: 'COMPLETED' });
    expect(record.requestBody).toBe(sent[0]!.text);
  });

  it('records every choice of a request with n > 1', async () => {
    const c = corpus.find((x) => x.body.includes('"n":3'))!;
    const { record } = await replay(await log(c.body));
    const response = JSON.parse(record.responseBody);
    expect(response.choices.map((ch: any) => ch.index)).toEqual([0, 1, 2]);
    expect(response.choices[2].message.content).toContain('(choice 2)');
  });

  it('sends the overrides and leaves every other field as stored, a 64-bit seed override keeping its digits', async () => {
    const c = corpus.find((x) => x.name.startsWith('vLLM'))!;
    const id = await log(c.body);
    const { sent, record } = await replay(id, { model: 'rec-model', temperature: 0.3, seed: '9007199254740993', remove: ['top_k'], extra: { min_p: 0.2 } });
    const wire = spliceMembers(c.body, { model: '"rec-model"', temperature: '0.3', seed: '9007199254740993', top_k: null, min_p: '0.2', stream: 'true', stream_options: '{"include_usage":true}' });
    expect(jsonTextDifference(sent[0]!.text, wire)).toBeNull();
    expect(sent[0]!.text).toContain('"seed":9007199254740993');
    expect(sent[0]!.text).toContain('"repetition_penalty":1.10');
    expect(record.replayOf).toBe(id);
  });

  it('starts a run whose Int64 seed beyond 2^53 reaches the provider digit for digit', async () => {
    const before = provider.received.length;
    const res = await stack.graphql(`mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: { provider: providerId, model: 'rec-model', seed: '9223372036854775807', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(res.errors).toBeUndefined();
    await collectRunEvents(stack.wsClient(), res.data!.startRun.id);
    expect(provider.received[before]!.text).toContain('"seed":9223372036854775807');
  });
});

describe('replay refusals', () => {
  const openCall = `{"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_open","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]}]}`;

  it('says plainly that a conversation ending in unanswered tool calls cannot be sent, naming the calls, and queues nothing', async () => {
    const id = await log(openCall);
    const shown = await stack.graphql(REPLAY_INPUT, { id });
    expect(shown.data!.request.replayNotes).toContainEqual({ kind: 'CANNOT_SEND', field: 'messages.1.tool_calls', message: expect.stringContaining('get_weather (call_open)') });
    const before = provider.received.length;
    const res = await stack.graphql(REPLAY, { id });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(res.errors?.[0]?.message).toContain('get_weather (call_open)');
    expect(await stack.graphql(REPLAYS_OF, { id })).toMatchObject({ data: { requests: { edges: [] } } });
    expect(provider.received.length).toBe(before);
  });

  it('refuses an unknown id and another workspace’s id alike, naming `id`', async () => {
    const other = await stack.newWorkspace('other');
    const theirs = await log(corpus[0]!.body, other.apiKey);
    for (const id of ['nope', theirs]) {
      const res = await stack.graphql(REPLAY, { id });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect((await stack.graphql(REPLAY_INPUT, { id })).data?.request).toBeNull();
    }
  });

  it('refuses bad overrides naming the field, before anything is queued', async () => {
    const id = await log(corpus[0]!.body);
    const before = provider.received.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ provider: 'no-such-provider' }, 'overrides.provider'],
      [{ temperature: 7 }, 'overrides.temperature'],
      [{ tools: [{ name: 'f', parameters: { type: 'object', properties: { a: { type: 'strng' } } } }] }, 'overrides.tools.0.parameters.properties.a.type'],
      [{ extra: { stream: false } }, 'overrides.extra.stream'],
      [{ messages: [{ role: 'user', content: 'Hi {{name}}' }] }, 'overrides.variables.name'],
    ];
    for (const [overrides, field] of cases) {
      const res = await stack.graphql(REPLAY, { id, overrides });
      expect({ field: res.errors?.[0]?.extensions?.field, code: res.errors?.[0]?.extensions?.code }).toEqual({ field, code: 'BAD_USER_INPUT' });
    }
    expect(provider.received.length).toBe(before);
  });
});

describe('reuseToolResults', () => {
  // An agent's conversation: two rounds of tools, then the answer.
  const agent = JSON.stringify({
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'Pack for Paris' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'orig_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' } }] },
      { role: 'tool', tool_call_id: 'orig_1', content: '{"temp":21,"rain":true}' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'orig_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"c"}' } }, { id: 'orig_3', type: 'function', function: { name: 'pack', arguments: '{"items":["umbrella"]}' } }] },
      { role: 'tool', tool_call_id: 'orig_2', content: '{"temp":4}' },
      { role: 'tool', tool_call_id: 'orig_3', content: 'packed' },
      { role: 'assistant', content: 'Take an umbrella.' },
    ],
    tools: [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } } },
      { type: 'function', function: { name: 'pack', parameters: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } } } } },
    ],
  });

  it('answers the model’s calls from the recorded results (arguments compared as JSON) until it answers in text', async () => {
    const id = await log(agent);
    provider.script(
      { toolCalls: [{ id: 'new_1', name: 'get_weather', arguments: '{"unit":"c","city":"Paris"}' }] },
      { toolCalls: [{ id: 'new_2', name: 'get_weather', arguments: '{ "city": "Oslo", "unit": "c" }' }, { id: 'new_3', name: 'pack', arguments: '{"items":["umbrella"]}' }] },
      { text: 'Pack an umbrella.' },
    );
    const { sent, record, events } = await replay(id, { messages: [{ role: 'user', content: 'Pack for Paris' }] }, { reuseToolResults: true });
    expect(sent).toHaveLength(3);
    const last = JSON.parse(sent[2]!.text);
    expect(last.messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'new_1', type: 'function', function: { name: 'get_weather', arguments: '{"unit":"c","city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'new_1', content: '{"temp":21,"rain":true}' },
      expect.objectContaining({ role: 'assistant' }),
      { role: 'tool', tool_call_id: 'new_2', content: '{"temp":4}' },
      { role: 'tool', tool_call_id: 'new_3', content: 'packed' },
    ]);
    expect(record.reusedToolResults).toEqual([
      { step: 1, callId: 'new_1', name: 'get_weather', arguments: '{"unit":"c","city":"Paris"}', fromCallId: 'orig_1' },
      { step: 2, callId: 'new_2', name: 'get_weather', arguments: '{ "city": "Oslo", "unit": "c" }', fromCallId: 'orig_2' },
      { step: 2, callId: 'new_3', name: 'pack', arguments: '{"items":["umbrella"]}', fromCallId: 'orig_3' },
    ]);
    expect(JSON.parse(record.responseBody).choices[0].message.content).toBe('Pack an umbrella.');
    expect(events.at(-1)).toMatchObject({ __typename: 'RunCompleted', message: { content: 'Pack an umbrella.' } });
  });

  it('stops at a call with no recorded result, and completes with that call as the answer', async () => {
    const id = await log(agent);
    provider.script({ toolCalls: [{ id: 'new_x', name: 'get_weather', arguments: '{"city":"Lima","unit":"c"}' }] });
    const { sent, record } = await replay(id, { messages: [{ role: 'user', content: 'Pack for Lima' }] }, { reuseToolResults: true });
    expect(sent).toHaveLength(1);
    expect(record.reusedToolResults).toEqual([]);
    expect(JSON.parse(record.responseBody).choices[0].message.tool_calls[0].function.arguments).toBe('{"city":"Lima","unit":"c"}');
  });
});
