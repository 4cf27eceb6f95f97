import { batchSchema, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS } from '../support/isolation.js';
import { eventually } from '../support/run-stream.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';

let stack: BatchStack;

beforeAll(async () => {
  stack = await startBatchStack({ worker: false });
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

async function startBatch(ws: string, n: number, options: object = {}): Promise<{ batch: Batch; ids: string[] }> {
  const tag = `tag-${Math.random().toString(36).slice(2)}`;
  const ids = stack.history.add(ws, Array.from({ length: n }, () => ({ tags: [tag] }))).map((r) => r.id);
  const res = await stack.post('/batches', { workspaceId: ws, selection: { filter: { tagsAny: [tag] } }, options });
  expect(res.status).toBe(201);
  return { batch: batchSchema.parse(res.body), ids };
}

const stateOf = (id: string) => stack.suite.redis.hgetall(stack.suite.keys.batchState(id));
const replayJobsOf = async (batchId: string) =>
  (await stack.replays.getJobs(['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'], 0, -1)).filter((j) => j.data.batchId === batchId);
const docOf = (id: string) => stack.suite.db().collection('batches').findOne({ _id: id as never });

describe('a runner API stopped while enqueuing', () => {
  const ws = 'ws-restart';

  it('is taken up by the next one, which queues the rest without a duplicate, and every request is replayed once', async () => {
    stack.history.lineDelayMs = 40;
    stack.history.lineDelayEvery = 50;
    const { batch, ids } = await startBatch(ws, 2000, { concurrency: 50 });
    await eventually(() => stateOf(batch.id), (s) => Number(s.cursor) >= 400, 20_000);
    await stack.stopApi();

    const stopped = await stateOf(batch.id);
    expect(stopped.enqueued).toBe('0');
    expect(Number(stopped.cursor)).toBeLessThan(2000);
    expect((await docOf(batch.id))?.enqueue.done).toBe(false);
    const before = await replayJobsOf(batch.id);
    expect(before.length).toBe(Number(stopped.cursor));

    stack.history.lineDelayMs = 0;
    await stack.startApi();
    await eventually(() => stateOf(batch.id), (s) => s.enqueued === '1', 20_000);
    await eventually(() => docOf(batch.id), (d) => d?.enqueue.done === true, 5000);

    const jobs = await replayJobsOf(batch.id);
    expect(jobs).toHaveLength(2000);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(2000);
    expect(new Set(jobs.map((j) => j.data.replayOf))).toEqual(new Set(ids));
    expect(jobs.every((j) => j.id === j.data.runId)).toBe(true);
    // Both APIs' reads of the selection, and the create's check of it, asked for the same requests: those started before the batch was created.
    const reads = stack.history.selections.filter((s) => s.workspaceId === ws);
    const checks = stack.history.idLookups.filter((s) => s.workspaceId === ws);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(checks).toHaveLength(1);
    expect(new Set([...reads, ...checks].map((s) => s.startedBefore)).size).toBe(1);
    expect((await stateOf(batch.id)).total).toBe('2000');

    await stack.startWorker();
    try {
      const done = await stack.until(ws, batch.id, (b) => b.status === 'completed', 60_000);
      expect(done.counts).toMatchObject({ total: 2000, completed: 2000 });
      const sent = stack.upstream.chatRequests().filter((r) => r.body.includes('Hello '));
      const perRequest = new Map<string, number>();
      for (const r of sent) {
        const id = ids.find((i) => r.body.includes(i));
        if (id) perRequest.set(id, (perRequest.get(id) ?? 0) + 1);
      }
      expect(perRequest.size).toBe(2000);
      expect([...perRequest.values()].every((n) => n === 1)).toBe(true);
      const records = await stack.recordsOf(batch.id);
      expect(records).toHaveLength(2000);
    } finally {
      await stack.stopWorker();
    }
  });
});

describe('a selection cut off mid-way', () => {
  const ws = 'ws-cut';

  it('is read again from the cursor, and every request is queued once', async () => {
    stack.history.lineDelayMs = 0;
    const ids = stack.history.add(ws, Array.from({ length: 1200 }, () => ({ tags: ['cut'] }))).map((r) => r.id);
    // The create's own check reads ids only; the enqueuer's first read, the next selection, is cut after 700 lines.
    stack.history.cut = { read: stack.history.selections.length + 1, after: 700 };
    const res = await stack.post<Batch>('/batches', { workspaceId: ws, selection: { filter: { tagsAny: ['cut'] } } });
    expect(res.status).toBe(201);
    const batch = batchSchema.parse(res.body);
    await eventually(() => stateOf(batch.id), (s) => s.enqueued === '1', 20_000);
    const jobs = await replayJobsOf(batch.id);
    expect(jobs).toHaveLength(1200);
    expect(new Set(jobs.map((j) => j.data.replayOf))).toEqual(new Set(ids));
    const reads = stack.history.selections.filter((s) => s.workspaceId === ws);
    expect(reads).toHaveLength(2);
    await stack.post(`/batches/${batch.id}/cancel`, { workspaceId: ws });
  });
});

describe('the first replays', () => {
  const ws = 'ws-first';

  it('start while the rest of the batch is still being queued', async () => {
    await stack.startWorker();
    try {
      // About 5 s of streaming: the first replays are recorded long before the last request is read.
      stack.history.lineDelayMs = 100;
      stack.history.lineDelayEvery = 20;
      const { batch } = await startBatch(ws, 1000, { concurrency: 20 });
      const first = await eventually(() => stack.recordsOf(batch.id), (r) => r.length > 0, 20_000);
      expect(first.length).toBeGreaterThan(0);
      // Read after the records: a replay was recorded before the enqueuer was done.
      expect((await stateOf(batch.id)).enqueued).toBe('0');
      stack.history.lineDelayMs = 0;
      await stack.until(ws, batch.id, (b) => b.status === 'completed', 30_000);
    } finally {
      await stack.stopWorker();
    }
  });
});

describe('enqueueing 10,000 requests', () => {
  const ws = 'ws-ten-thousand';

  it('queues the first jobs at once, records the first result within seconds, and queues them all within seconds', async () => {
    stack.history.lineDelayMs = 0;
    const ids = stack.history.add(ws, Array.from({ length: 10_000 }, () => ({ tags: ['ten-thousand'] }))).map((r) => r.id);
    expect(ids).toHaveLength(10_000);
    await stack.startWorker();
    try {
      const recordsBefore = await stack.records.getJobCountByTypes('waiting', 'prioritized', 'completed');
      const jobsBefore = await replayJobCount();
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const res = await stack.post<Batch>('/batches', { workspaceId: ws, selection: { filter: { tagsAny: ['ten-thousand'] } }, options: { concurrency: 100 } });
      const answeredMs = performance.now() - t0;
      expect(res.status).toBe(201);
      await eventually(() => replayJobCount(), (n) => n > jobsBefore, 10_000);
      const firstJobMs = performance.now() - t0;
      await eventually(() => stack.records.getJobCountByTypes('waiting', 'prioritized', 'completed'), (n) => n > recordsBefore, 10_000);
      const firstResultMs = performance.now() - t0;
      await eventually(() => stateOf(res.body.id), (s) => s.enqueued === '1', 60_000);
      const allMs = performance.now() - t0;
      const { user, system } = process.cpuUsage(cpu);
      process.stdout.write(
        `enqueue of 10,000: answered in ${answeredMs.toFixed(0)} ms, first job queued at ${firstJobMs.toFixed(0)} ms, ` +
          `first result recorded at ${firstResultMs.toFixed(0)} ms, all queued at ${allMs.toFixed(0)} ms ` +
          `(${((user + system) / 1000).toFixed(0)} ms CPU in this process: API, worker, stand-ins)\n`,
      );
      expect((await stateOf(res.body.id)).total).toBe('10000');
      // Loose bounds: a shared test machine's load varies; the figures above are the measurement.
      expect(firstResultMs).toBeLessThan(15_000);
      expect(allMs).toBeLessThan(60_000);
      await stack.post(`/batches/${res.body.id}/cancel`, { workspaceId: ws });
    } finally {
      await stack.stopWorker();
    }
  });
});

/** Jobs on the replays queue, any state. */
const replayJobCount = () => stack.replays.getJobCountByTypes('waiting', 'prioritized', 'active', 'delayed', 'completed');
