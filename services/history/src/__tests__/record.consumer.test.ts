import { QueueName, RecordJobName, type RecordBatchJob, type RecordJob } from '@reprise/contracts';
import { silentLogger } from '@reprise/runtime';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { RequestRepository, requestModels } from '../models/request/index.js';
import { startRecordConsumer } from '../record.consumer.js';
import type { HistoryService } from '../server.js';
import { recordJob } from './support/fixtures.js';
import { startTestHistory } from './support/history.js';
import { deleteRedisKeys, REDIS_URL, testRedisPrefix } from './support/isolation.js';

const WS = 'ws-record';
let service: Awaited<ReturnType<typeof startTestHistory>>;
let history: HistoryService;
let requests: RequestRepository;
let redis: Redis;
let eventsRedis: Redis;
let queue: Queue<RecordJob | RecordBatchJob>;
let events: QueueEvents;

beforeAll(async () => {
  // startHistory's consumer, on the suite's own prefix: the queue below must reach it there.
  service = await startTestHistory();
  ({ history } = service);
  const { prefix } = service;
  requests = new RequestRepository(requestModels(history.connection), { ferretdb: true });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue<RecordJob | RecordBatchJob>(QueueName.Record, { connection: redis, prefix });
  // Its own connection: QueueEvents blocks on it.
  eventsRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  events = new QueueEvents(QueueName.Record, { connection: eventsRedis, prefix });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events?.close();
  await queue?.close();
  redis?.disconnect();
  eventsRedis?.disconnect();
  await service?.dispose();
});

/** Queues a record as the runner does (job id = run id unless given) and waits until history is done with it. */
async function deliver(data: unknown, jobId: string, attempts = 1): Promise<Job<RecordJob | RecordBatchJob>> {
  const job = await queue.add('record', data as RecordJob, { jobId, attempts, backoff: { type: 'fixed', delay: 10 } });
  await job.waitUntilFinished(events, 20_000);
  return job;
}

async function stored(runId: string) {
  return requests.page(WS, {}, 200).then((p) => p.items.filter((i) => i.record.runId === runId).map((i) => i.record));
}

