import { isTerminal, QueueName, RUN_EVENT_FIELD, RunPriority, type RunJob } from '@reprise/contracts';
import { silentLogger } from '@reprise/runtime';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ProviderLimiter } from '../../limits/provider-limiter.js';
import { DEFAULT_RETRY_POLICY } from '../../providers/provider-errors.js';
import { openProviderRegistry, type ProviderRegistry } from '../../providers/provider-registry.js';
import { CancelSignals } from '../../queues/cancellation.js';
import { createRecordQueue, createRedis, type RecordQueue } from '../../queues/queues.js';
import { oneByOne } from '../../queues/record-sink.js';
import { createRunProcessor } from '../../queues/run.processor.js';
import { CLOSE_TIMEOUT_MS, isolate, REDIS_URL } from '../support/isolation.js';
import { startModelProvider, type ModelProvider } from '../support/model-provider.js';
import { testRun, type TestRun } from '../support/run-job.js';
import { eventually, untilEnded } from '../support/run-stream.js';

/**
 * A job BullMQ hands out again (its worker died, or failed on our own
 * fault) runs through the same processor: these wrap it in a real Worker
 * that fails the first attempt after, or before, the run's own work.
 */
const suite = isolate();
const logger = silentLogger();
let upstream: ModelProvider;
let providers: ProviderRegistry;
let records: RecordQueue;
let runs: Queue<RunJob>;
let cancels: CancelSignals;
let worker: Worker<RunJob>;
let processRun: (job: Job<RunJob>) => Promise<void>;
const connections: Redis[] = [];
const connection = (redis: Redis) => (connections.push(redis), redis);

/** What the first attempt of a job does besides (or instead of) running it. */
const firstAttempt = new Map<string, (job: Job<RunJob>) => Promise<void>>();

beforeAll(async () => {
  upstream = await startModelProvider();
  providers = await openProviderRegistry(
    { providers: [{ id: 'stand-in', label: 'Stand-in', baseURL: upstream.url, apiKey: 'k', models: ['stand-in-model'] }], database: suite.database },
    { redisUrl: REDIS_URL, keys: suite.keys, logger },
  );
  const events = connection(new Redis(REDIS_URL, { maxRetriesPerRequest: null }));
  cancels = new CancelSignals(events, connection(new Redis(REDIS_URL, { maxRetriesPerRequest: null })), suite.keys, logger);
  await cancels.start();
  records = createRecordQueue(connection(createRedis(REDIS_URL, 'worker')), suite.prefix);
  processRun = createRunProcessor({
    providers,
    redis: events,
    keys: suite.keys,
    records: oneByOne(records),
    cancels,
    limiter: new ProviderLimiter({ redis: connection(new Redis(REDIS_URL)), keys: suite.keys }),
    retry: DEFAULT_RETRY_POLICY,
    streamTtlSeconds: 60,
    logger,
  });
  worker = new Worker<RunJob>(
    QueueName.Runs,
    async (job) => {
      const first = job.attemptsStarted === 1 ? firstAttempt.get(job.data.runId) : undefined;
      if (first) return first(job);
      return processRun(job);
    },
    { connection: connection(createRedis(REDIS_URL, 'worker')), prefix: suite.prefix },
  );
  runs = new Queue(QueueName.Runs, { connection: suite.redis, prefix: suite.prefix });
  await worker.waitUntilReady();
});

afterAll(async () => {
  // The stand-in first: a stream it still holds open ends, so no run keeps the worker from closing.
  await upstream?.close();
  await worker?.close();
  await Promise.all([runs?.close(), records?.close(), cancels?.close(), providers?.close()]);
  for (const redis of connections) redis.disconnect();
}, CLOSE_TIMEOUT_MS);
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

async function queueRun(first: (job: Job<RunJob>) => Promise<void>): Promise<TestRun> {
  const run = testRun(upstream);
  firstAttempt.set(run.runId, first);
  await runs.add('run', run.job, { jobId: run.runId, priority: RunPriority.Interactive, attempts: 2, backoff: { type: 'fixed', delay: 10 } });
  return run;
}

const finishedJob = (runId: string) => eventually(() => runs.getJob(runId).then((j) => j?.getState()), (state) => state === 'completed' || state === 'failed');

describe('a job taken again', () => {
  it('after its run ended adds no second terminal event, no second record and no second call', async () => {
    const run = await queueRun(async (job) => {
      await processRun(job);
      throw new Error('the worker was lost after the run ended');
    });
    expect(await finishedJob(run.runId)).toBe('completed');
    const events = await untilEnded(suite.redis, suite.keys, run.runId);
    expect(events.filter(isTerminal)).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['started', ...events.slice(1, -1).map(() => 'delta'), 'completed']);
    expect(run.requests()).toHaveLength(1);
    const queued = await records.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    expect(queued.filter((j) => 'runId' in j.data && j.data.runId === run.runId)).toHaveLength(1);
  });

  it('after its worker died mid-run starts it again, announced, and ends it once', async () => {
    const run = await queueRun(async () => {
      // What a worker that died after starting the run leaves behind.
      await suite.redis.xadd(suite.keys.runStream(run.runId), '*', RUN_EVENT_FIELD, JSON.stringify({ type: 'started', provider: 'stand-in', model: 'stand-in-model', at: new Date().toISOString() }));
      throw new Error('the worker died mid-run');
    });
    const events = await untilEnded(suite.redis, suite.keys, run.runId);
    expect(events[1]).toMatchObject({ type: 'retrying', attempt: 2, delayMs: 0, discardOutput: true, error: { kind: 'internal' } });
    expect(events.filter(isTerminal)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'completed', message: { content: 'Hello world' } });
    expect(run.requests()).toHaveLength(1);
    expect((await records.getJob(run.runId))?.data).toMatchObject({ status: 'completed', output: 'Hello world' });
  });
});
