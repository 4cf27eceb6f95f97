import { isTerminal, QueueName, recordJobSchema, RunPriority, type RecordBatchJob, type RecordJob, type RunEvent, type RunJob } from '@reprise/contracts';
import { silentLogger } from '@reprise/runtime';
import { Queue } from 'bullmq';
import type { ProviderConfig } from '../../providers/provider-registry.js';
import { startRunWorker, type RunWorker, type RunWorkerOptions } from '../../worker.js';
import { REDIS_URL, type Isolation } from './isolation.js';
import { startModelProvider, type ModelProvider, type ModelProviderOptions } from './model-provider.js';
import { testRun, type TestRun, type TestRunOptions } from './run-job.js';
import { eventually, untilEnded } from './run-stream.js';

/** A run worker on the suite's prefix, a recording stand-in for its providers, and what a test reads runs back with. */
export interface WorkerHarness {
  upstream: ModelProvider;
  worker: RunWorker;
  runs: Queue<RunJob>;
  records: Queue<RecordJob | RecordBatchJob>;
  /** Queues a test run (see testRun) as the runner API does: interactive, three attempts. */
  queueRun(request?: Record<string, unknown>, options?: TestRunOptions): Promise<TestRun>;
  /** The run's events once it has ended. */
  ended(run: TestRun): Promise<RunEvent[]>;
  /** The one record job of the run, checked against the contract as history checks it. */
  recordOf(run: TestRun): Promise<RecordJob>;
  /** The stand-in first: a stream it still holds open ends, so no run keeps the worker from closing. */
  close(): Promise<void>;
}

export interface WorkerHarnessOptions {
  /** The worker's providers, given the stand-in. @default one, `stand-in`, on the stand-in */
  providers?: (upstream: ModelProvider) => ProviderConfig[];
  upstream?: ModelProviderOptions;
  worker?: Partial<Pick<RunWorkerOptions, 'concurrency' | 'retry' | 'streamTtlSeconds'>>;
}

export async function startWorkerHarness(suite: Isolation, options: WorkerHarnessOptions = {}): Promise<WorkerHarness> {
  const upstream = await startModelProvider(options.upstream);
  const providers = options.providers?.(upstream) ?? [{ id: 'stand-in', label: 'Stand-in', baseURL: upstream.url, apiKey: 'stand-in-key', models: ['stand-in-model'] }];
  const worker = await startRunWorker({
    redisUrl: REDIS_URL,
    redisPrefix: suite.prefix,
    providers: { providers, database: suite.database },
    concurrency: 10,
    streamTtlSeconds: 60,
    retry: { baseDelayMs: 20 },
    logger: silentLogger(),
    ...options.worker,
  });
  const runs = new Queue<RunJob>(QueueName.Runs, { connection: suite.redis, prefix: suite.prefix });
  const records = new Queue<RecordJob | RecordBatchJob>(QueueName.Record, { connection: suite.redis, prefix: suite.prefix });
  return {
    upstream,
    worker,
    runs,
    records,
    async queueRun(request = {}, runOptions = {}) {
      const run = testRun(upstream, request, runOptions);
      await runs.add('run', run.job, { jobId: run.runId, priority: RunPriority.Interactive, attempts: 3 });
      return run;
    },
    ended: ({ runId }) => untilEnded(suite.redis, suite.keys, runId),
    async recordOf({ runId }) {
      // Its own `record` job (job id = run id), or one of a `records` job's runs (runs that ended together).
      const found = await eventually(
        async (): Promise<RecordJob | RecordBatchJob | undefined> => {
          const own = await records.getJob(runId);
          if (own) return own.data;
          const gathered = await records.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'], 0, -1);
          return gathered.flatMap((j) => ('records' in j.data ? j.data.records : [])).find((r) => r.runId === runId);
        },
        (r) => r !== undefined,
      );
      return recordJobSchema.parse(found);
    },
    async close() {
      await upstream.close();
      await worker.close();
      await Promise.all([runs.close(), records.close()]);
    },
  };
}

/** Exactly one terminal event, and it is the last. */
export function terminalOf(events: RunEvent[]) {
  expect(events.filter(isTerminal)).toHaveLength(1);
  const last = events.at(-1)!;
  expect(isTerminal(last)).toBe(true);
  return last;
}

/** The text the run's deltas add up to. */
export const streamedText = (events: RunEvent[]) => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
