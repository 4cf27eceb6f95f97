import type { OriginalSummary, RecordJob, SelectedRequest } from '@reprise/contracts';
import type mongoose from 'mongoose';
import { RequestRepository, requestModels, type RequestModel } from '../../../models/request/index.js';
import { chatCompletion, chatRequest, logItem, recordJob } from '../../support/fixtures.js';
import { connectTestDb } from '../../support/isolation.js';

let db: { connection: mongoose.Connection; drop(): Promise<void> };
let model: RequestModel;
let repo: RequestRepository;
const WS = 'ws-replays';

beforeAll(async () => {
  db = await connectTestDb();
  const models = requestModels(db.connection);
  model = models.requests;
  repo = new RequestRepository(models, { ferretdb: true });
});

afterAll(() => db.drop());

/** The flags a replay's document got when it was recorded. */
async function flagsOf(id: string) {
  const doc = await model.findById(id).lean();
  const { outcome, toolCallsChanged, jsonOutput, jsonInvalid, originalMissing, latencyDeltaMs, costDelta } = doc!;
  return { outcome, toolCallsChanged, jsonOutput, jsonInvalid, originalMissing, latencyDeltaMs, costDelta };
}

const toolAnswer = (args: string) =>
  JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: args } }] } }] });

/** Records a replay of `original` and returns its id. */
async function replay(original: string, overrides: Partial<RecordJob> = {}): Promise<string> {
  const job = recordJob({ workspaceId: WS, source: 'bulk', replayOf: original, batchId: 'b-1', ...overrides });
  await repo.recordRun(job);
  return job.runId;
}

