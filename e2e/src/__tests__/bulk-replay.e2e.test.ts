import { jsonTextDifference, spliceMembers } from '@reprise/contracts';
import { eventually, startStack, type Stack } from '../index.js';
import { startRecordingProvider, type RecordingProvider } from '../support/recording-provider.js';

const LOG_MANY = `mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`;
const ESTIMATE = `query ($selection: ReplaySelection!, $overrides: ReplayOverrides) {
  estimateBulkReplay(selection: $selection, overrides: $overrides) { count inputTokens outputTokens estimatedCostUsd encoding models { provider model count } } }`;
const START = `mutation ($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {
  startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id name status concurrency budgetUsd counts { total } } }`;
const BATCH = `query ($id: ID!) { batch(id: $id) { id name status costUsd message concurrency budgetUsd reuseToolResults judge { model rubric }
  counts { total queued running completed failed cancelled skipped }
  summary { count identicalShare changedToolCallsShare invalidJsonShare failuresByKind { kind count } latencyDeltaMs { mean p95 bins { from to count } } costDelta { mean p95 } judgeScores { count mean buckets } } } }`;
const BATCHES = `{ batches(first: 50) { edges { node { id status } } } }`;
const RESULTS = `query ($id: ID!, $filter: BatchResultFilter, $after: String) { batchResults(batchId: $id, filter: $filter, first: 50, after: $after) {
  edges { cursor node { original { id output } replay { id replayOf batchId source output score cost judge { score reason } requestBody }
    comparison { sameText textDiff { op text } toolCallsChanged toolCallDifferences { path kind original replay } json { valid error differences { path kind } } deltas { latencyMs cost promptTokens completionTokens } } } }
  pageInfo { hasNextPage endCursor } } }`;
const PROGRESS = `subscription ($id: ID!) { batchProgress(batchId: $id) { batchId status costUsd ratePerSecond etaSeconds at counts { total queued running completed failed cancelled skipped } } }`;
const ACTION = (name: string) => `mutation ($id: ID!) { ${name}(id: $id) { id status counts { total completed failed cancelled skipped queued } } }`;

let stack: Stack;
let provider: RecordingProvider;
let providerId: string;
let pricedId: string;

const body = (i: number, tag: string) =>
  `{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Question ${i} about ${tag}"}],"temperature":0.70,"seed":9007199254740993,"max_tokens":50}`;
const answer = (i: number) => JSON.stringify({ id: `c${i}`, object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: i % 2 ? `answer ${i}` : 'the same answer' }, finish_reason: 'stop' }], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 } });

async function logSlice(tag: string, count: number, apiKey = stack.apiKey): Promise<string[]> {
  const inputs = Array.from({ length: count }, (_, i) => ({
    provider: 'openai',
    requestBody: body(i, tag),
    responseBody: answer(i),
    startedAt: new Date(Date.now() - 60_000 + i).toISOString(),
    latencyMs: 400,
    tags: [tag],
  }));
  const res = await stack.graphql(LOG_MANY, { inputs }, apiKey);
  expect(res.errors).toBeUndefined();
  return res.data!.logRequests;
}

/** Every progress update until the batch ends. */
function follow(id: string, apiKey = stack.apiKey): Promise<any[]> {
  const ws = stack.wsClient(apiKey);
  return new Promise((resolve, reject) => {
    const updates: any[] = [];
    ws.subscribe<{ batchProgress: any }>({ query: PROGRESS, variables: { id } }, {
      next: (r) => (r.errors ? reject(new Error(JSON.stringify(r.errors))) : updates.push(r.data!.batchProgress)),
      error: reject,
      complete: () => resolve(updates),
    });
  });
}

async function start(variables: Record<string, unknown>, apiKey = stack.apiKey) {
  const res = await stack.graphql(START, variables, apiKey);
  expect(res.errors).toBeUndefined();
  return res.data!.startBulkReplay as { id: string; status: string };
}

