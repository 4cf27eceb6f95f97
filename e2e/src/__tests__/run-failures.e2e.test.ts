import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@reprise/runtime';
import { startHistory } from '@reprise/history';
import { simulatedAnswer } from '@reprise/simulator';
import { MONGO_URL, REDIS_URL, START_RUN, startStack, type Stack } from '../index.js';

const EVENTS = `subscription ($runId: ID!) {
  runEvents(runId: $runId) {
    __typename id
    ... on RunDelta { text }
    ... on RunRetrying { attempt delayMs discardOutput error { kind status } }
    ... on RunCompleted { message { content } }
    ... on RunCancelled { partial { content } }
    ... on RunFailed { error { kind message } }
  }
}`;

interface Event {
  __typename: string;
  id: string;
  text?: string;
  attempt?: number;
  discardOutput?: boolean;
  error?: { kind: string; status?: number | null; message?: string };
  message?: { content: string | null };
  partial?: { content: string };
}

/** Collects a run's events; `onEvent` sees each as it arrives. */
function watch(stack: Stack, runId: string, onEvent?: (e: Event, all: Event[]) => void): Promise<Event[]> {
  return new Promise((resolve, reject) => {
    const all: Event[] = [];
    stack.wsClient().subscribe<{ runEvents: Event }>(
      { query: EVENTS, variables: { runId } },
      {
        next: (r) => {
          if (r.errors) return reject(new Error(JSON.stringify(r.errors)));
          all.push(r.data!.runEvents);
          onEvent?.(r.data!.runEvents, all);
        },
        error: reject,
        complete: () => resolve(all),
      },
    );
  });
}

/** The text a client shows: deltas, with an attempt's output dropped when a retry says so. */
function shownText(events: Event[]): string {
  let text = '';
  for (const e of events) {
    if (e.__typename === 'RunDelta') text += e.text;
    if (e.__typename === 'RunRetrying' && e.discardOutput) text = '';
  }
  return text;
}

async function start(stack: Stack, content: string, model = 'sim-fast'): Promise<string> {
  const res = await stack.graphql(START_RUN, { input: { model, messages: [{ role: 'user', content }] } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.startRun.id;
}

async function recordCount(stack: Stack, runId: string): Promise<number> {
  return stack.history.connection.collection('requests').countDocuments({ runId });
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cancel, retries and limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 2, simulatorLimits: { concurrency: 5 }, worker: { concurrency: 60 } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('cancelRun stops the provider stream; the run ends cancelled with its partial output, recorded', async () => {
    const runId = await start(stack, 'A long answer please [sim delay=40 tokens=400]');
    let cancelled = false;
    const events = await watch(stack, runId, (e, all) => {
      if (!cancelled && all.filter((x) => x.__typename === 'RunDelta').length >= 3) {
        cancelled = true;
        void stack.graphql(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId });
      }
    });
    const last = events.at(-1)!;
    expect(last.__typename).toBe('RunCancelled');
    expect(events.filter((e) => ['RunCompleted', 'RunFailed', 'RunCancelled'].includes(e.__typename))).toHaveLength(1);
    expect(last.partial!.content).toBe(shownText(events));
    expect(last.partial!.content.length).toBeGreaterThan(0);
    expect(simulatedAnswer({ messages: [{ role: 'user', content: 'A long answer please [sim delay=40 tokens=400]' }] }).text.startsWith(last.partial!.content)).toBe(true);
    // The provider saw its client go: nothing is left streaming.
    await until(() => stack.simulator.stats.inFlight === 0);
    await until(async () => (await recordCount(stack, runId)) === 1);
    const record = (await stack.graphql(`query ($id: ID!) { request(id: $id) { status output } }`, { id: runId })).data!.request;
    expect(record).toEqual({ status: 'CANCELLED', output: last.partial!.content });
  });

  it('cancelRun of another workspace\'s run is NOT_FOUND', async () => {
    const runId = await start(stack, 'mine [sim delay=5]');
    const other = await stack.newWorkspace('other');
    const res = await stack.graphql(`mutation ($id: ID!) { cancelRun(id: $id) { id } }`, { id: runId }, other.apiKey);
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await watch(stack, runId)).at(-1)!.__typename).toBe('RunCompleted');
  });

  it('retries a 429 after Retry-After and then completes, announcing each retry', async () => {
    const content = 'busy provider [sim fail=429 retry-after=0 fail-times=2]';
    const events = await watch(stack, await start(stack, content));
    const retries = events.filter((e) => e.__typename === 'RunRetrying');
    expect(retries.map((r) => [r.attempt, r.error!.kind, r.error!.status])).toEqual([[2, 'RATE_LIMITED', 429], [3, 'RATE_LIMITED', 429]]);
    expect(events.at(-1)!.__typename).toBe('RunCompleted');
    expect(shownText(events)).toBe(simulatedAnswer({ messages: [{ role: 'user', content }] }).text);
  });

  it('retries a stream cut mid-way without duplicating text for the subscriber', async () => {
    const content = 'flaky network [sim drop-after=4 fail-times=1 delay=5]';
    const events = await watch(stack, await start(stack, content));
    const retry = events.find((e) => e.__typename === 'RunRetrying')!;
    expect(retry).toMatchObject({ attempt: 2, discardOutput: true, error: { kind: 'PROVIDER_ERROR' } });
    const answer = simulatedAnswer({ messages: [{ role: 'user', content }] }).text;
    expect(shownText(events)).toBe(answer);
    expect(events.at(-1)!.message!.content).toBe(answer);
  });

  it('does not retry a 400, 401 or 404', async () => {
    for (const status of [400, 401]) {
      const events = await watch(stack, await start(stack, `no retry [sim fail=${status}]`));
      expect(events.map((e) => e.__typename)).toEqual(['RunStarted', 'RunFailed']);
    }
  });

  it('never exceeds a provider\'s concurrency limit across workers while 100 runs are started', async () => {
    stack.simulator.stats.reset();
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => start(stack, `limit ${i} [sim delay=10 tokens=5]`)));
    const results = await Promise.all(ids.map((id) => watch(stack, id)));
    expect(results.every((events) => events.at(-1)!.__typename === 'RunCompleted')).toBe(true);
    expect(stack.simulator.stats.requests).toBe(100);
    expect(stack.simulator.stats.maxInFlight).toBe(5);
  });
});

