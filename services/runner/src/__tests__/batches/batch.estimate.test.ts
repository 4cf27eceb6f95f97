import { batchEstimateSchema, type BatchEstimate, type SelectedRequest } from '@reprise/contracts';
import { silentLogger } from '@reprise/runtime';
import { estimateSelection } from '../../batches/batch-estimate.js';
import type { HistoryClient } from '../../batches/history.client.js';
import { openProviderRegistry, type ProviderRegistry } from '../../providers/provider-registry.js';
import { CLOSE_TIMEOUT_MS, REDIS_URL } from '../support/isolation.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';
import { chatBody } from './support/history-stand-in.js';

let stack: BatchStack;

beforeAll(async () => {
  stack = await startBatchStack({ worker: false });
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

/** OpenAI cookbook, "How to count tokens with tiktoken": the API counts 129 prompt tokens for these on gpt-4 (cl100k_base) and 124 on gpt-4o (o200k_base). */
const COOKBOOK_MESSAGES = [
  { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];
const cookbookBody = (model: string) => JSON.stringify({ model, messages: COOKBOOK_MESSAGES, max_tokens: 300 });

async function estimate(body: object) {
  const res = await stack.post<BatchEstimate>('/batches/estimate', body);
  expect(res.status).toBe(200);
  return batchEstimateSchema.parse(res.body);
}

/** Within `share` of `expected`. */
const near = (actual: number, expected: number, share = 0.03) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * share);

describe('tokens, by the target model\'s encoding', () => {
  const ws = 'ws-tokens';
  beforeAll(() => {
    stack.history.add(ws, [
      { model: 'gpt-4', provider: 'stand-in', requestBody: cookbookBody('gpt-4'), completionTokens: 20, tags: ['gpt-4'] },
      { model: 'gpt-4o', provider: 'stand-in', requestBody: cookbookBody('gpt-4o'), completionTokens: 20, tags: ['gpt-4o'] },
    ]);
  });

  it('counts the cookbook\'s messages as the API does on gpt-4 (cl100k_base)', async () => {
    const e = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['gpt-4'] } } });
    expect(e).toMatchObject({ count: 1, encoding: 'cl100k_base', outputTokens: 20, models: [{ provider: 'stand-in', model: 'gpt-4', count: 1 }] });
    near(e.inputTokens, 129);
    // gpt-4's list price, $30 / $60: the stand-in has no price of its own for it.
    expect(e.estimatedCostUsd).toBeCloseTo((e.inputTokens * 30 + 20 * 60) / 1e6, 9);
  });

  it('counts them as the API does on gpt-4o (o200k_base)', async () => {
    const e = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['gpt-4o'] } } });
    expect(e.encoding).toBe('o200k_base');
    near(e.inputTokens, 124);
  });

  it('counts with the override model\'s encoding, at its provider\'s own price', async () => {
    const e = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['gpt-4'] } }, overrides: { model: 'stand-in-model' } });
    expect(e).toMatchObject({ encoding: 'o200k_base', models: [{ provider: 'stand-in', model: 'stand-in-model', count: 1 }] });
    near(e.inputTokens, 124);
    expect(e.estimatedCostUsd).toBeCloseTo((e.inputTokens * 1 + 20 * 2) / 1e6, 12);
  });

  it('counts the overridden fields as they will be sent: a message replaced, tools added', async () => {
    const base = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['gpt-4o'] } } });
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const withTools = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['gpt-4o'] } }, overrides: { fields: { tools: JSON.stringify(tools) } } });
    expect(withTools.inputTokens).toBeGreaterThan(base.inputTokens + 20);
    const short = await estimate({
      workspaceId: ws,
      selection: { filter: { tagsAny: ['gpt-4o'] } },
      overrides: { fields: { messages: JSON.stringify([{ role: 'user', content: 'Hi' }]) } },
    });
    // 3 to prime the reply, 3 for the message, 1 for the role, 1 for "Hi".
    expect(short.inputTokens).toBe(8);
  });
});

describe('output tokens and prices', () => {
  const ws = 'ws-prices';
  beforeAll(() => {
    stack.history.add(ws, [
      // Logged from elsewhere: a provider this workspace does not have goes to the default provider, with its own model.
      { model: 'gpt-4o-mini', provider: 'acme-gateway', requestBody: chatBody('one', { model: 'gpt-4o-mini' }), completionTokens: 50, tags: ['mixed'] },
      { model: 'gpt-4o-mini', provider: 'acme-gateway', requestBody: chatBody('two', { model: 'gpt-4o-mini', max_tokens: 100 }), completionTokens: null, tags: ['mixed'] },
      { model: 'gpt-4o-mini', provider: 'acme-gateway', requestBody: chatBody('three', { model: 'gpt-4o-mini', max_completion_tokens: 40, n: 2 }), completionTokens: null, tags: ['mixed'] },
      { model: 'gpt-4o-mini', provider: 'acme-gateway', requestBody: chatBody('four', { model: 'gpt-4o-mini' }), completionTokens: null, tags: ['mixed'] },
      { model: 'mystery-model', provider: 'stand-in', requestBody: chatBody('five', { model: 'mystery-model' }), completionTokens: 5, tags: ['unpriced'] },
    ]);
  });

  it('assumes the original\'s completion tokens, else its max tokens (each choice), else 256', async () => {
    const e = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['mixed'] } } });
    expect(e).toMatchObject({ count: 4, outputTokens: 50 + 100 + 80 + 256, models: [{ provider: 'stand-in', model: 'gpt-4o-mini', count: 4 }] });
    // gpt-4o-mini's list price: $0.15 in, $0.60 out per million.
    expect(e.estimatedCostUsd).toBeCloseTo((e.inputTokens * 0.15 + e.outputTokens * 0.6) / 1e6, 12);
  });

  it('has no cost when a target model\'s price is unknown', async () => {
    const e = await estimate({ workspaceId: ws, selection: { filter: { tagsAny: ['unpriced', 'mixed'] } } });
    expect(e.count).toBe(5);
    expect(e.estimatedCostUsd).toBeNull();
    expect(e.models).toEqual([
      { provider: 'stand-in', model: 'gpt-4o-mini', count: 4 },
      { provider: 'stand-in', model: 'mystery-model', count: 1 },
    ]);
  });

  it('counts nothing for a selection that matches nothing, and for another workspace\'s requests', async () => {
    expect(await estimate({ workspaceId: 'ws-empty', selection: { filter: { tagsAny: ['mixed'] } } })).toMatchObject({ count: 0, inputTokens: 0, estimatedCostUsd: 0 });
  });
});

