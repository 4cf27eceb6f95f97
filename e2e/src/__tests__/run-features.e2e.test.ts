import { simulatedAnswer } from '@reprise/simulator';
import { collectRunEvents, eventually, REQUEST, START_RUN, startStack, type RunEventResult, type Stack } from '../index.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

/** Every field a tool-calling or structured run shows. */
const EVENTS = `subscription ($runId: ID!) {
  runEvents(runId: $runId) {
    __typename id
    ... on RunDelta { text }
    ... on RunToolCallDelta { index callId name arguments }
    ... on RunCompleted {
      message { content toolCalls { id type function { name arguments } } }
      finishReason cost
      structuredOutput { valid error }
    }
    ... on RunFailed { error { kind message } }
  }
}`;

type Event = Omit<RunEventResult, '__typename' | 'message'> & {
  __typename: RunEventResult['__typename'] | 'RunToolCallDelta';
  index?: number;
  callId?: string | null;
  name?: string | null;
  arguments?: string | null;
  message?: { content: string | null; toolCalls: { id: string; type: string; function: { name: string; arguments: string } }[] | null };
  structuredOutput?: { valid: boolean; error: string | null } | null;
  cost?: number | null;
};

function events(runId: string): Promise<Event[]> {
  return new Promise((resolve, reject) => {
    const out: Event[] = [];
    stack.wsClient().subscribe<{ runEvents: Event }>(
      { query: EVENTS, variables: { runId } },
      { next: (r) => (r.errors ? reject(new Error(JSON.stringify(r.errors))) : out.push(r.data!.runEvents)), error: reject, complete: () => resolve(out) },
    );
  });
}

async function run(input: Record<string, unknown>) {
  const res = await stack.graphql(START_RUN, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.startRun.id as string;
}

const weather = {
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'unit'], additionalProperties: false },
  strict: true,
};
const clock = { name: 'get_time', parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] } };

describe('tools', () => {
  it('streams a tool call piece by piece and completes with it', async () => {
    const runId = await run({
      model: 'sim-fast',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weather, clock],
      toolChoice: { function: 'get_weather' },
    });
    const evs = await events(runId);
    const pieces = evs.filter((e) => e.__typename === 'RunToolCallDelta');
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces[0]).toMatchObject({ index: 0, name: 'get_weather', callId: expect.stringMatching(/^call_/) });
    const done = evs.at(-1)!;
    expect(done.__typename).toBe('RunCompleted');
    expect(done.finishReason).toBe('tool_calls');
    expect(done.message!.toolCalls).toHaveLength(1);
    const [call] = done.message!.toolCalls!;
    expect(call).toMatchObject({ id: pieces[0]!.callId, type: 'function', function: { name: 'get_weather' } });
    expect(call!.function.arguments).toBe(pieces.map((p) => p.arguments ?? '').join(''));
    expect(Object.keys(JSON.parse(call!.function.arguments)).sort()).toEqual(['city', 'unit']);

    const record = await eventually(async () => (await stack.graphql(REQUEST, { id: runId })).data!.request);
    expect(JSON.parse(record.responseBody).choices[0].message.tool_calls).toEqual(done.message!.toolCalls);
    expect(JSON.parse(record.requestBody).tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
  });

  it('makes parallel calls when allowed, one when not', async () => {
    const base = { model: 'sim-fast', messages: [{ role: 'user', content: 'Both please' }], tools: [weather, clock], toolChoice: { mode: 'required' } };
    const parallel = await events(await run(base));
    expect(parallel.at(-1)!.message!.toolCalls!.map((c) => c.function.name)).toEqual(['get_weather', 'get_time']);
    const single = await events(await run({ ...base, parallelToolCalls: false }));
    expect(single.at(-1)!.message!.toolCalls).toHaveLength(1);
  });

  it('carries a tool result back in the conversation', async () => {
    const messages = [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: '{"temp":21}' },
    ];
    const runId = await run({ model: 'sim-fast', messages, tools: [weather] });
    const evs = await events(runId);
    expect(evs.at(-1)!.__typename).toBe('RunCompleted');
    const record = await eventually(async () => (await stack.graphql(REQUEST, { id: runId })).data!.request);
    const sent = JSON.parse(record.requestBody);
    expect(sent.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' } }] },
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_1' },
    ]);
    // After a tool result the model answers in text.
    expect(evs.at(-1)!.message!.content).toBe(simulatedAnswer(sent).text);
  });
});

