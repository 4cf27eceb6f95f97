import { randomUUID } from 'node:crypto';
import { RecordJobName, recordJobSchema, type RecordJob } from '@reprise/contracts';
import { Redis } from 'ioredis';
import { createRecordQueue, type RecordQueue } from '../../queues/queues.js';
import { GatheredRecords, oneByOne } from '../../queues/record-sink.js';
import { isolate, REDIS_URL } from '../support/isolation.js';

const suite = isolate();
let redis: Redis;
let queue: RecordQueue;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = createRecordQueue(redis, suite.prefix);
});
afterAll(async () => {
  await queue.close();
  redis.disconnect();
});
afterAll(() => suite.dispose());

function record(output: string): RecordJob {
  const at = new Date().toISOString();
  return recordJobSchema.parse({
    runId: randomUUID(),
    workspaceId: 'ws-sink',
    source: 'bulk',
    provider: 'stand-in',
    model: 'stand-in-model',
    requestBody: '{"model":"stand-in-model","messages":[]}',
    responseBody: null,
    output,
    toolNames: [],
    promptText: '',
    status: 'completed',
    error: null,
    usage: null,
    cost: null,
    latencyMs: 1,
    ttftMs: null,
    startedAt: at,
    endedAt: at,
  });
}

const queued = async () => queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'], 0, -1);

describe('record sinks', () => {
  afterEach(() => queue.obliterate({ force: true }));

  it('queues one job per record, its run id the job id', async () => {
    const sink = oneByOne(queue);
    const r = record('alone');
    await sink.add(r);
    await sink.add(r);
    const jobs = await queued();
    expect(jobs.map((j) => [j.name, j.id, j.data])).toEqual([[RecordJobName.One, r.runId, r]]);
  });

  it('queues a record that ends alone as a job of its own, its run id the job id', async () => {
    const sink = new GatheredRecords(queue, { maxBatch: 50, maxWaitMs: 2 });
    const first = record('alone');
    await sink.add(first);
    // Well after the first's wait: alone too.
    const second = record('alone again');
    await sink.add(second);
    const jobs = await queued();
    expect(jobs.map((j) => [j.name, j.id, j.data]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual(
      [
        [RecordJobName.One, first.runId, first],
        [RecordJobName.One, second.runId, second],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    await sink.close();
  });

  it('gathers records that end together into jobs of at most maxBatch, each add resolving once its job is queued', async () => {
    const sink = new GatheredRecords(queue, { maxBatch: 50, maxWaitMs: 20 });
    const records = Array.from({ length: 120 }, (_, i) => record(`run ${i}`));
    const seen: number[] = [];
    await Promise.all(
      records.map(async (r, i) => {
        await sink.add(r);
        // Queued by the time the add resolves: a run's terminal event follows its record.
        const jobs = await queued();
        expect(jobs.some((j) => 'records' in j.data && j.data.records.some((x) => x.runId === r.runId))).toBe(true);
        seen.push(i);
      }),
    );
    const jobs = await queued();
    expect(jobs.every((j) => j.name === RecordJobName.Many)).toBe(true);
    expect(jobs.map((j) => ('records' in j.data ? j.data.records.length : 0)).sort((a, b) => a - b)).toEqual([20, 50, 50]);
    expect(jobs.flatMap((j) => ('records' in j.data ? j.data.records : []))).toEqual(expect.arrayContaining(records));
    expect(seen).toHaveLength(120);
    await sink.close();
  });

  it('queues a lone record after maxWaitMs, and what is held on close', async () => {
    const sink = new GatheredRecords(queue, { maxBatch: 50, maxWaitMs: 30 });
    const lone = record('lone');
    const t0 = performance.now();
    await sink.add(lone);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    const held = record('held');
    const added = sink.add(held);
    await sink.close();
    await added;
    const jobs = await queued();
    // Each alone in its flush: a `record` job of its own.
    expect(jobs.map((j) => [j.name, 'records' in j.data ? null : j.data.output]).sort()).toEqual([
      [RecordJobName.One, 'held'],
      [RecordJobName.One, 'lone'],
    ]);
  });

  it('rejects every add of a job that could not be queued, and queues nothing of it', async () => {
    // Its connection closed under it: every command fails at once.
    const gone = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
    const broken = createRecordQueue(gone, suite.prefix);
    // The failures are the point: the queue's own report of them is not.
    broken.on('error', () => {});
    await broken.waitUntilReady();
    await gone.quit();
    const sink = new GatheredRecords(broken, { maxBatch: 3, maxWaitMs: 5 });
    const results = await Promise.allSettled([sink.add(record('a')), sink.add(record('b')), sink.add(record('c'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await queued()).toHaveLength(0);
    await broken.close().catch(() => {});
    broken.removeAllListeners();
  });
});
