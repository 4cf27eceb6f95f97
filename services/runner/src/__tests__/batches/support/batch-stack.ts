import { QueueName, batchSchema, type Batch, type RecordBatchJob, type RecordJob, type RunJob } from '@reprise/contracts';
import { createLogger, silentLogger } from '@reprise/runtime';
import { Queue } from 'bullmq';
import { startRunnerApi, type RunnerApi, type RunnerApiOptions } from '../../../api/server.js';
import type { ProviderRegistryOptions } from '../../../providers/provider-registry.js';
import { startRunWorker, type RunWorker, type RunWorkerOptions } from '../../../worker.js';
import { isolate, REDIS_URL, type Isolation } from '../../support/isolation.js';
import { startModelProvider, type ModelProvider, type ModelProviderOptions } from '../../support/model-provider.js';
import { eventually } from '../../support/run-stream.js';
import { startHistoryStandIn, type HistoryStandIn } from './history-stand-in.js';
import { startJudgeStandIn, type JudgeStandIn } from './judge-stand-in.js';

export interface StackOptions {
  upstream?: ModelProviderOptions;
  batches?: RunnerApiOptions['batches'];
  replays?: RunWorkerOptions['replays'];
  /** Start a worker with the API. @default true */
  worker?: boolean;
  /** Also offer the stand-in model provider as `simulator`, as a worker started from env (worker.main.ts) knows it. */
  simulator?: boolean;
  /** The in-process worker's lock duration and stalled check. @default 30_000 */
  stalledMs?: number;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * What a batch test runs against, each file its own: the stand-in model
 * provider (`stand-in`, the default, at $1/$2 per M tokens), a judge
 * (`judge`, $10/$20), history's stand-in, a runner API and a worker, all on
 * the file's own Redis prefix and database.
 */
export interface BatchStack {
  suite: Isolation;
  upstream: ModelProvider;
  history: HistoryStandIn;
  judge: JudgeStandIn;
  api(): RunnerApi;
  startApi(): Promise<void>;
  stopApi(): Promise<void>;
  startWorker(replays?: RunWorkerOptions['replays']): Promise<void>;
  stopWorker(): Promise<void>;
  records: Queue<RecordJob | RecordBatchJob>;
  replays: Queue<RunJob>;
  post<T = unknown>(path: string, body: unknown): Promise<HttpAnswer<T>>;
  get<T = unknown>(path: string): Promise<HttpAnswer<T>>;
  /** The batch, read through the API until `check` holds. */
  until(workspaceId: string, batchId: string, check: (b: Batch) => boolean, timeoutMs?: number): Promise<Batch>;
  /**
   * A batch's records as history would store them (it is not running here):
   * from the record jobs, gathered or one each, the first queued of each run.
   */
  recordsOf(batchId: string): Promise<RecordJob[]>;
  close(): Promise<void>;
}

export async function startBatchStack(options: StackOptions = {}): Promise<BatchStack> {
  const suite = isolate();
  const upstream = await startModelProvider(options.upstream);
  const history = await startHistoryStandIn();
  const judge = await startJudgeStandIn();
  const providers: ProviderRegistryOptions = {
    providers: [
      { id: 'stand-in', label: 'Stand-in', baseURL: upstream.url, apiKey: 'stand-in-key', models: ['stand-in-model'], prices: { 'stand-in-model': { input: 1, output: 2 } } },
      { id: 'judge', label: 'Judge', baseURL: judge.url, apiKey: 'judge-key', models: ['judge-model'], prices: { 'judge-model': { input: 10, output: 20 } } },
      ...(options.simulator ? [{ id: 'simulator', label: 'Local simulator', baseURL: upstream.url, apiKey: 'simulator', models: ['sim-fast', 'sim-large'] }] : []),
    ],
    defaultProvider: 'stand-in',
    database: suite.database,
  };
  let api: RunnerApi | null = null;
  let worker: RunWorker | null = null;
  // BATCH_TEST_LOGS=warn (or debug) shows what the API and the worker log.
  const logger = process.env.BATCH_TEST_LOGS ? createLogger({ name: 'batch-test', level: process.env.BATCH_TEST_LOGS as 'warn' }) : silentLogger();

  const stack: BatchStack = {
    suite,
    upstream,
    history,
    judge,
    api: () => api!,
    async startApi() {
      api = await startRunnerApi({
        redisUrl: REDIS_URL,
        redisPrefix: suite.prefix,
        providers,
        batches: { historyUrl: history.url, publishMs: 100, syncMs: 200, claimMs: 3000, scanMs: 1000, ...options.batches },
        logger,
      });
    },
    async stopApi() {
      await api?.close();
      api = null;
    },
    async startWorker(replays = options.replays) {
      worker = await startRunWorker({
        redisUrl: REDIS_URL,
        redisPrefix: suite.prefix,
        providers,
        concurrency: 10,
        streamTtlSeconds: 120,
        stalledMs: options.stalledMs,
        retry: { baseDelayMs: 20 },
        replays: { publishMs: 100, syncMs: 200, ...replays },
        logger,
      });
    },
    async stopWorker() {
      await worker?.close();
      worker = null;
    },
    records: new Queue(QueueName.Record, { connection: suite.redis, prefix: suite.prefix }),
    replays: new Queue(QueueName.Replays, { connection: suite.redis, prefix: suite.prefix }),
    async post<T>(path: string, body: unknown) {
      const res = await fetch(`${api!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as T };
    },
    async get<T>(path: string) {
      const res = await fetch(`${api!.url}${path}`);
      return { status: res.status, body: (await res.json()) as T };
    },
    async until(workspaceId, batchId, check, timeoutMs = 30_000) {
      const read = async () => batchSchema.parse((await stack.get(`/batches/${batchId}?workspaceId=${workspaceId}`)).body);
      return eventually(read, check, timeoutMs);
    },
    async recordsOf(batchId) {
      const jobs = await stack.records.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'], 0, -1);
      jobs.sort((a, b) => a.timestamp - b.timestamp || Number(a.id) - Number(b.id));
      const stored = new Map<string, RecordJob>();
      for (const r of jobs.flatMap((j) => ('records' in j.data ? j.data.records : [j.data]))) {
        if (r.batchId === batchId && !stored.has(r.runId)) stored.set(r.runId, r);
      }
      return [...stored.values()];
    },
    async close() {
      await upstream.close();
      await Promise.allSettled([stack.stopWorker(), stack.stopApi()]);
      await Promise.allSettled([history.close(), judge.close(), stack.records.close(), stack.replays.close()]);
    },
  };
  await stack.startApi();
  if (options.worker !== false) await stack.startWorker();
  return stack;
}