describe('no run lost', () => {
  it('a run whose worker is killed mid-run is taken up by another and ends once, recorded once', async () => {
    const stack = await startStack({ workers: 0 });
    const entry = fileURLToPath(new URL('../../../services/runner/src/worker.main.ts', import.meta.url));
    const spawnWorker = (): ChildProcess =>
      spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry], {
        env: {
          PATH: process.env.PATH ?? '',
          REDIS_URL,
          ...stack.runnerEnv,
          REDIS_PREFIX: stack.prefix,
          DEFAULT_PROVIDER: 'simulator',
          STALLED_MS: '1500',
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      });
    const first = spawnWorker();
    let second: ChildProcess | null = null;
    try {
      const content = 'survive a crash [sim delay=30 tokens=60]';
      const runId = await start(stack, content);
      const events = await watch(stack, runId, (e, all) => {
        if (!second && all.filter((x) => x.__typename === 'RunDelta').length >= 3) {
          first.kill('SIGKILL');
          second = spawnWorker();
        }
      });
      expect(second).not.toBeNull();
      expect(events.filter((e) => ['RunCompleted', 'RunFailed', 'RunCancelled'].includes(e.__typename))).toHaveLength(1);
      expect(events.at(-1)!.__typename).toBe('RunCompleted');
      expect(events.some((e) => e.__typename === 'RunRetrying' && e.discardOutput)).toBe(true);
      expect(shownText(events)).toBe(simulatedAnswer({ messages: [{ role: 'user', content }] }).text);
      await until(async () => (await recordCount(stack, runId)) === 1);
      await new Promise((r) => setTimeout(r, 500));
      expect(await recordCount(stack, runId)).toBe(1);
    } finally {
      first.kill('SIGKILL');
      (second as ChildProcess | null)?.kill('SIGTERM');
      await stack.close();
    }
  });

  it('results wait on the record queue while history is down, and are stored once when it is back', async () => {
    const stack = await startStack();
    try {
      // Runs start, and their subscribers connect, while history is up
      // (it checks API keys); it goes down before any run ends.
      const contents = ['while down 1 [sim delay=50 tokens=20]', 'while down 2 [sim delay=50 tokens=20]', 'while down 3 [sim delay=50 tokens=20]'];
      const ids = await Promise.all(contents.map((c) => start(stack, c)));
      const connected: Promise<void>[] = [];
      const results = ids.map((id) => {
        let seen: () => void;
        connected.push(new Promise<void>((r) => (seen = r)));
        return watch(stack, id, () => seen());
      });
      await Promise.all(connected);
      await stack.history.close();
      expect((await Promise.all(results)).every((events) => events.at(-1)!.__typename === 'RunCompleted')).toBe(true);

      const back = await startHistory({ mongoUrl: MONGO_URL, dbName: stack.historyDb, redisUrl: REDIS_URL, redisPrefix: stack.prefix, logger: silentLogger() });
      try {
        const requests = back.connection.collection('requests');
        await until(async () => (await requests.countDocuments({ runId: { $in: ids } })) === 3);
        await new Promise((r) => setTimeout(r, 500));
        for (const [i, id] of ids.entries()) {
          expect(await requests.countDocuments({ runId: id })).toBe(1);
          const doc = await requests.findOne({ runId: id });
          expect(doc!.output).toBe(simulatedAnswer({ messages: [{ role: 'user', content: contents[i]! }] }).text);
        }
      } finally {
        await back.connection.dropDatabase();
        await back.close();
      }
    } finally {
      await stack.close().catch(() => undefined);
    }
  });
});