async function allResults(id: string, filter?: Record<string, unknown>) {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { data?: any; errors?: unknown[] } = await stack.graphql(RESULTS, { id, filter, after });
    expect(res.errors).toBeUndefined();
    out.push(...res.data!.batchResults.edges.map((e: any) => e.node));
    if (!res.data!.batchResults.pageInfo.hasNextPage) return out;
    after = res.data!.batchResults.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  stack = await startStack();
  provider = await startRecordingProvider();
  const create = `mutation ($input: CreateProviderInput!) { createProvider(input: $input) { id } }`;
  providerId = (await stack.graphql(create, { input: { name: 'Recorder', kind: 'openai-compatible', baseURL: provider.url, models: [{ id: 'rec-model' }] } })).data!.createProvider.id;
  pricedId = (
    await stack.graphql(create, {
      input: { name: 'Priced', kind: 'openai-compatible', baseURL: provider.url, models: [{ id: 'rec-priced', inputPricePerM: 1000, outputPricePerM: 1000 }] },
    })
  ).data!.createProvider.id;
});

afterAll(async () => {
  await stack?.close();
  await provider?.close();
});

describe('bulk replay from a history filter', () => {
  it('estimates the count, input tokens and cost before anything runs', async () => {
    await logSlice('estimate', 12);
    const before = provider.received.length;
    const res = await stack.graphql(ESTIMATE, { selection: { filter: { tagsAny: ['estimate'] } }, overrides: { model: 'gpt-4o' } });
    expect(res.errors).toBeUndefined();
    const estimate = res.data!.estimateBulkReplay;
    expect(estimate).toMatchObject({ count: 12, encoding: 'o200k_base', models: [{ model: 'gpt-4o', count: 12 }] });
    // Two short messages: a few tokens each, plus the per-message overhead.
    expect(estimate.inputTokens).toBeGreaterThan(12 * 10);
    expect(estimate.inputTokens).toBeLessThan(12 * 40);
    // gpt-4o's list price: $2.50 in, $10 out per million; the originals' 5 output tokens each.
    expect(estimate.estimatedCostUsd).toBeCloseTo((estimate.inputTokens * 2.5 + estimate.outputTokens * 10) / 1e6, 10);
    expect(provider.received.length).toBe(before);
  });

  it('replays every request once, exactly as logged but for the overrides, and pairs each with its original', async () => {
    const ids = await logSlice('slice', 40);
    const before = provider.received.length;
    const batch = await start({ selection: { filter: { tagsAny: ['slice'] } }, overrides: { provider: providerId, model: 'rec-model', temperature: 0.2 }, options: { name: 'slice', concurrency: 4 } });
    expect(batch.status).toMatch(/QUEUEING|RUNNING/);
    const updates = await follow(batch.id);
    expect(updates.at(-1)).toMatchObject({ batchId: batch.id, status: 'COMPLETED', counts: { total: 40, completed: 40, failed: 0, queued: 0, running: 0 } });
    // A few a second at most: far fewer updates than replays.
    expect(updates.length).toBeLessThan(40);

    const sent = provider.received.slice(before).map((r) => r.text);
    expect(sent).toHaveLength(40);
    expect(provider.inFlight.most).toBeLessThanOrEqual(4);
    for (let i = 0; i < 40; i++) {
      // A bulk replay asks for the whole answer: stream false, and no stream_options (the API allows them only when streaming).
      const expected = spliceMembers(body(i, 'slice'), { model: '"rec-model"', temperature: '0.2', stream: 'false' });
      expect(sent.filter((text) => jsonTextDifference(text, expected) === null)).toHaveLength(1);
    }

    const results = await eventually(async () => {
      const all = await allResults(batch.id);
      return all.length === 40 ? all : null;
    });
    expect(new Set(results.map((r) => r.original.id))).toEqual(new Set(ids));
    for (const r of results) {
      expect(r.replay).toMatchObject({ replayOf: r.original.id, batchId: batch.id, source: 'BULK' });
      expect(r.replay.requestBody).toContain('"seed":9007199254740993');
      expect(r.comparison.sameText).toBe(r.original.output === r.replay.output);
      if (!r.comparison.sameText) expect(r.comparison.textDiff.some((c: any) => c.op !== 'EQUAL')).toBe(true);
      expect(r.comparison.deltas.latencyMs).toBeLessThan(0);
    }
    const changed = await allResults(batch.id, { outcome: 'CHANGED' });
    const unchanged = await allResults(batch.id, { outcome: 'UNCHANGED' });
    expect(changed.length + unchanged.length).toBe(40);
    expect(changed.every((r) => !r.comparison.sameText)).toBe(true);

    // A subscriber that comes late gets the state as it is, first: here the end, and nothing after it.
    expect(await follow(batch.id)).toEqual([expect.objectContaining({ status: 'COMPLETED', counts: expect.objectContaining({ completed: 40 }) })]);

    const view = (await stack.graphql(BATCH, { id: batch.id })).data!.batch;
    expect(view).toMatchObject({ name: 'slice', status: 'COMPLETED', concurrency: 4, counts: { total: 40, completed: 40 }, summary: { count: 40 } });
    expect(view.summary.identicalShare).toBeCloseTo(unchanged.length / 40, 5);

    // The results as a file, one line per replay.
    const res = await fetch(`${stack.gateway.url.replace('/graphql', '')}/export?batch=${batch.id}&format=jsonl`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
    expect(res.status).toBe(200);
    const jsonl = (await res.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(jsonl).toHaveLength(40);
    expect(new Set(jsonl.map((row) => row.originalId))).toEqual(new Set(ids));
    const csv = await fetch(`${stack.gateway.url.replace('/graphql', '')}/export?batch=${batch.id}&format=csv`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\n');
    // A header, then one row per replay.
    expect(rows[0]).toContain('originalId');
    expect(rows).toHaveLength(41);
    expect((await stack.graphql(BATCHES)).data!.batches.edges.map((e: any) => e.node.id)).toContain(batch.id);
  });

  it('stops before the budget is spent and ends BUDGET_EXCEEDED, the rest skipped', async () => {
    await logSlice('budget', 30);
    // rec-priced costs $1,000 per million tokens: a few cents a replay.
    const batch = await start({ selection: { filter: { tagsAny: ['budget'] } }, overrides: { provider: pricedId, model: 'rec-priced' }, options: { concurrency: 2, budgetUsd: 0.5 } });
    const updates = await follow(batch.id);
    const last = updates.at(-1);
    expect(last.status).toBe('BUDGET_EXCEEDED');
    expect(last.counts.skipped).toBeGreaterThan(0);
    expect(last.counts.completed + last.counts.skipped).toBe(30);
    expect(last.costUsd).toBeLessThanOrEqual(0.5);
    expect(last.costUsd).toBeGreaterThan(0);
    const recorded = await eventually(async () => {
      const r = await allResults(batch.id);
      return r.length === last.counts.completed ? r : null;
    });
    expect(recorded.reduce((sum, r) => sum + r.replay.cost, 0)).toBeLessThanOrEqual(0.5);
  });

  // The simulator has no prices: each replay reserves nothing under the budget, which once stalled a batch.
  it('finishes a batch with both a budget and a judge on the simulator', async () => {
    await logSlice('judged-budget', 20);
    const batch = await start({
      selection: { filter: { tagsAny: ['judged-budget'] } },
      overrides: { model: 'sim-fast' },
      options: { concurrency: 2, budgetUsd: 1, judge: { model: 'sim-fast', rubric: 'Same facts, any wording.' } },
    });
    const updates = await follow(batch.id);
    expect(updates.at(-1)).toMatchObject({ status: 'COMPLETED', counts: { total: 20, completed: 20 } });
  }, 60_000);

  it('has a judge score each replay, its verdict on the record and in the summary', async () => {
    await logSlice('judged', 6);
    const batch = await start({
      selection: { filter: { tagsAny: ['judged'] } },
      overrides: { provider: providerId, model: 'rec-model' },
      options: { judge: { provider: providerId, model: 'rec-model', rubric: 'Same facts, any wording.' } },
    });
    await follow(batch.id);
    const results = await eventually(async () => {
      const r = await allResults(batch.id);
      return r.length === 6 ? r : null;
    });
    for (const r of results) expect(r.replay).toMatchObject({ score: 0.75, judge: { score: 0.75, reason: expect.any(String) } });
    const low = await allResults(batch.id, { judgedBelow: 0.8 });
    expect(low).toHaveLength(6);
    expect(await allResults(batch.id, { judgedBelow: 0.5 })).toHaveLength(0);
    const { summary } = (await stack.graphql(BATCH, { id: batch.id })).data!.batch;
    expect(summary.judgeScores).toMatchObject({ count: 6, mean: 0.75 });
    // The latency chart's bars hold every replay, through the GraphQL API.
    expect(summary.latencyDeltaMs.bins.reduce((n: number, bin: { count: number }) => n + bin.count, 0)).toBe(6);
    expect(summary.judgeScores.buckets[7]).toBe(6);
  });

  it('slows to a provider’s 429s and still finishes every replay', async () => {
    await logSlice('throttled', 10);
    const before = provider.received.length;
    provider.throttle({ count: 6, retryAfterSeconds: 0 });
    const batch = await start({ selection: { filter: { tagsAny: ['throttled'] } }, overrides: { provider: providerId, model: 'rec-model' }, options: { concurrency: 3 } });
    const updates = await follow(batch.id);
    expect(updates.at(-1)).toMatchObject({ status: 'COMPLETED', counts: { completed: 10, failed: 0 } });
    // Six refused and tried again: each replay recorded once all the same.
    expect(provider.received.length - before).toBe(16);
    // The records follow the replays' ends through the record queue: the last may land just after the batch ends.
    const results = await eventually(async () => {
      const r = await allResults(batch.id);
      return r.length >= 10 ? r : null;
    });
    expect(results).toHaveLength(10);
  });

  it('queues the failed replays again with retryFailed, and records each once', async () => {
    await logSlice('retry', 8);
    // A 400 is not retried by the worker: three replays fail for good.
    provider.throttle({ count: 3, status: 400 });
    const batch = await start({ selection: { filter: { tagsAny: ['retry'] } }, overrides: { provider: providerId, model: 'rec-model' }, options: { concurrency: 1 } });
    const first = (await follow(batch.id)).at(-1);
    expect(first).toMatchObject({ status: 'COMPLETED', counts: { total: 8, completed: 5, failed: 3 } });
    const failed = await eventually(async () => {
      const r = await allResults(batch.id, { outcome: 'FAILED' });
      return r.length === 3 ? r : null;
    });
    expect(failed.every((r) => r.replay.output === null)).toBe(true);
    const retried = await stack.graphql(ACTION('retryFailed'), { id: batch.id });
    expect(retried.errors).toBeUndefined();
    const second = (await follow(batch.id)).at(-1);
    expect(second).toMatchObject({ status: 'COMPLETED', counts: { total: 8, completed: 8, failed: 0 } });
    const results = await eventually(async () => {
      const r = await allResults(batch.id);
      return r.filter((x) => x.replay.output !== null).length === 8 ? r : null;
    });
    // Each original has one completed replay; the three failed attempts stay on record beside them.
    const completed = results.filter((r) => r.replay.output !== null);
    expect(new Set(completed.map((r) => r.original.id)).size).toBe(8);
  });

  it('pauses, resumes and cancels', async () => {
    await logSlice('controls', 30);
    provider.delayMs = 100;
    try {
      const batch = await start({ selection: { filter: { tagsAny: ['controls'] } }, overrides: { provider: providerId, model: 'rec-model' }, options: { concurrency: 2 } });
      const paused = await stack.graphql(ACTION('pauseBatch'), { id: batch.id });
      expect(paused.data!.pauseBatch.status).toBe('PAUSED');
      const sentWhilePaused = provider.received.length;
      await new Promise((r) => setTimeout(r, 600));
      // Those in flight when it paused may finish; no new one starts.
      expect(provider.received.length - sentWhilePaused).toBeLessThanOrEqual(2);
      expect((await stack.graphql(ACTION('resumeBatch'), { id: batch.id })).data!.resumeBatch.status).toMatch(/RUNNING|QUEUEING/);
      await eventually(async () => ((await stack.graphql(BATCH, { id: batch.id })).data!.batch.counts.completed >= 4 ? true : null));
      const cancelled = await stack.graphql(ACTION('cancelBatch'), { id: batch.id });
      expect(cancelled.errors).toBeUndefined();
      const final = await eventually(async () => {
        const b = (await stack.graphql(BATCH, { id: batch.id })).data!.batch;
        return b.status === 'CANCELLED' && b.counts.queued === 0 && b.counts.running === 0 ? b : null;
      });
      expect(final.counts.completed).toBeLessThan(30);
      expect(final.counts.completed + final.counts.cancelled + final.counts.failed).toBe(30);
      // A cancelled batch cannot be resumed: refused in words, as CONFLICT, not as an internal error.
      const resumed = await stack.graphql(ACTION('resumeBatch'), { id: batch.id });
      expect(resumed.errors?.[0]).toMatchObject({ message: expect.stringContaining('cancelled'), extensions: { code: 'CONFLICT' } });
    } finally {
      provider.delayMs = 0;
    }
  });
});

describe('bulk replay refusals and isolation', () => {
  it('refuses bad input naming the field, and queues nothing', async () => {
    await logSlice('refusals', 2);
    const before = (await stack.graphql(BATCHES)).data!.batches.edges.length;
    const sent = provider.received.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ selection: {} }, 'selection'],
      [{ selection: { ids: ['x'], filter: { tagsAny: ['refusals'] } } }, 'selection'],
      [{ selection: { filter: { tagsAny: ['nothing-has-this-tag'] } } }, 'selection'],
      [{ selection: { ids: ['no-such-request'] } }, 'selection'],
      [{ selection: { filter: { tagsAny: ['refusals'] } }, options: { budgetUsd: -1 } }, 'options.budgetUsd'],
      [{ selection: { filter: { tagsAny: ['refusals'] } }, options: { concurrency: 0 } }, 'options.concurrency'],
      [{ selection: { filter: { tagsAny: ['refusals'] } }, overrides: { provider: 'no-such-provider' } }, 'overrides.provider'],
      [{ selection: { filter: { tagsAny: ['refusals'] } }, overrides: { temperature: 9 } }, 'overrides.temperature'],
      [{ selection: { filter: { tagsAny: ['refusals'] } }, options: { judge: { provider: 'nope', model: 'x', rubric: 'r' } } }, 'options.judge.provider'],
    ];
    for (const [variables, field] of cases) {
      const res = await stack.graphql(START, variables);
      expect({ code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`)) });
    }
    expect((await stack.graphql(BATCHES)).data!.batches.edges.length).toBe(before);
    expect(provider.received.length).toBe(sent);
  });

  it('reads nothing of another workspace’s batch and cannot touch it', async () => {
    const other = await stack.newWorkspace('bulk-other');
    await logSlice('theirs', 3, other.apiKey);
    const theirs = await start({ selection: { filter: { tagsAny: ['theirs'] } } }, other.apiKey);
    await follow(theirs.id, other.apiKey);
    expect((await stack.graphql(BATCH, { id: theirs.id })).data!.batch).toBeNull();
    for (const action of ['pauseBatch', 'resumeBatch', 'cancelBatch', 'retryFailed']) {
      const res = await stack.graphql(ACTION(action), { id: theirs.id });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect((await stack.graphql(RESULTS, { id: theirs.id })).data!.batchResults.edges).toEqual([]);
    await expect(follow(theirs.id)).rejects.toThrow(/not found/);
    expect((await stack.graphql(BATCHES)).data!.batches.edges.map((e: any) => e.node.id)).not.toContain(theirs.id);
    // Their requests are not ours to select either.
    const theirIds = (await stack.graphql(`{ requests(first: 5) { edges { node { id } } } }`, {}, other.apiKey)).data!.requests.edges.map((e: any) => e.node.id);
    const res = await stack.graphql(START, { selection: { ids: theirIds } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