describe('recording a replay', () => {
  let original: string;
  beforeAll(async () => {
    [original] = (await repo.logMany(WS, [logItem({ prompt: 'what is the weather', answer: 'sunny', latencyMs: 400, cost: 0.0001 })])) as [string];
  });

  it('stores replayOf, batchId, reused tool results and the judge, whose score is the record score', async () => {
    const reused = [{ step: 1, callId: 'call_9', name: 'get_weather', arguments: '{"city":"Paris"}', fromCallId: 'call_1' }];
    const judge = { score: 0.75, reason: 'close enough', provider: 'openai', model: 'gpt-4o', cost: 0.002 };
    const id = await replay(original, { reusedToolResults: reused, judge });
    expect(await repo.findById(WS, id)).toMatchObject({ replayOf: original, batchId: 'b-1', source: 'bulk', reusedToolResults: reused, judge, score: 0.75 });
  });

  it('reads [] and null for a run recorded without them, and keeps a verdict without a cost', async () => {
    const plain = recordJob({ workspaceId: WS });
    await repo.recordRun(plain);
    expect(await repo.findById(WS, plain.runId)).toMatchObject({ replayOf: null, batchId: null, reusedToolResults: [], judge: null, score: null });
    const id = await replay(original, { judge: { score: 0, reason: 'wrong', provider: 'p', model: 'm', cost: null } });
    expect((await repo.findById(WS, id))!.judge).toEqual({ score: 0, reason: 'wrong', provider: 'p', model: 'm', cost: null });
  });

  it('flags a replay with the same answer unchanged, with its deltas', async () => {
    const id = await replay(original, { responseBody: chatCompletion('sunny'), output: 'sunny', latencyMs: 420, cost: 0.0003 });
    expect(await flagsOf(id)).toEqual({ outcome: 'unchanged', toolCallsChanged: false, jsonOutput: false, jsonInvalid: false, originalMissing: false, latencyDeltaMs: 20, costDelta: 0.0003 - 0.0001 });
  });

  it('flags a different answer changed, and a replay that did not complete failed', async () => {
    expect((await flagsOf(await replay(original, { responseBody: chatCompletion('rainy'), output: 'rainy' }))).outcome).toBe('changed');
    const failed = await replay(original, { status: 'failed', error: { kind: 'timeout', message: 'slow' }, responseBody: null, output: null });
    expect(await flagsOf(failed)).toMatchObject({ outcome: 'failed', jsonOutput: false });
    const cancelled = await replay(original, { status: 'cancelled', responseBody: null, output: 'sun' });
    expect((await flagsOf(cancelled)).outcome).toBe('failed');
  });

  it('flags changed tool calls', async () => {
    const [withTools] = (await repo.logMany(WS, [logItem({ responseBody: toolAnswer('{"city":"Paris"}') })])) as [string];
    expect(await flagsOf(await replay(withTools, { responseBody: toolAnswer('{ "city": "Paris" }'), output: null }))).toMatchObject({ outcome: 'unchanged', toolCallsChanged: false });
    expect(await flagsOf(await replay(withTools, { responseBody: toolAnswer('{"city":"Lyon"}'), output: null }))).toMatchObject({ outcome: 'changed', toolCallsChanged: true });
  });

  it('flags JSON output that does not match the schema as invalid', async () => {
    const format = { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object', properties: { temp: { type: 'number' } }, required: ['temp'] } } };
    const requestBody = chatRequest('weather as JSON', 'gpt-4o-mini', { response_format: format });
    const [asked] = (await repo.logMany(WS, [logItem({ requestBody, responseBody: chatCompletion('{"temp":21}') })])) as [string];
    const valid = await replay(asked, { requestBody, responseBody: chatCompletion('{"temp":22}'), output: '{"temp":22}' });
    const invalid = await replay(asked, { requestBody, responseBody: chatCompletion('{"temp":"warm"}'), output: '{"temp":"warm"}' });
    const notJson = await replay(asked, { requestBody, responseBody: chatCompletion('It is warm'), output: 'It is warm' });
    expect(await flagsOf(valid)).toMatchObject({ outcome: 'changed', jsonOutput: true, jsonInvalid: false });
    expect(await flagsOf(invalid)).toMatchObject({ outcome: 'changed', jsonOutput: true, jsonInvalid: true });
    expect(await flagsOf(notJson)).toMatchObject({ jsonOutput: true, jsonInvalid: true });
  });

  it("flags a replay whose original is gone, or another workspace's, changed with the original missing", async () => {
    const gone = await replay('no-such-request', { responseBody: chatCompletion('sunny') });
    expect(await flagsOf(gone)).toEqual({ outcome: 'changed', toolCallsChanged: false, jsonOutput: false, jsonInvalid: false, originalMissing: true, latencyDeltaMs: null, costDelta: null });
    const [elsewhere] = (await repo.logMany('ws-replays-other', [logItem({ answer: 'sunny' })])) as [string];
    expect(await flagsOf(await replay(elsewhere, { responseBody: chatCompletion('sunny') }))).toMatchObject({ outcome: 'changed', originalMissing: true });
    expect((await flagsOf(await replay('no-such-request', { status: 'failed', error: { kind: 'auth', message: 'no' } }))).outcome).toBe('failed');
  });

  it("marks a deleted original's replays, and only in its workspace", async () => {
    const [doomed] = (await repo.logMany(WS, [logItem({ answer: 'sunny' })])) as [string];
    const kept = await replay(doomed, { responseBody: chatCompletion('sunny') });
    expect(await repo.deleteMany('ws-replays-other', [doomed])).toBe(0);
    expect((await flagsOf(kept)).originalMissing).toBe(false);
    expect(await repo.deleteMany(WS, [doomed])).toBe(1);
    // The outcome it was recorded with stays: it was true when it was computed.
    expect(await flagsOf(kept)).toMatchObject({ outcome: 'unchanged', originalMissing: true });
  });

  it('records a replay delivered twice once', async () => {
    const job = recordJob({ workspaceId: WS, source: 'bulk', replayOf: original, batchId: 'b-1', responseBody: chatCompletion('sunny') });
    await repo.recordRun(job);
    await repo.recordRun({ ...job, responseBody: chatCompletion('different') });
    expect((await flagsOf(job.runId)).outcome).toBe('unchanged');
  });

  it('leaves the flags off what is no replay', async () => {
    const plain = recordJob({ workspaceId: WS });
    await repo.recordRun(plain);
    const doc = await model.findById(plain.runId).lean();
    expect(doc).not.toHaveProperty('outcome');
  });
});

describe('recording a bulk replay that brings its original', () => {
  /** An original's summary as the selection writes it: the answer 'sunny', 400 ms, $0.0001. */
  const summary = (overrides: Partial<OriginalSummary> = {}): OriginalSummary => ({
    status: 'completed',
    text: 'sunny',
    calls: [],
    usage: { promptTokens: 8, completionTokens: 5, totalTokens: 13 },
    latencyMs: 400,
    cost: 0.0001,
    ...overrides,
  });

  // The originals below were never stored: a record that read its original
  // would find none and say 'changed' with the original missing.
  it('compares with the summary, reading no original: same answer unchanged, with its deltas', async () => {
    const id = await replay('never-stored', { original: summary(), responseBody: chatCompletion('sunny'), output: 'sunny', latencyMs: 420, cost: 0.0003 });
    expect(await flagsOf(id)).toEqual({ outcome: 'unchanged', toolCallsChanged: false, jsonOutput: false, jsonInvalid: false, originalMissing: false, latencyDeltaMs: 20, costDelta: 0.0003 - 0.0001 });
    const unknown = await replay('never-stored', { original: summary({ latencyMs: null, cost: null }), responseBody: chatCompletion('sunny') });
    expect(await flagsOf(unknown)).toMatchObject({ outcome: 'unchanged', latencyDeltaMs: null, costDelta: null });
  });

  it('flags a changed answer, changed tool calls, invalid JSON and a failure from the summary', async () => {
    expect((await flagsOf(await replay('never-stored', { original: summary(), responseBody: chatCompletion('rainy'), output: 'rainy' }))).outcome).toBe('changed');

    const calls = summary({ text: '', calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    expect(await flagsOf(await replay('never-stored', { original: calls, responseBody: toolAnswer('{ "city": "Paris" }'), output: null }))).toMatchObject({ outcome: 'unchanged', toolCallsChanged: false });
    expect(await flagsOf(await replay('never-stored', { original: calls, responseBody: toolAnswer('{"city":"Lyon"}'), output: null }))).toMatchObject({ outcome: 'changed', toolCallsChanged: true });

    // The JSON format is the replay's own body's (the original's, overrides spliced in).
    const format = { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object', properties: { temp: { type: 'number' } }, required: ['temp'] } } };
    const requestBody = chatRequest('weather as JSON', 'gpt-4o-mini', { response_format: format });
    const json = summary({ text: '{"temp":21}' });
    expect(await flagsOf(await replay('never-stored', { original: json, requestBody, responseBody: chatCompletion('{"temp":21}'), output: '{"temp":21}' }))).toMatchObject({ outcome: 'unchanged', jsonOutput: true, jsonInvalid: false });
    expect(await flagsOf(await replay('never-stored', { original: json, requestBody, responseBody: chatCompletion('{"temp":"warm"}'), output: '{"temp":"warm"}' }))).toMatchObject({ outcome: 'changed', jsonOutput: true, jsonInvalid: true });
    // An override that removed response_format: the replay was asked for text.
    expect(await flagsOf(await replay('never-stored', { original: json, responseBody: chatCompletion('It is warm'), output: 'It is warm' }))).toMatchObject({ outcome: 'changed', jsonOutput: false, jsonInvalid: false });

    const failed = await replay('never-stored', { original: summary(), status: 'failed', error: { kind: 'timeout', message: 'slow' }, responseBody: null, output: null });
    expect(await flagsOf(failed)).toMatchObject({ outcome: 'failed', originalMissing: false });
  });

  it('takes the summary over the stored original, which it does not read', async () => {
    const [stored] = (await repo.logMany(WS, [logItem({ answer: 'sunny', latencyMs: 400 })])) as [string];
    const id = await replay(stored, { original: summary({ text: 'cloudy' }), responseBody: chatCompletion('sunny'), output: 'sunny' });
    expect((await flagsOf(id)).outcome).toBe('changed');
  });

  it('gets the same flags from the summary the selection wrote as from reading the original', async () => {
    const format = { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object', properties: { temp: { type: 'number' } }, required: ['temp'] } } };
    const requestBody = chatRequest('weather as JSON', 'gpt-4o-mini', { response_format: format });
    const [logged] = (await repo.logMany(WS, [
      logItem({ requestBody, responseBody: chatCompletion('{"temp":21}', { prompt_tokens: 9, completion_tokens: 4 }), latencyMs: 380, cost: 0.0002, startedAt: '2025-02-01T00:00:00.000Z' }),
    ])) as [string];
    const selected: SelectedRequest[] = [];
    for await (const s of repo.select(WS, { ids: [logged] }, '2025-03-01T00:00:00.000Z')) selected.push(s);
    expect(selected).toHaveLength(1);
    for (const answer of ['{"temp":21}', '{"temp":22.5}', '{"temp":"warm"}', 'no JSON']) {
      const job = { requestBody, responseBody: chatCompletion(answer), output: answer, latencyMs: 500, cost: 0.0005 };
      const read = await flagsOf(await replay(logged, job));
      expect(await flagsOf(await replay(logged, { ...job, original: selected[0]!.original }))).toEqual(read);
      expect(read).toMatchObject({ originalMissing: false, latencyDeltaMs: 120 });
    }
  });

  it('is marked when its original is deleted afterwards', async () => {
    const [doomed] = (await repo.logMany(WS, [logItem({ answer: 'sunny' })])) as [string];
    const id = await replay(doomed, { original: summary(), responseBody: chatCompletion('sunny') });
    expect(await repo.deleteMany(WS, [doomed])).toBe(1);
    expect(await flagsOf(id)).toMatchObject({ outcome: 'unchanged', originalMissing: true });
  });
});
