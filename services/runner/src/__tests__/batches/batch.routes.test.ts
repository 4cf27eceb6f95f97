import { batchListSchema, batchSchema, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS } from '../support/isolation.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';

let stack: BatchStack;

beforeAll(async () => {
  // No worker: batches stay queued, so every control has something to act on.
  stack = await startBatchStack({ worker: false });
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

type Issues = { error: string; issues: { field: string; message: string }[] };

const mine = 'ws-mine';
const theirs = 'ws-theirs';
let myIds: string[];
let theirIds: string[];

beforeAll(() => {
  myIds = stack.history.add(mine, Array.from({ length: 3 }, () => ({ tags: ['routes'] }))).map((r) => r.id);
  theirIds = stack.history.add(theirs, Array.from({ length: 3 }, () => ({ tags: ['routes'] }))).map((r) => r.id);
});

async function create(workspaceId: string, body: object = {}): Promise<Batch> {
  const res = await stack.post('/batches', { workspaceId, selection: { filter: { tagsAny: ['routes'] } }, ...body });
  expect(res.status).toBe(201);
  return batchSchema.parse(res.body);
}

/** What is queued and stored so far: a refusal must add to neither. */
async function footprint() {
  const jobs = await stack.replays.getJobCountByTypes('waiting', 'prioritized', 'delayed');
  const docs = await stack.suite.db().collection('batches').countDocuments();
  return { jobs, docs };
}

describe('bad input, named by field, with nothing stored or queued', () => {
  const refused = async (body: object): Promise<Issues['issues']> => {
    const before = await footprint();
    const res = await stack.post<Issues>('/batches', { workspaceId: mine, selection: { filter: { tagsAny: ['routes'] } }, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_input');
    expect(await footprint()).toEqual(before);
    return res.body.issues;
  };

  it('concurrency 0 and a budget of -1', async () => {
    expect((await refused({ options: { concurrency: 0 } })).map((i) => i.field)).toEqual(['options.concurrency']);
    expect((await refused({ options: { budgetUsd: -1 } })).map((i) => i.field)).toEqual(['options.budgetUsd']);
  });

  it('an unknown provider in the overrides, or for the judge', async () => {
    expect(await refused({ overrides: { provider: 'nope' } })).toEqual([{ field: 'overrides.provider', message: 'unknown provider "nope"' }]);
    expect(await refused({ options: { judge: { provider: 'nope', model: 'm', rubric: 'r' } } })).toEqual([{ field: 'options.judge.provider', message: 'unknown provider "nope"' }]);
  });

  it('a filter that matches nothing', async () => {
    const [issue] = await refused({ selection: { filter: { tagsAny: ['no-such-tag'] } } });
    expect(issue).toEqual({ field: 'selection', message: 'the filter matches no request of this workspace: there is nothing to replay' });
  });

  it('ids of another workspace, which match nothing', async () => {
    const [issue] = await refused({ selection: { ids: theirIds } });
    expect(issue).toEqual({ field: 'selection', message: 'none of these ids is a request of this workspace: there is nothing to replay' });
  });

  it('an unknown id among known ones, by its place in the list', async () => {
    expect(await refused({ selection: { ids: [myIds[0], theirIds[0], 'no-such-id', myIds[1]] } })).toEqual([
      { field: 'selection.ids.1', message: 'no request with this id in this workspace' },
      { field: 'selection.ids.2', message: 'no request with this id in this workspace' },
    ]);
  });

  it('history away: 503, saying so', async () => {
    stack.history.down = true;
    try {
      const before = await footprint();
      for (const path of ['/batches', '/batches/estimate']) {
        const res = await stack.post<{ error: string; message: string }>(path, { workspaceId: mine, selection: { ids: myIds } });
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ error: 'history_unavailable', message: expect.stringContaining('503') });
      }
      expect(await footprint()).toEqual(before);
    } finally {
      stack.history.down = false;
    }
  });

  it('a provider field override, in the overrides', async () => {
    expect((await refused({ overrides: { fields: { model: '"x"' } } })).map((i) => i.field)).toEqual(['overrides.fields.model']);
  });
});

describe('every route, within its workspace', () => {
  let batch: Batch;
  beforeAll(async () => {
    batch = await create(mine, { options: { name: 'Mine', concurrency: 2 } });
  });

  it('reads my batch by id, and another workspace\'s id reads like a missing one', async () => {
    const read = await stack.get(`/batches/${batch.id}?workspaceId=${mine}`);
    expect(read.status).toBe(200);
    expect(batchSchema.parse(read.body)).toMatchObject({ id: batch.id, name: 'Mine', workspaceId: mine });
    for (const path of [`/batches/${batch.id}?workspaceId=${theirs}`, `/batches/no-such-batch?workspaceId=${mine}`]) {
      const res = await stack.get(path);
      expect(res).toEqual({ status: 404, body: { error: 'not_found' } });
    }
  });

  it('acts on my batch only: pause, resume, cancel and retry-failed of another workspace\'s id are 404', async () => {
    for (const action of ['pause', 'resume', 'cancel', 'retry-failed']) {
      const res = await stack.post(`/batches/${batch.id}/${action}`, { workspaceId: theirs });
      expect(res).toEqual({ status: 404, body: { error: 'not_found' } });
    }
    const still = await stack.get<Batch>(`/batches/${batch.id}?workspaceId=${mine}`);
    expect(still.body.status).not.toBe('cancelled');
    expect(still.body.status).not.toBe('paused');
  });

  it('lists only my batches, newest first, a page at a time', async () => {
    const second = await create(mine, { options: { name: 'Second' } });
    const third = await create(mine, { options: { name: 'Third' } });
    const theirsBatch = await create(theirs);
    const first = batchListSchema.parse((await stack.get(`/batches?workspaceId=${mine}&first=2`)).body);
    expect(first.items.map((b) => b.id)).toEqual([third.id, second.id]);
    expect(first).toMatchObject({ hasNextPage: true, endCursor: second.id });
    const next = batchListSchema.parse((await stack.get(`/batches?workspaceId=${mine}&first=2&after=${first.endCursor}`)).body);
    expect(next.items.map((b) => b.id)).toEqual([batch.id]);
    expect(next).toMatchObject({ hasNextPage: false, endCursor: batch.id });
    const other = batchListSchema.parse((await stack.get(`/batches?workspaceId=${theirs}`)).body);
    expect(other.items.map((b) => b.id)).toEqual([theirsBatch.id]);
    // Another workspace's batch is no cursor of mine.
    for (const after of ['not-a-batch', theirsBatch.id]) {
      const bad = await stack.get<Issues>(`/batches?workspaceId=${mine}&after=${after}`);
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0]!.field).toBe('after');
    }
  });

  it('answers each control with the batch', async () => {
    const paused = await stack.post<Batch>(`/batches/${batch.id}/pause`, { workspaceId: mine });
    expect(paused.body).toMatchObject({ id: batch.id, status: 'paused' });
    const resumed = await stack.post<Batch>(`/batches/${batch.id}/resume`, { workspaceId: mine });
    expect(resumed.body.status).toBe('running');
    const retried = await stack.post<Batch>(`/batches/${batch.id}/retry-failed`, { workspaceId: mine });
    expect(retried.body).toMatchObject({ status: 'running', counts: { failed: 0 } });
    const cancelled = await stack.post<Batch>(`/batches/${batch.id}/cancel`, { workspaceId: mine });
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('replays each request on its own provider when the workspace has it, else on the default one', async () => {
    const [known, unknown] = stack.history.add(mine, [
      { provider: 'judge', model: 'judge-model', tags: ['providers'] },
      { provider: 'acme-gateway', model: 'gpt-4o-mini', tags: ['providers'] },
    ]);
    const made = await create(mine, { selection: { filter: { tagsAny: ['providers'] } } });
    await stack.until(mine, made.id, (b) => b.counts.total === 2);
    const jobs = (await stack.replays.getJobs(['prioritized', 'waiting'], 0, -1)).filter((j) => j.data.batchId === made.id);
    const byOriginal = new Map(jobs.map((j) => [j.data.replayOf, j.data]));
    expect(byOriginal.get(known!.id)).toMatchObject({ provider: 'judge', model: 'judge-model', source: 'bulk', batchId: made.id });
    expect(byOriginal.get(unknown!.id)).toMatchObject({ provider: 'stand-in', model: 'gpt-4o-mini' });
  });

  it('keeps the selection, overrides and options as given, with the estimate once queued', async () => {
    const made = await create(mine, { overrides: { model: 'stand-in-model', fields: { seed: '12345678901234567890', temperature: null } }, options: { budgetUsd: 2.5 } });
    expect(made).toMatchObject({
      selection: { filter: { tagsAny: ['routes'] } },
      overrides: { model: 'stand-in-model', fields: { seed: '12345678901234567890', temperature: null } },
      options: { concurrency: 10, budgetUsd: 2.5, reuseToolResults: false },
    });
    const later = await stack.until(mine, made.id, (b) => b.estimate !== null);
    expect(later.estimate).toMatchObject({ count: 3, models: [{ provider: 'stand-in', model: 'stand-in-model', count: 3 }] });
    // The seed's 20 digits reach the job's body as written.
    const jobs = (await stack.replays.getJobs(['prioritized', 'waiting'], 0, -1)).filter((j) => j.data.batchId === made.id);
    expect(jobs).toHaveLength(3);
    expect(jobs[0]!.data.body).toContain('"seed":12345678901234567890');
    expect(jobs[0]!.data.body).not.toContain('temperature');
    // History's summary of the original rides along, for the record.
    expect(jobs[0]!.data.original).toMatchObject({ status: 'completed', text: 'Hello world' });
  });
});
