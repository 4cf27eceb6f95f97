import { startStack, type Stack } from '../index.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const LOG = `mutation ($input: LogRequestInput!) { logRequest(input: $input) }`;
const LOG_MANY = `mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`;
const GET = `query ($id: ID!) { request(id: $id) { id source provider model status requestBody responseBody output cost tags metadata score externalId latencyMs usage { promptTokens completionTokens totalTokens } error { kind message status } } }`;
const LIST = `query ($filter: RequestFilter, $first: Int, $after: String) {
  requests(filter: $filter, first: $first, after: $after) { edges { cursor node { id model } } pageInfo { hasNextPage endCursor } }
}`;
const STATS = `query ($filter: RequestFilter) { requestStats(filter: $filter) { count promptTokens completionTokens totalTokens cost errorRate latencyP50 latencyP95 latencyP99 } }`;

/** A logged call as an integration would send it. The seed is beyond 2^53 and a tool schema carries $ref: both must survive. */
function call(i: number, over: Record<string, unknown> = {}) {
  const requestBody = `{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"question ${i} about pandas"}],"seed":12345678901234567890,"tools":[{"type":"function","function":{"name":"lookup","parameters":{"$defs":{"q":{"type":"string"}},"type":"object","properties":{"q":{"$ref":"#/$defs/q"}}}}}]}`;
  const responseBody = JSON.stringify({
    id: `chatcmpl-${i}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: `answer ${i} mentions bamboo` }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
  });
  return {
    provider: 'openai',
    requestBody,
    responseBody,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i, 100 + i)).toISOString(),
    ...over,
  };
}

describe('logRequest', () => {
  it('stores the request exactly as given, with cost computed from the price table', async () => {
    const input = call(1, { tags: ['prod', 'checkout'], metadata: { 'user.id': 'u-1', attempt: 2, beta: true }, score: 0.5 });
    const res = await stack.graphql(LOG, { input });
    expect(res.errors).toBeUndefined();
    const got = await stack.graphql(GET, { id: res.data!.logRequest });
    const r = got.data!.request;
    // Byte for byte: the integer beyond 2^53 and the $ref keys are intact.
    expect(r.requestBody).toBe(input.requestBody);
    expect(r.responseBody).toBe(input.responseBody);
    expect(r).toMatchObject({
      source: 'API',
      provider: 'openai',
      model: 'gpt-4o-mini',
      status: 'COMPLETED',
      output: 'answer 1 mentions bamboo',
      tags: ['prod', 'checkout'],
      metadata: { 'user.id': 'u-1', attempt: 2, beta: true },
      score: 0.5,
      latencyMs: 101,
      usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 },
    });
    // gpt-4o-mini: $0.15 per 1M input tokens, $0.60 per 1M output tokens.
    expect(r.cost).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
  });

  it('stores an externalId once and returns the same id', async () => {
    const input = call(2, { externalId: 'ext-42' });
    const first = await stack.graphql(LOG, { input });
    const again = await stack.graphql(LOG, { input: { ...input, tags: ['changed'] } });
    expect(again.data!.logRequest).toBe(first.data!.logRequest);
    const got = await stack.graphql(GET, { id: first.data!.logRequest });
    expect(got.data!.request.tags).toEqual([]);
    expect(got.data!.request.externalId).toBe('ext-42');
  });

  it('keeps an error without a status', async () => {
    const input = call(4, { responseBody: null, error: { message: 'socket hang up' } });
    const res = await stack.graphql(LOG, { input });
    const r = (await stack.graphql(GET, { id: res.data!.logRequest })).data!.request;
    expect(r).toMatchObject({ status: 'FAILED', error: { kind: 'PROVIDER_ERROR', message: 'socket hang up', status: null } });
  });

  it('keeps an error and a caller-given cost', async () => {
    const input = call(3, { responseBody: null, error: { kind: 'RATE_LIMITED', message: 'Rate limit reached', status: 429 }, cost: 0.25 });
    const res = await stack.graphql(LOG, { input });
    const r = (await stack.graphql(GET, { id: res.data!.logRequest })).data!.request;
    expect(r).toMatchObject({ status: 'FAILED', error: { kind: 'RATE_LIMITED', message: 'Rate limit reached', status: 429 }, cost: 0.25, responseBody: null });
  });
});

describe('bad input is refused with the field named, and nothing is stored', () => {
  const count = async () => (await stack.graphql(STATS, {})).data!.requestStats.count as number;

  it.each([
    ['a body that is not a chat request', { inputs: [call(10), call(11, { requestBody: '{"model":"x","prompt":"hi"}' })] }, 'inputs.1.requestBody'],
    ['a body that is not JSON', { inputs: [call(12, { requestBody: '{nope' })] }, 'inputs.0.requestBody'],
    // A log stores what the app sent (any role, deprecated shapes too); only the chat request's frame is checked.
    ['a message that is not an object', { inputs: [call(13, { requestBody: '{"model":"x","messages":["hi"]}' })] }, 'inputs.0.requestBody'],
    ['a message without a role', { inputs: [call(17, { requestBody: '{"model":"x","messages":[{"content":"a"}]}' })] }, 'inputs.0.requestBody'],
    ['metadata with a nested object', { inputs: [call(14), call(15, { metadata: { user: { id: 1 } } })] }, 'inputs.1.metadata.user'],
    ['a start time that is not a time', { inputs: [call(16, { startedAt: 'yesterday' })] }, 'inputs.0.startedAt'],
    ['1,001 requests', { inputs: Array.from({ length: 1001 }, (_, i) => call(i)) }, 'inputs'],
  ])('%s', async (_name, variables, field) => {
    const before = await count();
    const res = await stack.graphql(LOG_MANY, variables);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0]!.message).toContain(field);
    expect(await count()).toBe(before);
  });

  it('an unknown filter value', async () => {
    const res = await stack.graphql(LIST, { filter: { status: ['DONE'] } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status.0' });
  });

  it('a filter value out of range', async () => {
    const res = await stack.graphql(LIST, { filter: { startedAfter: 'last week' } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.startedAfter' });
  });
});

describe('finding requests again', () => {
  let ws: Awaited<ReturnType<Stack['newWorkspace']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ws = await stack.newWorkspace('filters');
    const base = Date.UTC(2026, 2, 1);
    const at = (min: number) => new Date(base + min * 60_000).toISOString();
    const body = (model: string, text: string) => JSON.stringify({ model, messages: [{ role: 'user', content: text }] });
    const response = (text: string, prompt: number, completion: number) =>
      JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
    const items = {
      a: { provider: 'openai', requestBody: body('gpt-4o', 'Tell me about Zebras'), responseBody: response('stripes', 100, 10), startedAt: at(0), latencyMs: 100, tags: ['prod', 'eu'], metadata: { tenant: 'acme', tier: 1 } },
      b: { provider: 'openai', requestBody: body('gpt-4o-mini', 'weather today'), responseBody: response('sunny with zebra clouds', 200, 20), startedAt: at(1), latencyMs: 300, tags: ['prod'], metadata: { tenant: 'globex', tier: 2 } },
      c: { provider: 'azure-openai', requestBody: body('gpt-4o', 'hello'), error: { kind: 'PROVIDER_ERROR', message: 'boom', status: 500 }, startedAt: at(2), latencyMs: 900, tags: ['staging', 'eu'], metadata: { tenant: 'acme', beta: true } },
      d: { provider: 'vllm', model: 'llama-3', requestBody: body('llama-3', 'count to 3'), responseBody: response('1 2 3', 50, 5), startedAt: at(3), latencyMs: 50, cost: 2.5, tags: [], metadata: {} },
    };
    for (const [name, item] of Object.entries(items)) {
      const res = await stack.graphql(LOG, { input: item }, ws.apiKey);
      expect(res.errors).toBeUndefined();
      ids[name] = res.data!.logRequest;
    }
  });

  const list = async (filter: Record<string, unknown>) => {
    const res = await stack.graphql(LIST, { filter, first: 50 }, ws.apiKey);
    expect(res.errors).toBeUndefined();
    return res.data!.requests.edges.map((e: { node: { id: string } }) => Object.entries(ids).find(([, id]) => id === e.node.id)?.[0]);
  };

  it.each([
    ['no filter', {}, ['d', 'c', 'b', 'a']],
    ['model', { model: ['gpt-4o'] }, ['c', 'a']],
    ['provider', { provider: ['openai', 'vllm'] }, ['d', 'b', 'a']],
    ['status', { status: ['FAILED'] }, ['c']],
    ['source', { source: ['API'] }, ['d', 'c', 'b', 'a']],
    ['source with none', { source: ['PLAYGROUND'] }, []],
    ['tags, any of', { tagsAny: ['staging', 'prod'] }, ['c', 'b', 'a']],
    ['tags, all of', { tagsAll: ['prod', 'eu'] }, ['a']],
    ['metadata string', { metadata: [{ key: 'tenant', value: 'acme' }] }, ['c', 'a']],
    ['metadata number and string', { metadata: [{ key: 'tenant', value: 'acme' }, { key: 'tier', value: 1 }] }, ['a']],
    ['metadata boolean', { metadata: [{ key: 'beta', value: true }] }, ['c']],
    ['time range', { startedAfter: '2026-03-01T00:01:00Z', startedBefore: '2026-03-01T00:03:00Z' }, ['c', 'b']],
    ['text in the prompt, any case', { text: 'zebras' }, ['a']],
    ['text in the answer or the prompt', { text: 'ZEBRA' }, ['b', 'a']],
    ['latency range', { minLatencyMs: 100, maxLatencyMs: 300 }, ['b', 'a']],
    ['cost range', { minCost: 1 }, ['d']],
    ['combined', { model: ['gpt-4o'], tagsAny: ['eu'], status: ['COMPLETED'], text: 'zebra' }, ['a']],
  ])('%s', async (_name, filter, expected) => {
    expect(await list(filter)).toEqual(expected);
  });

  it("answers a list's bodies when they are asked for, exactly as stored, and its replay input", async () => {
    // The list reads documents without bodies; the bodies are read apart, for the page at once.
    const res = await stack.graphql(
      `query { requests(first: 50) { edges { node { id requestBody responseBody replayInput { model } } } } }`,
      {},
      ws.apiKey,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.requests.edges.map((e: { node: unknown }) => e.node) as { id: string; requestBody: string; responseBody: string | null; replayInput: { model: string } }[];
    const byName = Object.fromEntries(nodes.map((n) => [Object.entries(ids).find(([, id]) => id === n.id)![0], n]));
    expect(byName.a).toMatchObject({ requestBody: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Tell me about Zebras' }] }), replayInput: { model: 'gpt-4o' } });
    expect(JSON.parse(byName.a!.responseBody!).choices[0].message.content).toBe('stripes');
    expect(byName.c).toMatchObject({ responseBody: null });
    // An edit answers without bodies too, and reads them when asked.
    const tagged = await stack.graphql(`mutation ($id: ID!) { setTags(id: $id, tags: ["kept"]) { requestBody } }`, { id: ids.b }, ws.apiKey);
    expect(tagged.data!.setTags.requestBody).toBe(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'weather today' }] }));
    await stack.graphql(`mutation ($id: ID!) { setTags(id: $id, tags: ["prod"]) { id } }`, { id: ids.b }, ws.apiKey);
  });

  it('computes stats over a filter', async () => {
    const res = await stack.graphql(STATS, { filter: { provider: ['openai', 'azure-openai'] } }, ws.apiKey);
    expect(res.data!.requestStats).toEqual({
      count: 3,
      promptTokens: 300,
      completionTokens: 30,
      totalTokens: 330,
      cost: expect.closeTo((100 * 2.5 + 10 * 10 + 200 * 0.15 + 20 * 0.6) / 1e6, 12),
      errorRate: 1 / 3,
      latencyP50: 300,
      latencyP95: 900,
      latencyP99: 900,
    });
  });

  it('sets tags and a score, and deletes', async () => {
    const tagged = await stack.graphql(`mutation ($id: ID!) { setTags(id: $id, tags: ["golden", "golden", "v2"]) { tags } }`, { id: ids.d }, ws.apiKey);
    expect(tagged.data!.setTags.tags).toEqual(['golden', 'v2']);
    expect(await list({ tagsAll: ['golden'] })).toEqual(['d']);
    const scored = await stack.graphql(`mutation ($id: ID!) { setScore(id: $id, score: 0.9) { score } }`, { id: ids.d }, ws.apiKey);
    expect(scored.data!.setScore.score).toBe(0.9);
    const deleted = await stack.graphql(`mutation ($ids: [ID!]!) { deleteRequests(ids: $ids) }`, { ids: [ids.d, 'no-such-id'] }, ws.apiKey);
    expect(deleted.data!.deleteRequests).toBe(1);
    expect(await list({})).toEqual(['c', 'b', 'a']);
  });

  it('exports a filter as JSONL with the bodies exactly as stored, and as CSV', async () => {
    const url = (format: string, filter: unknown) => `${stack.gateway.url.replace('/graphql', '/export')}?format=${format}&filter=${encodeURIComponent(JSON.stringify(filter))}`;
    const jsonl = await fetch(url('jsonl', { tagsAny: ['eu'] }), { headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(jsonl.status).toBe(200);
    const lines = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([ids.c, ids.a]);
    expect(lines[1].request).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Tell me about Zebras' }] });
    const csv = await fetch(url('csv', { status: ['FAILED'] }), { headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]!.startsWith('id,startedAt,endedAt,source,provider,model,status')).toBe(true);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(ids.c);
    const refused = await fetch(url('jsonl', {}));
    expect(refused.status).toBe(401);
  });
});

describe('pagination while requests keep arriving', () => {
  it('returns each of 1,000 requests exactly once across pages', async () => {
    const ws = await stack.newWorkspace('paging');
    const startedAt = (i: number) => new Date(Date.UTC(2026, 4, 1) + i * 1000).toISOString();
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, k) => ({ provider: 'openai', requestBody: `{"model":"m","messages":[{"role":"user","content":"${from + k}"}]}`, startedAt: startedAt(from + k) }));
    const seeded = await stack.graphql(LOG_MANY, { inputs: batch(0, 1000) }, ws.apiKey);
    expect(seeded.data!.logRequests).toHaveLength(1000);
    const seen: string[] = [];
    let after: string | null = null;
    let extra = 1000;
    for (let page = 0; page < 100; page++) {
      const res: any = await stack.graphql(LIST, { first: 37, after }, ws.apiKey);
      seen.push(...res.data.requests.edges.map((e: { node: { id: string } }) => e.node.id));
      // Newer requests arrive between pages; some start earlier than the page just read.
      await stack.graphql(LOG_MANY, { inputs: [...batch(extra, 3), { ...batch(extra + 3, 1)[0], startedAt: startedAt(-5 - page) }] }, ws.apiKey);
      extra += 4;
      if (!res.data.requests.pageInfo.hasNextPage) break;
      after = res.data.requests.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of seeded.data!.logRequests) expect(seen).toContain(id);
  });
});