describe('the record consumer', () => {
  it('stores runs that arrive together in one go, each once, leaving one already stored as it was', async () => {
    const WS_MANY = 'ws-record-many';
    const first = recordJob({ workspaceId: WS_MANY, output: 'stored first' });
    await deliver(first, first.runId);
    const many = Array.from({ length: 120 }, (_, i) => recordJob({ workspaceId: WS_MANY, output: `run ${i}` }));
    // The same run again, with another answer: it must not replace what is stored.
    const again = { ...first, output: 'delivered again' };
    const jobs = await queue.addBulk([...many, again].map((data, i) => ({ name: 'record', data, opts: { jobId: i === many.length ? `${first.runId}-again` : data.runId } })));
    await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 20_000)));
    const page = await requests.page(WS_MANY, {}, 200);
    expect(page.items).toHaveLength(121);
    expect(new Set(page.items.map((i) => i.record.id)).size).toBe(121);
    expect((await requests.findById(WS_MANY, first.runId))?.output).toBe('stored first');
    expect((await requests.findById(WS_MANY, many[7]!.runId))?.output).toBe('run 7');
  });

  it('stores the runs of a records job (bulk replays gathered by the worker), a run queued in two of them once', async () => {
    const WS_GATHERED = 'ws-record-gathered';
    const runs = Array.from({ length: 30 }, (_, i) => recordJob({ workspaceId: WS_GATHERED, output: `gathered ${i}` }));
    const first = await queue.add(RecordJobName.Many, { records: runs.slice(0, 20) });
    await first.waitUntilFinished(events, 20_000);
    // A worker that died between queueing its records and ending its runs runs them again: they come again, with other answers.
    const again = runs.slice(15, 20).map((r) => ({ ...r, output: 'ran again' }));
    const second = await queue.add(RecordJobName.Many, { records: [...again, ...runs.slice(20)] });
    await second.waitUntilFinished(events, 20_000);
    const page = await requests.page(WS_GATHERED, {}, 200);
    expect(page.items).toHaveLength(30);
    expect(new Set(page.items.map((i) => i.record.id))).toEqual(new Set(runs.map((r) => r.runId)));
    expect((await requests.findById(WS_GATHERED, runs[17]!.runId))?.output).toBe('gathered 17');
    expect((await requests.findById(WS_GATHERED, runs[25]!.runId))?.output).toBe('gathered 25');
  });

  it('stores what matches the contract in a records job and fails it, unretried, naming how many do not', async () => {
    const WS_MIXED = 'ws-record-mixed';
    const good = recordJob({ workspaceId: WS_MIXED });
    const bad = { ...recordJob({ workspaceId: WS_MIXED }), runId: 'not-a-uuid' };
    const job = await queue.add(RecordJobName.Many, { records: [good, bad] as RecordJob[] }, { attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow('1 of the job\'s 2 runs do not match the contract');
    expect((await queue.getJob(job.id!))?.attemptsMade).toBe(1);
    expect((await requests.findById(WS_MIXED, good.runId))?.runId).toBe(good.runId);
    expect(await requests.page(WS_MIXED, {}, 10).then((p) => p.items.length)).toBe(1);
  });

  it('stores a finished run as the worker described it, under the run id', async () => {
    const job = recordJob({ workspaceId: WS, source: 'replay', status: 'failed', error: { kind: 'rate_limited', message: 'slow down', status: 429 }, output: null, responseBody: null });
    await deliver(job, job.runId);
    expect(await requests.findById(WS, job.runId)).toEqual({
      id: job.runId,
      runId: job.runId,
      workspaceId: WS,
      source: 'replay',
      provider: job.provider,
      model: job.model,
      requestBody: job.requestBody,
      responseBody: null,
      output: null,
      // What it asked, read from the body: the last user message.
      prompt: 'what is the weather',
      status: 'failed',
      error: { kind: 'rate_limited', message: 'slow down', status: 429 },
      usage: job.usage,
      latencyMs: job.latencyMs,
      ttftMs: job.ttftMs,
      startedAt: job.startedAt,
      endedAt: job.endedAt,
      cost: job.cost,
      tags: [],
      metadata: {},
      score: null,
      externalId: null,
      replayOf: null,
      forkedFrom: null,
      batchId: null,
      reusedToolResults: [],
      judge: null,
    });
  });

  it("keeps the worker's cost, even none for a priced model with usage", async () => {
    const usage = { promptTokens: 1000, completionTokens: 1000, totalTokens: 2000 };
    const unpriced = recordJob({ workspaceId: WS, model: 'gpt-4o', usage, cost: null });
    const priced = recordJob({ workspaceId: WS, model: 'gpt-4o', usage, cost: 0.5 });
    await deliver(unpriced, unpriced.runId);
    await deliver(priced, priced.runId);
    expect((await requests.findById(WS, unpriced.runId))!.cost).toBeNull();
    expect((await requests.findById(WS, priced.runId))!.cost).toBe(0.5);
  });

  it('stores the bodies byte for byte and reads nothing from them', async () => {
    // Valid JSON that a parse and re-serialisation would change: odd spacing,
    // a __proto__ key, an integer beyond 2^53. Tool names and prompt differ
    // from the body's on purpose: they must come from the job.
    const requestBody =
      '{ "seed": 9007199254740993, "model":"gpt-4o-mini",\n  "__proto__": {"admin": true}, "messages": [{"role":"user","content":"Body Prompt"}],' +
      ' "tools": [{"type":"function","function":{"name":"body_tool"}}] }';
    const responseBody = '{"choices":[{"index":0,"message":{"role":"assistant","content":"Body Answer"}}],"n":12345678901234567890}';
    const job = recordJob({ workspaceId: WS, requestBody, responseBody, toolNames: ['job_tool', 'other_tool'], promptText: 'Job Prompt', output: 'Job Answer' });
    await deliver(job, job.runId);

    const record = await requests.findById(WS, job.runId);
    expect(record!.requestBody).toBe(requestBody);
    expect(record!.responseBody).toBe(responseBody);
    expect(record!.output).toBe('Job Answer');
    const searchFor = async (text: string) => (await requests.page(WS, { text }, 10)).items.map((i) => i.record.id);
    expect(await searchFor('job prompt\njob answer')).toEqual([job.runId]);
    expect(await searchFor('body prompt')).toEqual([]);
    expect(await searchFor('body answer')).toEqual([]);
    // Tool names are kept for filters to come; no API returns them yet.
    const doc = await history.connection.collection('requests').findOne({ _id: job.runId as never });
    expect(doc!.toolNames).toEqual(['job_tool', 'other_tool']);
  });

  it('stores bodies that are not JSON at all, as received', async () => {
    const job = recordJob({ workspaceId: WS, requestBody: 'not json {', responseBody: 'data: {"partial":' });
    await deliver(job, job.runId);
    expect(await requests.findById(WS, job.runId)).toMatchObject({ requestBody: 'not json {', responseBody: 'data: {"partial":' });
  });

  it('stores a run delivered twice once, and the second delivery changes nothing', async () => {
    const job = recordJob({ workspaceId: WS });
    await deliver(job, job.runId);
    // A user's edits in between must survive the redelivery.
    await requests.setTags(WS, job.runId, ['kept']);
    await requests.setScore(WS, job.runId, 1);
    const before = await requests.findById(WS, job.runId);
    const listed = await stored(job.runId);
    expect(listed).toHaveLength(1);

    const again = await deliver(job, `${job.runId}-again`);
    expect(await again.getState()).toBe('completed');
    expect(await stored(job.runId)).toEqual(listed);
    expect(await requests.findById(WS, job.runId)).toEqual(before);
  });

  it('stores a run once when its job id comes back after the first job completed and was removed', async () => {
    const job = recordJob({ workspaceId: WS });
    const first = await deliver(job, job.runId);
    await requests.setTags(WS, job.runId, ['kept']);
    const before = await requests.findById(WS, job.runId);
    const listed = await stored(job.runId);
    await first.remove();

    const again = await deliver(job, job.runId);
    expect(await again.getState()).toBe('completed');
    expect(await stored(job.runId)).toEqual(listed);
    expect(await requests.findById(WS, job.runId)).toEqual(before);
  });

  it("records a bulk replay's flags from the original it brings, reading none", async () => {
    // The original was never stored: only the summary the job carries can make it unchanged.
    const original = { status: 'completed' as const, text: 'sunny', calls: [], usage: { promptTokens: 8, completionTokens: 5, totalTokens: 13 }, latencyMs: 400, cost: 0.0001 };
    const job = recordJob({ workspaceId: WS, source: 'bulk', replayOf: 'never-stored', batchId: 'b-consumer', original, latencyMs: 450 });
    await deliver(job, job.runId);
    const doc = await history.connection.collection('requests').findOne({ _id: job.runId as never });
    expect(doc).toMatchObject({ replayOf: 'never-stored', outcome: 'unchanged', originalMissing: false, latencyDeltaMs: 50 });
    expect(doc).not.toHaveProperty('original');
  });

  it('fails a job outside the contract at once, without retries, and stores nothing', async () => {
    // A record from before toolNames and promptText joined the contract.
    const { toolNames: _t, promptText: _p, ...outdated } = recordJob({ workspaceId: WS });
    await expect(deliver(outdated, outdated.runId, 5)).rejects.toThrow(/does not match the contract/);
    const job = await queue.getJob(outdated.runId);
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(await requests.findById(WS, outdated.runId)).toBeNull();
  });
});

