import { batchSchema, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS } from '../support/isolation.js';
import { mostAtOnce, type ScriptedAnswer } from '../support/model-provider.js';
import { eventually } from '../support/run-stream.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';

let stack: BatchStack;

beforeAll(async () => {
  stack = await startBatchStack({ upstream: { fallback: { kind: 'stream', content: ['Hi'], firstDelayMs: 40, usage: { prompt_tokens: 10, completion_tokens: 1 } } } });
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

const requestsFor = (ids: string[]) => stack.upstream.chatRequests().filter((r) => ids.some((id) => r.body.includes(id)));

async function startBatch(ws: string, n: number, options: object): Promise<{ batch: Batch; ids: string[] }> {
  const tag = `tag-${Math.random().toString(36).slice(2)}`;
  const ids = stack.history.add(ws, Array.from({ length: n }, () => ({ tags: [tag] }))).map((r) => r.id);
  const res = await stack.post('/batches', { workspaceId: ws, selection: { filter: { tagsAny: [tag] } }, options });
  expect(res.status).toBe(201);
  return { batch: batchSchema.parse(res.body), ids };
}

const act = async (ws: string, id: string, action: string) => stack.post<Batch>(`/batches/${id}/${action}`, { workspaceId: ws });

describe('pause and resume', () => {
  const ws = 'ws-pause';

  it('starts nothing new while paused, lets those in flight finish, and goes on when resumed', async () => {
    const { batch, ids } = await startBatch(ws, 40, { concurrency: 3 });
    await stack.until(ws, batch.id, (b) => b.counts.completed >= 5);
    const paused = await act(ws, batch.id, 'pause');
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');

    // Those in flight end; then nothing moves.
    const settled = await stack.until(ws, batch.id, (b) => b.counts.running === 0);
    const sentWhilePaused = requestsFor(ids).length;
    await new Promise((r) => setTimeout(r, 400));
    expect(requestsFor(ids)).toHaveLength(sentWhilePaused);
    const still = await stack.until(ws, batch.id, () => true);
    expect(still).toMatchObject({ status: 'paused', counts: { completed: settled.counts.completed, running: 0 } });
    expect(still.counts.queued).toBe(40 - settled.counts.completed);
    // Pausing twice is no change.
    expect((await act(ws, batch.id, 'pause')).body.status).toBe('paused');

    const resumed = await act(ws, batch.id, 'resume');
    expect(resumed.body.status).toBe('running');
    const done = await stack.until(ws, batch.id, (b) => b.status === 'completed');
    expect(done.counts).toMatchObject({ total: 40, completed: 40, queued: 0 });
    expect(requestsFor(ids)).toHaveLength(40);
    expect(mostAtOnce(requestsFor(ids))).toBeLessThanOrEqual(3);
  });

  it('refuses to pause or resume a batch that has ended', async () => {
    const { batch } = await startBatch(ws, 2, { concurrency: 2 });
    await stack.until(ws, batch.id, (b) => b.status === 'completed');
    for (const action of ['pause', 'resume', 'cancel']) {
      const res = await act(ws, batch.id, action);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'conflict', message: expect.stringContaining('completed') });
    }
  });
});

describe('cancel', () => {
  const ws = 'ws-cancel';

  it('stops the replays in flight and counts the queued ones cancelled, sending nothing more', async () => {
    // The first two replays hold their streams open: they are in flight when the batch is cancelled.
    const hold: ScriptedAnswer = { kind: 'stream', content: ['Partial'], hold: true };
    stack.upstream.script(hold, hold);
    const { batch, ids } = await startBatch(ws, 30, { concurrency: 2 });
    await stack.until(ws, batch.id, (b) => b.counts.running === 2 && b.counts.total === 30);
    await eventually(() => requestsFor(ids).length, (n) => n === 2);

    const res = await act(ws, batch.id, 'cancel');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const done = await stack.until(ws, batch.id, (b) => b.endedAt !== null);
    expect(done).toMatchObject({ status: 'cancelled', message: 'cancelled by request', counts: { total: 30, cancelled: 30, completed: 0, queued: 0, running: 0 } });
    // The two in flight were stopped at the provider; no other replay was sent.
    const sent = requestsFor(ids);
    expect(sent).toHaveLength(2);
    await Promise.all(sent.map((r) => r.finished));
    expect(sent.every((r) => r.closedByClient)).toBe(true);
    const records = await eventually(() => stack.recordsOf(batch.id), (r) => r.length === 2);
    expect(records.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // Cancelling twice is no change.
    expect((await act(ws, batch.id, 'cancel')).body.status).toBe('cancelled');
  });
});

describe('retry failed', () => {
  const ws = 'ws-retry';

  it('queues the failed replays again as new runs, and the batch completes with them', async () => {
    // One at a time: the first three replays get the provider's refusal.
    const refusal: ScriptedAnswer = { kind: 'error', status: 400, message: 'temporarily refused for the test' };
    stack.upstream.script(refusal, refusal, refusal);
    const { batch, ids } = await startBatch(ws, 12, { concurrency: 1 });
    const first = await stack.until(ws, batch.id, (b) => b.status === 'completed');
    expect(first.counts).toMatchObject({ total: 12, completed: 9, failed: 3 });
    const failedRecords = (await stack.recordsOf(batch.id)).filter((r) => r.status === 'failed');
    expect(failedRecords).toHaveLength(3);

    const res = await act(ws, batch.id, 'retry-failed');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('running');
    expect(res.body.counts.failed).toBe(0);
    const done = await stack.until(ws, batch.id, (b) => b.status === 'completed' && b.counts.completed === 12);
    expect(done.counts).toMatchObject({ total: 12, completed: 12, failed: 0, queued: 0 });

    // The failed originals were sent twice, the rest once; each retry is a run and a job of its own.
    const failedOriginals = failedRecords.map((r) => r.replayOf!);
    for (const id of ids) expect(requestsFor([id])).toHaveLength(failedOriginals.includes(id) ? 2 : 1);
    const records = await stack.recordsOf(batch.id);
    expect(records).toHaveLength(15);
    expect(new Set(records.map((r) => r.runId)).size).toBe(15);
    const retried = records.filter((r) => failedOriginals.includes(r.replayOf!) && r.status === 'completed');
    expect(retried).toHaveLength(3);
    // The batch counts a replay's end before BullMQ marks its job completed: the last job may still be finishing.
    const retryJobs = async () => (await stack.replays.getJobs(['completed'], 0, -1)).filter((j) => j.data.batchId === batch.id && j.id!.endsWith('-retry-1'));
    expect(await eventually(retryJobs, (j) => j.length === 3, 5_000)).toHaveLength(3);

    // Nothing failed: nothing to retry, the batch as it is.
    const again = await act(ws, batch.id, 'retry-failed');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'completed', counts: { completed: 12 } });
  });

  it('refuses to retry a cancelled batch', async () => {
    const { batch } = await startBatch(ws, 3, { concurrency: 1 });
    await act(ws, batch.id, 'cancel');
    const res = await act(ws, batch.id, 'retry-failed');
    expect(res.status).toBe(409);
  });
});