describe('structured output', () => {
  const answerSchema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };

  it('says the answer parses and matches the schema, with tools in the same run', async () => {
    const evs = await events(
      await run({
        model: 'sim-fast',
        messages: [{ role: 'user', content: 'Largest city?' }],
        tools: [weather],
        toolChoice: { mode: 'auto' },
        responseFormat: { type: 'json_schema', name: 'city', schema: answerSchema, strict: true },
      }),
    );
    const done = evs.at(-1)!;
    expect(done.structuredOutput).toEqual({ valid: true, error: null });
    expect(Object.keys(JSON.parse(done.message!.content!)).sort()).toEqual(['city', 'population']);
  });

  it('says when the answer does not match', async () => {
    const strictCode = { type: 'object', properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } }, required: ['code'], additionalProperties: false };
    const evs = await events(await run({ model: 'sim-fast', messages: [{ role: 'user', content: 'A code' }], responseFormat: { type: 'json_schema', name: 'code', schema: strictCode } }));
    expect(evs.at(-1)!.structuredOutput).toMatchObject({ valid: false, error: expect.stringContaining('does not match') });
  });

  it('json_object: says whether the answer parses', async () => {
    const evs = await events(await run({ model: 'sim-fast', messages: [{ role: 'user', content: 'JSON please' }], responseFormat: { type: 'json_object' } }));
    expect(evs.at(-1)!.structuredOutput).toEqual({ valid: true, error: null });
  });
});

describe('template variables', () => {
  it('fills {{name}} in message text and sends the filled text', async () => {
    const runId = await run({
      model: 'sim-fast',
      messages: [{ role: 'system', content: 'You help {{team}}.' }, { role: 'user', parts: [{ type: 'text', text: 'Hi, I am {{ name }}, {{age}}.' }] }],
      variables: { team: 'sales', name: 'Ada', age: 36 },
    });
    const evs = await events(runId);
    const sent = [{ role: 'system', content: 'You help sales.' }, { role: 'user', content: [{ type: 'text', text: 'Hi, I am Ada, 36.' }] }];
    expect(evs.at(-1)!.message!.content).toBe(simulatedAnswer({ messages: sent as never }).text);
    const record = await eventually(async () => (await stack.graphql(REQUEST, { id: runId })).data!.request);
    expect(JSON.parse(record.requestBody).messages).toEqual(sent);
  });
});

describe('bad input for tools, schemas and variables', () => {
  const base = { model: 'sim-fast', messages: [{ role: 'user', content: 'hi {{who}}' }], variables: { who: 'there' } };
  it.each([
    ['a variable used but not given', { ...base, variables: {} }, 'input.variables.who'],
    ['a tool schema that is not JSON Schema', { ...base, tools: [{ name: 'f', parameters: { type: 'objekt' } }] }, 'input.tools.0.parameters.type'],
    ['a strict tool schema without additionalProperties: false', { ...base, tools: [{ ...weather, parameters: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } }] }, 'input.tools.0.parameters.additionalProperties'],
    ['a bad function name', { ...base, tools: [{ name: 'get weather', parameters: { type: 'object' } }] }, 'input.tools.0.name'],
    ['a tool choice naming no tool', { ...base, tools: [clock], toolChoice: { function: 'nope' } }, 'input.toolChoice.function'],
    ['a tool choice of required without tools', { ...base, toolChoice: { mode: 'required' } }, 'input.toolChoice'],
    ['a json_schema that is not JSON Schema', { ...base, responseFormat: { type: 'json_schema', name: 'x', schema: { type: 12 } } }, 'input.responseFormat.schema.type'],
    ['an unknown response format', { ...base, responseFormat: { type: 'yaml' } }, 'input.responseFormat.type'],
    ['a tool message without the call it answers', { ...base, messages: [{ role: 'tool', content: 'x' }] }, 'input.messages.0.toolCallId'],
    ['a logit bias out of range', { ...base, logitBias: { '50256': 101 } }, 'input.logitBias.50256'],
    ['an unknown reasoning effort', { ...base, reasoningEffort: 'extreme' }, 'input.reasoningEffort'],
  ])('%s', async (_name, input, field) => {
    const before = await stack.queuedRunCount();
    const res = await stack.graphql(START_RUN, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await stack.queuedRunCount()).toBe(before);
  });
});

describe('passthrough', () => {
  it('sends provider-specific fields as given, the known fields winning', async () => {
    const runId = await run({ model: 'sim-fast', messages: [{ role: 'user', content: 'extra' }], temperature: 0.5, extra: { top_k: 40, temperature: 1.9 } });
    await events(runId);
    const record = await eventually(async () => (await stack.graphql(REQUEST, { id: runId })).data!.request);
    expect(JSON.parse(record.requestBody)).toMatchObject({ top_k: 40, temperature: 0.5 });
  });
});

