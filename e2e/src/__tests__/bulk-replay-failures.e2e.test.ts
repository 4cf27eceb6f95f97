import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHistory } from '@reprise/history';
import { silentLogger } from '@reprise/runtime';
import { eventually, MONGO_URL, REDIS_URL, startStack, type Stack } from '../index.js';
import { startRecordingProvider, type RecordingProvider } from '../support/recording-provider.js';

/**
 * Bulk replay under failure, end to end: a worker process killed mid-batch,
 * history down mid-batch. Each replay must be recorded exactly once, none lost.
 */

const START = `mutation ($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {
  startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id } }`;
const BATCH = `query ($id: ID!) { batch(id: $id) { status counts { total queued running completed failed cancelled skipped } } }`;

async function logSlice(stack: Stack, tag: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += 500) {
    const inputs = Array.from({ length: Math.min(500, count - done) }, (_, k) => ({
      provider: 'openai',
      requestBody: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${tag} ${done + k}` }] }),
      startedAt: new Date(Date.now() - 600_000 + done + k).toISOString(),
      tags: [tag],
    }));
    const res = await stack.graphql(`mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`, { inputs });
    expect(res.errors).toBeUndefined();
    ids.push(...res.data!.logRequests);
  }
  return ids;
}

async function batchState(stack: Stack, id: string) {
  return (await stack.graphql(BATCH, { id })).data!.batch as { status: string; counts: Record<string, number> & { completed: number } };
}

/** Every replay record of the batch, straight from history's collection: how many documents each original has. */
async function recordsPerOriginal(stack: Stack, batchId: string, connection = stack.history.connection): Promise<Map<string, number>> {
  const docs = await connection.collection('requests').find({ batchId }, { projection: { replayOf: 1 } }).toArray();
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(d.replayOf as string, (counts.get(d.replayOf as string) ?? 0) + 1);
  return counts;
}

let provider: RecordingProvider;
beforeAll(async () => {
  provider = await startRecordingProvider();
});
afterAll(() => provider.close());

async function addProvider(stack: Stack): Promise<string> {
  const res = await stack.graphql(`mutation ($input: CreateProviderInput!) { createProvider(input: $input) { id } }`, {
    input: { name: 'Recorder', kind: 'openai-compatible', baseURL: provider.url, models: [{ id: 'rec-model' }] },
  });
  return res.data!.createProvider.id;
}

it('a worker killed mid-batch of 1,000: every request replayed and recorded exactly once', async () => {
  const stack = await startStack({ workers: 0 });
  const entry = fileURLToPath(new URL('../../../services/runner/src/worker.main.ts', import.meta.url));
  const spawnWorker = (): ChildProcess =>
    spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry], {
      env: { PATH: process.env.PATH ?? '', REDIS_URL, ...stack.runnerEnv, REDIS_PREFIX: stack.prefix, STALLED_MS: '1500', BULK_WORKER_CONCURRENCY: '20', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
  const workers: ChildProcess[] = [spawnWorker()];
  try {
    const providerId = await addProvider(stack);
    const ids = await logSlice(stack, 'killed', 1000);
    provider.delayMs = 5;
    const sentBefore = provider.received.length;
    const batch = (await stack.graphql(START, { selection: { filter: { tagsAny: ['killed'] } }, overrides: { provider: providerId, model: 'rec-model' }, options: { concurrency: 20 } })).data!.startBulkReplay;
    await eventually(async () => ((await batchState(stack, batch.id)).counts.completed >= 300 ? true : null), 60_000);
    workers[0]!.kill('SIGKILL');
    workers.push(spawnWorker());
    const final = await eventually(async () => {
      const b = await batchState(stack, batch.id);
      return b.status === 'COMPLETED' ? b : null;
    }, 120_000);
    expect(final.counts).toMatchObject({ total: 1000, completed: 1000, failed: 0, queued: 0, running: 0 });
    const counts = await eventually(async () => {
      const c = await recordsPerOriginal(stack, batch.id);
      return c.size === 1000 ? c : null;
    }, 60_000);
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Only what was in flight when the worker died can have reached the provider twice.
    const sent = provider.received.length - sentBefore;
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(sent - 1000).toBeLessThanOrEqual(20);
  } finally {
    provider.delayMs = 0;
    for (const w of workers) w.kill('SIGKILL');
    await stack.close();
  }
}, 240_000);

it('history down mid-batch: nothing lost, each replay recorded once when it is back', async () => {
  const stack = await startStack();
  try {
    const providerId = await addProvider(stack);
    const ids = await logSlice(stack, 'history-down', 200);
    provider.delayMs = 20;
    const batch = (await stack.graphql(START, { selection: { filter: { tagsAny: ['history-down'] } }, overrides: { provider: providerId, model: 'rec-model' }, options: { concurrency: 5 } })).data!.startBulkReplay;
    await eventually(async () => ((await batchState(stack, batch.id)).counts.completed >= 20 ? true : null), 30_000);
    // Every API key check goes to history: read the batch's state through the runner, as the gateway would, before it goes.
    const port = Number(new URL(stack.history.url).port);
    await stack.history.close();
    await new Promise((r) => setTimeout(r, 1500));
    const back = await startHistory({ port, mongoUrl: MONGO_URL, dbName: stack.historyDb, redisUrl: REDIS_URL, redisPrefix: stack.prefix, logger: silentLogger() });
    try {
      const final = await eventually(async () => {
        const b = await batchState(stack, batch.id);
        return b.status === 'COMPLETED' ? b : null;
      }, 60_000);
      expect(final.counts).toMatchObject({ total: 200, completed: 200, failed: 0 });
      const counts = await eventually(async () => {
        const c = await recordsPerOriginal(stack, batch.id, back.connection);
        return c.size === 200 ? c : null;
      }, 60_000);
      expect(new Set(counts.keys())).toEqual(new Set(ids));
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      // The stack's own connection closed with the first history: drop its database through this one.
      await back.connection.dropDatabase();
      await back.close();
    }
  } finally {
    provider.delayMs = 0;
    await stack.close().catch(() => undefined);
  }
}, 180_000);