/** The repository's own code, each call to recordRuns noted, and the first `failing` of them refused as a database away would. */
class NotingRepository extends RequestRepository {
  readonly inserts: number[] = [];
  failing = 0;

  override async recordRuns(jobs: readonly RecordJob[]): Promise<void> {
    this.inserts.push(jobs.length);
    if (this.failing > 0) {
      this.failing--;
      throw new Error('database away');
    }
    return super.recordRuns(jobs);
  }
}

describe('gathering runs into inserts', () => {
  const prefix = testRedisPrefix();
  const WS_GATHER = 'ws-record-gather';
  let noted: NotingRepository;
  let consumer: ReturnType<typeof startRecordConsumer>;
  let consumerRedis: Redis;
  let gatherQueue: Queue<RecordJob>;
  let gatherEvents: QueueEvents;
  let gatherEventsRedis: Redis;

  beforeAll(async () => {
    noted = new NotingRepository(requestModels(history.connection), { ferretdb: true });
    consumerRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    // A wait long enough for a loaded machine to hand the worker all 50 before the first insert.
    consumer = startRecordConsumer({ connection: consumerRedis, prefix, concurrency: 50, requests: noted, logger: silentLogger(), maxWaitMs: 1000 });
    gatherQueue = new Queue<RecordJob>(QueueName.Record, { connection: redis, prefix });
    gatherEventsRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    gatherEvents = new QueueEvents(QueueName.Record, { connection: gatherEventsRedis, prefix });
    await gatherEvents.waitUntilReady();
  });

  afterAll(async () => {
    await consumer?.close();
    await gatherEvents?.close();
    await gatherQueue?.close();
    consumerRedis?.disconnect();
    gatherEventsRedis?.disconnect();
    await deleteRedisKeys(prefix);
  });

  const queueRuns = (runs: RecordJob[], opts: { attempts?: number } = {}) =>
    gatherQueue.addBulk(runs.map((data) => ({ name: 'record', data, opts: { jobId: data.runId, backoff: { type: 'fixed', delay: 10 }, ...opts } })));

  it('stores 50 runs queued together in one insert, each job completed and each run stored once', async () => {
    noted.inserts.length = 0;
    const runs = Array.from({ length: 50 }, (_, i) => recordJob({ workspaceId: WS_GATHER, output: `gathered ${i}` }));
    const jobs = await queueRuns(runs);
    await Promise.all(jobs.map((job) => job.waitUntilFinished(gatherEvents, 20_000)));
    expect(noted.inserts).toEqual([50]);
    const states = await Promise.all(jobs.map(async (job) => (await gatherQueue.getJob(job.id!))!.getState()));
    expect(new Set(states)).toEqual(new Set(['completed']));
    const page = await requests.page(WS_GATHER, {}, 200);
    expect(page.items.map((i) => i.record.id).sort()).toEqual(runs.map((r) => r.runId).sort());
  });

  it('fails every job of an insert that failed, and their retries store each run once', async () => {
    noted.inserts.length = 0;
    noted.failing = 1;
    const WS_RETRY = 'ws-record-gather-retry';
    const runs = Array.from({ length: 50 }, (_, i) => recordJob({ workspaceId: WS_RETRY, output: `retried ${i}` }));
    const jobs = await queueRuns(runs, { attempts: 3 });
    await Promise.all(jobs.map((job) => job.waitUntilFinished(gatherEvents, 20_000)));
    // The first insert of all 50 failed; their retries came back together or in parts, each run in exactly one that succeeded.
    expect(noted.inserts[0]).toBe(50);
    expect(noted.inserts.slice(1).reduce((a, b) => a + b, 0)).toBe(50);
    const attempts = await Promise.all(jobs.map(async (job) => (await gatherQueue.getJob(job.id!))!.attemptsMade));
    expect(new Set(attempts)).toEqual(new Set([2]));
    const page = await requests.page(WS_RETRY, {}, 200);
    expect(page.items).toHaveLength(50);
    expect(new Set(page.items.map((i) => i.record.id)).size).toBe(50);
  });
});
