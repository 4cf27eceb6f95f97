import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { batchSchema, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS, REDIS_URL } from '../support/isolation.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';

/**
 * A worker process killed in the middle of a batch: its replays in flight
 * are taken up by another worker (BullMQ's stalled check) and go through
 * the gate again holding the slots they had; every request ends once and
 * is recorded once, and the batch's counts add up.
 */
let stack: BatchStack;
let child: ChildProcess | null = null;

beforeAll(async () => {
  stack = await startBatchStack({
    worker: false,
    simulator: true,
    stalledMs: 1500,
    upstream: { fallback: { kind: 'stream', content: ['one', ' two', ' three', ' four'], delayMs: 20, usage: { prompt_tokens: 10, completion_tokens: 4 } } },
  });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await stack?.close();
}, CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

/** The worker process as deployed (worker.main.ts), its env pointing at this file's Redis prefix, database and stand-in. */
function spawnWorker(): ChildProcess {
  const entry = fileURLToPath(new URL('../../worker.main.ts', import.meta.url));
  const { database, prefix } = stack.suite;
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry], {
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      MONGO_URL: database.mongoUrl,
      RUNNER_DB: database.dbName,
      PROVIDER_ENCRYPTION_KEY: database.encryptionKey,
      SIMULATOR_URL: stack.upstream.url,
      DEFAULT_PROVIDER: 'simulator',
      STALLED_MS: '1500',
      BULK_WORKER_CONCURRENCY: '30',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

it('replays and records every request once when a worker is killed mid-batch', async () => {
  const ws = 'ws-killed';
  const ids = stack.history.add(ws, Array.from({ length: 300 }, () => ({ provider: 'simulator', model: 'sim-fast', tags: ['killed'] }))).map((r) => r.id);
  const res = await stack.post<Batch>('/batches', { workspaceId: ws, selection: { filter: { tagsAny: ['killed'] } }, options: { concurrency: 20 } });
  expect(res.status).toBe(201);
  const batch = batchSchema.parse(res.body);

  child = spawnWorker();
  const midway = await stack.until(ws, batch.id, (b) => b.counts.completed >= 60 && b.counts.running > 0, 30_000);
  expect(midway.counts.completed).toBeLessThan(300);
  child.kill('SIGKILL');
  await once(child, 'exit');
  child = null;

  await stack.startWorker();
  const done = await stack.until(ws, batch.id, (b) => b.status === 'completed', 30_000);
  expect(done.counts).toEqual({ total: 300, queued: 0, running: 0, completed: 300, failed: 0, cancelled: 0, skipped: 0 });

  const records = await stack.recordsOf(batch.id);
  expect(records).toHaveLength(300);
  expect(new Set(records.map((r) => r.replayOf))).toEqual(new Set(ids));
  expect(new Set(records.map((r) => r.runId)).size).toBe(300);
  expect(records.every((r) => r.status === 'completed')).toBe(true);
  const sends = new Map<string, number>();
  for (const r of stack.upstream.chatRequests()) {
    const id = ids.find((i) => r.body.includes(i));
    if (id) sends.set(id, (sends.get(id) ?? 0) + 1);
  }
  expect(sends.size).toBe(300);
  const twice = [...sends.values()].filter((n) => n > 1).length;
  // Those in flight at the kill (at most the batch's concurrency), whose end was not counted, ran again; no other.
  expect(twice).toBeGreaterThan(0);
  expect(twice).toBeLessThanOrEqual(20);
  expect([...sends.values()].every((n) => n <= 2)).toBe(true);
  // No slot is left taken.
  expect(await stack.suite.redis.zcard(`${stack.suite.prefix}:batch:${batch.id}:leases`)).toBe(0);
  // Each wait above is shorter than this, so a stuck batch fails with its counts rather than a bare timeout.
}, 90_000);

it('counts a replay failed whose workers keep dying, so its batch still ends', async () => {
  // Only the processes started here take jobs: the in-process worker of the test before is stopped.
  await stack.stopWorker();
  const ws = 'ws-stalled';
  stack.history.add(ws, [{ provider: 'simulator', model: 'sim-fast', tags: ['stalls'] }]);
  // Every attempt hangs at the provider until its worker is killed.
  for (let i = 0; i < 4; i++) stack.upstream.script({ kind: 'stream', content: ['hang'], hold: true });
  const res = await stack.post<Batch>('/batches', { workspaceId: ws, selection: { filter: { tagsAny: ['stalls'] } }, options: { concurrency: 1 } });
  const batch = batchSchema.parse(res.body);
  // Taken, then its worker killed, three times: one more than BullMQ's maxStalledCount of 2.
  for (let kill = 0; kill < 3; kill++) {
    const before = stack.upstream.chatRequests().length;
    child = spawnWorker();
    await until(() => stack.upstream.chatRequests().length > before, 30_000).catch(async (err) => {
      throw new Error(`kill ${kill}: ${String(err)}; ${JSON.stringify((await stack.get(`/batches/${batch.id}?workspaceId=${ws}`)).body)}`);
    });
    child.kill('SIGKILL');
    await once(child, 'exit');
    child = null;
  }
  await stack.startWorker();
  const done = await stack.until(ws, batch.id, (b) => b.status === 'completed', 30_000);
  expect(done.counts).toMatchObject({ total: 1, completed: 0, failed: 1, queued: 0, running: 0 });
}, 120_000);

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
