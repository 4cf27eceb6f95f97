import type { BatchResultPage, BatchResultSummary, RecordJob } from '@reprise/contracts';
import { batchResultPageSchema, batchResultSummarySchema } from '@reprise/contracts';
import { RequestRepository, requestModels } from '../../models/request/index.js';
import { chatCompletion, chatRequest, logItem, recordJob } from '../support/fixtures.js';
import { startTestHistory, type Answer } from '../support/history.js';

let service: Awaited<ReturnType<typeof startTestHistory>>;
let call: (method: string, path: string, body?: unknown) => Promise<Answer>;
const WS = 'ws-batch';
const OTHER = 'ws-batch-other';
const BATCH = 'batch-A';
const at = (minutes: number) => new Date(Date.UTC(2025, 2, 1, 13, minutes)).toISOString();
const o: Record<'text' | 'tools' | 'json' | 'doomed' | 'other', string> = { text: '', tools: '', json: '', doomed: '', other: '' };
const r: Record<string, string> = {};

const toolAnswer = (city: string) =>
  JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify({ city }) } }] } }] });
const format = { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object', properties: { temp: { type: 'number' } }, required: ['temp'] } } };
const jsonRequest = chatRequest('weather as JSON', 'gpt-4o-mini', { response_format: format });
const tricky = 'rainy, with "hail",\nlater';

beforeAll(async () => {
  service = await startTestHistory();
  call = service.call;
  const repo = new RequestRepository(requestModels(service.history.connection), { ferretdb: true });
  const base = { latencyMs: 400, cost: 0.001, startedAt: at(0) };
  [o.text, o.tools, o.json, o.doomed] = (await repo.logMany(WS, [
    logItem({ ...base, answer: 'sunny' }),
    logItem({ ...base, responseBody: toolAnswer('Paris') }),
    logItem({ ...base, requestBody: jsonRequest, responseBody: chatCompletion('{"temp":21}') }),
    logItem({ ...base, answer: 'to be deleted' }),
  ])) as [string, string, string, string];
  [o.other] = (await repo.logMany(OTHER, [logItem({ ...base, answer: 'sunny' })])) as [string];

  const judge = (score: number) => ({ score, reason: `scored ${score}`, provider: 'openai', model: 'gpt-4o', cost: 0.0001 });
  const failed = (kind: 'timeout' | 'rate_limited'): Partial<RecordJob> => ({ status: 'failed', error: { kind, message: kind }, responseBody: null, output: null, latencyMs: 100, cost: null });
  const replays: [string, string, Partial<RecordJob>][] = [
    ['r1', o.text, { responseBody: chatCompletion('sunny'), output: 'sunny', latencyMs: 500, cost: 0.002, judge: judge(0.95) }],
    ['r2', o.text, { responseBody: chatCompletion(tricky), output: tricky, latencyMs: 300, cost: 0.0015, judge: judge(0.35) }],
    ['r3', o.tools, { responseBody: toolAnswer('Lyon'), output: null, latencyMs: 600, cost: 0.001, judge: judge(0.05) }],
    ['r4', o.json, { requestBody: jsonRequest, responseBody: chatCompletion('{"temp":"warm"}'), output: '{"temp":"warm"}', latencyMs: 400, cost: 0.001, judge: judge(1) }],
    ['r5', o.text, failed('timeout')],
    ['r6', o.text, failed('rate_limited')],
    ['r7', o.text, failed('rate_limited')],
    ['r8', o.doomed, { responseBody: chatCompletion('to be deleted'), output: 'to be deleted', latencyMs: 400, cost: 0.001 }],
  ];
  for (const [name, original, overrides] of replays) {
    const minute = Number(name.slice(1));
    const job = recordJob({ workspaceId: WS, source: 'bulk', model: 'gpt-4o', replayOf: original, batchId: BATCH, startedAt: at(minute), endedAt: at(minute), ...overrides });
    await repo.recordRun(job);
    r[name] = job.runId;
  }
  // The same batch id in another workspace: never seen from WS, nor WS's from it.
  const elsewhere = recordJob({ workspaceId: OTHER, source: 'bulk', replayOf: o.other, batchId: BATCH, startedAt: at(9) });
  await repo.recordRun(elsewhere);
  r.elsewhere = elsewhere.runId;
  // A replay in no batch, and one of another batch, pointing at the same original.
  await repo.recordRun(recordJob({ workspaceId: WS, source: 'replay', replayOf: o.text, startedAt: at(10) }));
  await repo.recordRun(recordJob({ workspaceId: WS, source: 'bulk', replayOf: o.text, batchId: 'batch-B', startedAt: at(11) }));
  // A replay in WS claiming another workspace's request as its original (no runner sends one): never paired with it.
  const forged = recordJob({ workspaceId: WS, source: 'bulk', replayOf: o.other, batchId: 'batch-C', startedAt: at(12) });
  await repo.recordRun(forged);
  r.forged = forged.runId;
  expect(await repo.deleteMany(WS, [o.doomed])).toBe(1);
});

afterAll(() => service?.dispose());

async function results(body: Record<string, unknown>, batch = BATCH): Promise<BatchResultPage> {
  const res = await call('POST', `/batches/${batch}/results`, { workspaceId: WS, ...body });
  expect(res.status).toBe(200);
  return batchResultPageSchema.parse(res.body);
}
const replayIds = (page: BatchResultPage) => page.items.map((i) => Object.entries(r).find(([, v]) => v === i.replay.id)?.[0]);

describe('POST /batches/:batchId/results', () => {
  it("pairs each of the batch's replays with its original, newest first, leaving out one whose original was deleted", async () => {
    const page = await results({ first: 20 });
    expect(replayIds(page)).toEqual(['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect(page.hasNextPage).toBe(false);
    for (const item of page.items) expect(item.original.id).toBe(item.replay.replayOf);
  });

  it('computes the comparison on read: text, tool calls, JSON and deltas', async () => {
    const byName = Object.fromEntries((await results({})).items.map((i) => [replayIds({ items: [i], hasNextPage: false })[0], i]));
    expect(byName.r1!.comparison).toMatchObject({ sameText: true, toolCallsChanged: false, json: null, deltas: { latencyMs: 100 } });
    expect(byName.r2!.comparison.textDiff).toEqual([{ op: 'delete', text: 'sunny' }, { op: 'insert', text: tricky }]);
    expect(byName.r3!.comparison).toMatchObject({ toolCallsChanged: true, toolCallDifferences: [{ path: 'calls[0].arguments.city', kind: 'changed', original: '"Paris"', replay: '"Lyon"' }] });
    expect(byName.r4!.comparison.json).toMatchObject({ valid: false, differences: [{ path: 'answer.temp', kind: 'changed', original: '21', replay: '"warm"' }] });
    expect(byName.r5!.replay).toMatchObject({ status: 'failed', error: { kind: 'timeout' } });
    expect(byName.r1!.replay.judge).toMatchObject({ score: 0.95, reason: 'scored 0.95' });
  });

  it('pages with a keyset cursor, without skipping or repeating', async () => {
    const seen: (string | undefined)[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await results({ first: 3, ...(after ? { after } : {}) });
      seen.push(...replayIds(page));
      if (!page.hasNextPage) break;
      after = page.items.at(-1)!.cursor;
    }
    expect(seen).toEqual(['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
  });

  it('filters by the stored outcome and by the judge score', async () => {
    expect(replayIds(await results({ filter: { outcome: 'unchanged' } }))).toEqual(['r1']);
    // The deleted original's replay (r8, unchanged) is left out by the query, so a page is full.
    expect(await results({ filter: { outcome: 'unchanged' }, first: 1 })).toMatchObject({ items: [{ replay: { id: r.r1 } }], hasNextPage: false });
    expect(replayIds(await results({ filter: { outcome: 'failed' } }))).toEqual(['r7', 'r6', 'r5']);
    expect(replayIds(await results({ filter: { outcome: 'changed' } }))).toEqual(['r4', 'r3', 'r2']);
    expect(replayIds(await results({ filter: { judgedBelow: 0.5 } }))).toEqual(['r3', 'r2']);
    expect(replayIds(await results({ filter: { judgedBelow: 0.5, outcome: 'unchanged' } }))).toEqual([]);
    expect(replayIds(await results({ filter: { judgedBelow: 1 } }))).toEqual(['r3', 'r2', 'r1']);
  });

  it("reads another workspace's batch, or an unknown one, as a batch with no results", async () => {
    expect(await results({}, 'no-such-batch')).toEqual({ items: [], hasNextPage: false });
    const theirs = await call('POST', `/batches/${BATCH}/results`, { workspaceId: OTHER });
    expect(batchResultPageSchema.parse(theirs.body).items.map((i) => i.replay.id)).toEqual([r.elsewhere]);
    expect(await call('POST', `/batches/${BATCH}/results`, { workspaceId: 'ws-nobody', first: 1 }).then((a) => a.body)).toEqual({ items: [], hasNextPage: false });
  });

  it('refuses input outside its contract, naming the field', async () => {
    const bad = await call('POST', `/batches/${BATCH}/results`, { workspaceId: WS, filter: { outcome: 'better', judgedBelow: 2 }, after: 'garbage' });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['filter.outcome', 'filter.judgedBelow']);
    expect((await call('POST', `/batches/${BATCH}/results`, { workspaceId: WS, after: 'garbage' })).body).toEqual({ error: 'invalid_input', issues: [{ field: 'after', message: 'not a cursor from this API' }] });
  });
});

describe('POST /batches/:batchId/summary', () => {
  it('sums the batch up from the flags stored with each replay', async () => {
    const res = await call('POST', `/batches/${BATCH}/summary`, { workspaceId: WS });
    const summary: BatchResultSummary = batchResultSummarySchema.parse(res.body);
    expect(summary).toMatchObject({
      count: 8,
      identicalShare: 2 / 8,
      changedToolCallsShare: 1 / 8,
      invalidJsonShare: 1,
      failuresByKind: [{ kind: 'rate_limited', count: 2 }, { kind: 'timeout', count: 1 }],
      latencyDeltaMs: { mean: (100 - 100 + 200 + 0 - 300 * 3 + 0) / 8, p95: 200 },
      judgeScores: { count: 4, buckets: [1, 0, 0, 1, 0, 0, 0, 0, 0, 2] },
    });
    // Every replay's latency change (100, −100, 200, 0, −300 three times, 0) in bars 50 ms wide, zero an edge.
    expect(summary.latencyDeltaMs.bins).toHaveLength(11);
    expect(summary.latencyDeltaMs.bins.filter((bin) => bin.count > 0)).toEqual([
      { from: -300, to: -250, count: 3 },
      { from: -100, to: -50, count: 1 },
      { from: 0, to: 50, count: 2 },
      { from: 100, to: 150, count: 1 },
      { from: 200, to: 250, count: 1 },
    ]);
    expect(summary.costDelta.bins.reduce((n, bin) => n + bin.count, 0)).toBe(5);
    expect(summary.costDelta.mean).toBeCloseTo((0.001 + 0.0005) / 5, 12);
    expect(summary.costDelta.p95).toBeCloseTo(0.001, 12);
    expect(summary.judgeScores.mean).toBeCloseTo((0.95 + 0.35 + 0.05 + 1) / 4, 12);
  });

  it("answers zeros for another workspace's batch", async () => {
    expect((await call('POST', `/batches/${BATCH}/summary`, { workspaceId: 'ws-nobody' })).body).toEqual({
      count: 0,
      identicalShare: 0,
      changedToolCallsShare: 0,
      invalidJsonShare: 0,
      failuresByKind: [],
      latencyDeltaMs: { mean: null, p95: null, bins: [] },
      costDelta: { mean: null, p95: null, bins: [] },
      judgeScores: { count: 0, mean: null, buckets: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    });
    expect(((await call('POST', `/batches/${BATCH}/summary`, { workspaceId: OTHER })).body as BatchResultSummary).count).toBe(1);
  });
});

describe('POST /batches/:batchId/export', () => {
  it('streams one JSON line per replay, a deleted original left empty', async () => {
    const res = await call('POST', `/batches/${BATCH}/export`, { workspaceId: WS, format: 'jsonl' });
    expect(res.status).toBe(200);
    const rows = res.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((row) => row.replayId)).toEqual(['r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1'].map((n) => r[n]));
    const byId = Object.fromEntries(rows.map((row) => [row.replayId, row]));
    expect(byId[r.r3!]).toEqual({
      originalId: o.tools,
      replayId: r.r3,
      originalProvider: 'openai',
      originalModel: 'gpt-4o-mini',
      replayProvider: 'openai',
      replayModel: 'gpt-4o',
      status: 'completed',
      errorKind: null,
      outcome: 'changed',
      sameText: true,
      toolCallsChanged: true,
      jsonValid: null,
      promptTokensDelta: null,
      completionTokensDelta: null,
      latencyDeltaMs: 200,
      costDelta: 0,
      judgeScore: 0.05,
      judgeReason: 'scored 0.05',
      originalOutput: 'get_weather({"city":"Paris"})',
      replayOutput: 'get_weather({"city":"Lyon"})',
    });
    expect(byId[r.r4!]).toMatchObject({ jsonValid: false });
    expect(byId[r.r5!]).toMatchObject({ outcome: 'failed', status: 'failed', errorKind: 'timeout', replayOutput: '' });
    expect(byId[r.r8!]).toMatchObject({ originalId: o.doomed, originalModel: null, originalOutput: null, outcome: 'unchanged', sameText: null, replayOutput: 'to be deleted' });
  });

  it('streams CSV with a header, quoting what needs it', async () => {
    const res = await call('POST', `/batches/${BATCH}/export`, { workspaceId: WS, format: 'csv' });
    expect(res.status).toBe(200);
    const [header] = res.text.split('\n');
    expect(header).toBe(
      'originalId,replayId,originalProvider,originalModel,replayProvider,replayModel,status,errorKind,outcome,sameText,toolCallsChanged,jsonValid,' +
        'promptTokensDelta,completionTokensDelta,latencyDeltaMs,costDelta,judgeScore,judgeReason,originalOutput,replayOutput',
    );
    // The tricky answer has a comma, quotes and a line break: quoted, its quotes doubled.
    expect(res.text).toContain(`,sunny,"rainy, with ""hail"",\nlater"\n`);
    expect(res.text).toContain(`${o.tools},${r.r3},openai,gpt-4o-mini,openai,gpt-4o,completed,,changed,true,true,,,,200,0,0.05,scored 0.05,`);
    expect(res.text).toContain('"get_weather({""city"":""Paris""})"');
  });

  it("never pairs a replay with another workspace's request", async () => {
    expect(await results({}, 'batch-C')).toEqual({ items: [], hasNextPage: false });
    const [row] = (await call('POST', '/batches/batch-C/export', { workspaceId: WS, format: 'jsonl' })).text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(row).toMatchObject({ replayId: r.forged, originalId: o.other, originalProvider: null, originalModel: null, originalOutput: null, outcome: 'changed' });
  });

  it('drops a pair whose original went while the replay was not marked (a delete racing the read)', async () => {
    const repo = new RequestRepository(requestModels(service.history.connection), { ferretdb: true });
    const [original] = (await repo.logMany(WS, [logItem({})])) as [string];
    await repo.recordRun(recordJob({ workspaceId: WS, source: 'bulk', replayOf: original, batchId: 'batch-D' }));
    expect((await results({}, 'batch-D')).items).toHaveLength(1);
    await service.history.connection.collection('requests').deleteOne({ _id: original as never });
    expect(await results({}, 'batch-D')).toEqual({ items: [], hasNextPage: false });
  });

  it("exports nothing of another workspace's batch", async () => {
    expect((await call('POST', `/batches/${BATCH}/export`, { workspaceId: 'ws-nobody', format: 'jsonl' })).text).toBe('');
    expect((await call('POST', `/batches/${BATCH}/export`, { workspaceId: 'ws-nobody', format: 'csv' })).text.trim().split('\n')).toHaveLength(1);
  });
});