describe('bad input', () => {
  const refusal = async (body: object) => {
    const res = await stack.post<{ error: string; issues: { field: string; message: string }[] }>('/batches/estimate', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_input');
    return res.body.issues;
  };

  it('names an unknown provider of the overrides', async () => {
    const issues = await refusal({ workspaceId: 'ws-bad', selection: { ids: ['x'] }, overrides: { provider: 'nope' } });
    expect(issues).toEqual([{ field: 'overrides.provider', message: 'unknown provider "nope"' }]);
  });

  it('names an override of a field the worker sets, and one that is not JSON', async () => {
    const issues = await refusal({ workspaceId: 'ws-bad', selection: { ids: ['x'] }, overrides: { fields: { stream: 'false', temperature: '0.5.1' } } });
    expect(issues.map((i) => i.field)).toEqual(['overrides.fields.stream', 'overrides.fields.temperature']);
  });

  it('names an empty id list and a selection with both a filter and ids', async () => {
    expect((await refusal({ workspaceId: 'ws-bad', selection: { ids: [] } }))[0]!.field).toMatch(/^selection/);
    expect((await refusal({ workspaceId: 'ws-bad', selection: { ids: ['a'], filter: {} } }))[0]!.field).toMatch(/^selection/);
  });
});

describe('10,000 requests', () => {
  let providers: ProviderRegistry;
  beforeAll(async () => {
    providers = await openProviderRegistry(
      { providers: [{ id: 'stand-in', label: 'Stand-in', baseURL: stack.upstream.url, apiKey: 'k', models: ['stand-in-model'] }], database: stack.suite.database },
      { redisUrl: REDIS_URL, keys: stack.suite.keys, logger: silentLogger() },
    );
  });
  afterAll(() => providers?.close());

  /** Requests of an app's shape: one system prompt, a question of 40 to 120 words, a tool. */
  function corpus(n: number): SelectedRequest[] {
    const words = 'the order number account refund shipping delivery late damaged replace invoice customer support please help thanks today tomorrow week price discount code'.split(' ');
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const tools = [{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }];
    return Array.from({ length: n }, (_, i) => ({
      id: `r${i}`,
      provider: 'stand-in',
      model: 'gpt-4o-mini',
      source: 'api' as const,
      requestBody: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You are the support assistant of an online shop. Answer briefly, politely, and look orders up when asked.' },
          { role: 'user', content: `${Array.from({ length: 40 + Math.floor(rnd() * 80) }, () => words[Math.floor(rnd() * words.length)]).join(' ')} (order ${i * 7919})` },
        ],
        tools,
      }),
      output: 'ok',
      completionTokens: 30,
      original: { status: 'completed' as const, text: 'ok', calls: [], usage: null, latencyMs: 100, cost: null },
    }));
  }

  it('are estimated in a few seconds of CPU', async () => {
    const requests = corpus(10_000);
    const history: HistoryClient = {
      async *selection() {
        yield* requests;
      },
      // The estimate reads whole requests only.
      selectionIds: async () => {
        throw new Error('not read by an estimate');
      },
    };
    // The encoder's ranks load once per process; the first estimate pays for it.
    await estimateSelection({ history, providers }, { workspaceId: 'ws-bench', selection: { ids: ['r0'] }, overrides: { fields: {} } });
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const e = await estimateSelection({ history, providers }, { workspaceId: 'ws-bench', selection: { filter: {} }, overrides: { fields: {} } });
    const wallMs = performance.now() - t0;
    const { user, system } = process.cpuUsage(cpu);
    const cpuMs = (user + system) / 1000;
    expect(e.count).toBe(10_000);
    expect(e.inputTokens).toBeGreaterThan(10_000 * 80);
    process.stdout.write(`estimate of 10,000 requests: ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ${e.inputTokens} input tokens\n`);
    expect(cpuMs).toBeLessThan(5000);
  });

  it('are estimated through the API, read from history over HTTP, in a few seconds', async () => {
    stack.history.add('ws-bench-http', corpus(10_000).map(({ id: _id, ...r }) => ({ ...r, tags: ['bench'] })));
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const e = await estimate({ workspaceId: 'ws-bench-http', selection: { filter: { tagsAny: ['bench'] } } });
    const wallMs = performance.now() - t0;
    const { user, system } = process.cpuUsage(cpu);
    expect(e.count).toBe(10_000);
    process.stdout.write(`estimate of 10,000 requests over HTTP: ${wallMs.toFixed(0)} ms wall, ${((user + system) / 1000).toFixed(0)} ms CPU (API and history's stand-in)\n`);
    expect(wallMs).toBeLessThan(20_000);
  });
});