describe('compare', () => {
  const START_RUNS = `mutation ($input: StartRunInput!, $variants: [RunVariantInput!]!) {
    startRuns(input: $input, variants: $variants) { id runs { id provider model } }
  }`;
  const input = { model: 'sim-fast', messages: [{ role: 'user', content: 'Compare us' }], temperature: 0.2 };

  it('starts 2 to 6 variants of the same messages as one group, each streamed and recorded', async () => {
    const res = await stack.graphql(START_RUNS, { input, variants: [{}, { model: 'sim-large' }, { temperature: 1.2, maxTokens: 5 }] });
    expect(res.errors).toBeUndefined();
    const group = res.data!.startRuns;
    expect(group.runs.map((r: { model: string }) => r.model)).toEqual(['sim-fast', 'sim-large', 'sim-fast']);
    const all = await Promise.all(group.runs.map((r: { id: string }) => events(r.id)));
    const answer = simulatedAnswer({ messages: input.messages }).text;
    expect(all.map((evs) => evs.at(-1)!.message!.content)).toEqual([answer, answer, simulatedAnswer({ messages: input.messages }).tokens.slice(0, 5).join('')]);
    const bodies = await Promise.all(
      group.runs.map(async (r: { id: string }) => JSON.parse((await eventually(async () => (await stack.graphql(REQUEST, { id: r.id })).data!.request)).requestBody)),
    );
    expect(bodies.map((b) => [b.model, b.temperature, b.max_tokens])).toEqual([['sim-fast', 0.2, undefined], ['sim-large', 0.2, undefined], ['sim-fast', 1.2, 5]]);
  });

  it.each([
    ['one variant', [{}], 'variants'],
    ['seven variants', Array.from({ length: 7 }, () => ({})), 'variants'],
    ['a bad variant', [{}, { temperature: 9 }], 'variants.1.temperature'],
    ['an unknown provider in a variant', [{}, { provider: 'nope' }], 'variants.1.provider'],
  ])('refuses %s, queueing none', async (_name, variants, field) => {
    const before = await stack.queuedRunCount();
    const res = await stack.graphql(START_RUNS, { input, variants });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await stack.queuedRunCount()).toBe(before);
  });
});

describe('forked from', () => {
  const messages = [{ role: 'user', content: 'Fork me' }];
  const START_RUNS = `mutation ($input: StartRunInput!, $variants: [RunVariantInput!]!) { startRuns(input: $input, variants: $variants) { runs { id } } }`;
  const recorded = (id: string) => eventually(async () => (await stack.graphql(REQUEST, { id })).data!.request);

  it('keeps on the record the request a playground run was made from, for one run and for compared variants', async () => {
    const first = await run({ model: 'sim-fast', messages });
    await recorded(first);
    const fork = await run({ model: 'sim-fast', messages, temperature: 0.5, forkedFrom: first });
    expect(await recorded(fork)).toMatchObject({ source: 'PLAYGROUND', forkedFrom: first, replayOf: null });
    const res = await stack.graphql(START_RUNS, { input: { model: 'sim-fast', messages, forkedFrom: fork }, variants: [{}, { temperature: 1 }] });
    expect(res.errors).toBeUndefined();
    for (const { id } of res.data!.startRuns.runs) expect(await recorded(id)).toMatchObject({ forkedFrom: fork });
    expect(await recorded(first)).toMatchObject({ forkedFrom: null });
  });

  it('refuses an unknown id and another workspace’s id alike, naming `input.forkedFrom`, queueing nothing', async () => {
    const other = await stack.newWorkspace('fork-other');
    const res = await stack.graphql(START_RUN, { input: { model: 'sim-fast', messages } }, other.apiKey);
    const theirs = res.data!.startRun.id as string;
    await eventually(async () => (await stack.graphql(REQUEST, { id: theirs }, other.apiKey)).data!.request);
    const before = await stack.queuedRunCount();
    for (const forkedFrom of ['nope', theirs]) {
      const one = await stack.graphql(START_RUN, { input: { model: 'sim-fast', messages, forkedFrom } });
      expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.forkedFrom' });
      const group = await stack.graphql(START_RUNS, { input: { model: 'sim-fast', messages, forkedFrom }, variants: [{}, {}] });
      expect(group.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.forkedFrom' });
    }
    expect(await stack.queuedRunCount()).toBe(before);
  });
});
