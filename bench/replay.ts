import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueueName } from '@reprise/contracts';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { startArrivalProvider, windowCounts } from './lib/arrival-provider.js';
import { renderProfile, summarizeProfile } from './lib/cpuprofile-summary.js';
import { cpuBetween, cpuSnapshot, type CpuRow } from './lib/cpu-usage.js';
import { graphqlBody, postGraphql } from './lib/graphql-http.js';
import { InspectorProfiler } from './lib/inspector-profiler.js';
import { RecordGenerator } from './lib/records.js';
import { startServiceStack, type ServiceStack } from './lib/service-stack.js';
import { summarize } from './lib/stats.js';
import { formatTable, ms } from './lib/table.js';
import { probePath } from './lib/ttft-probes.js';

/**
 * Bulk replay, each service in its own process as deployed:
 * 1. throughput: a batch of 10,000 logged requests (realistic bodies) replayed
 *    against the simulator at zero latency, from `startBulkReplay` until every
 *    replay is recorded in history; the time to the first result and until
 *    all are queued; CPU per replay in each process;
 * 2. a provider limited to N requests a second: what it sees in every second;
 * 3. an interactive run's time to first token while a bulk replay keeps the
 *    workers busy, beside the same runs on the idle stack.
 */

const RECORDS = 10_000;
const SEED_TAG = 'bench-replay';
const LIMITED_TAG = 'bench-limited';
/** Target figures from issue 9. */
const TARGETS = { replaysPerSecond: 500, firstResultS: 5, allQueuedS: 10, rateShare: 0.95, ttftExtraMs: 20 };
const LIMITED_RPS = 50;
const LIMITED_SECONDS = 10;
const TTFT_RUNS = 60;
/** A background batch counts as under way once this many of its replays are running or have ended. */
const BUSY_AFTER = 200;

const START = `mutation ($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {
  startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id status counts { total } } }`;
const PROGRESS = `subscription ($batchId: ID!) { batchProgress(batchId: $batchId) {
  status costUsd ratePerSecond etaSeconds counts { total queued running completed failed cancelled skipped } } }`;
const RECORDED = `query ($batchId: ID!) { requestStats(filter: { batchId: $batchId }) { count } }`;
const CREATE_PROVIDER = `mutation ($input: CreateProviderInput!) { createProvider(input: $input) { id } }`;

interface Progress {
  status: string;
  counts: { total: number; queued: number; running: number; completed: number; failed: number; cancelled: number; skipped: number };
}

async function seed(stack: ServiceStack, count: number, log: (line: string) => void): Promise<void> {
  const records = new RecordGenerator(9);
  const start = Date.now() - count * 1000;
  for (let done = 0; done < count; done += 1000) {
    const items = Array.from({ length: Math.min(1000, count - done) }, (_, i) => {
      const item = records.next(new Date(start + (done + i) * 1000));
      // The first few seconds' worth at the limited provider's rate also get a tag of their own.
      const limited = done + i < LIMITED_RPS * LIMITED_SECONDS ? [LIMITED_TAG] : [];
      return { ...item, tags: [...(item.tags ?? []), SEED_TAG, ...limited] };
    });
    const res = await fetch(`${stack.historyUrl}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceId: stack.workspaceId, items }),
    });
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  }
  log(`bench replay: seeded ${count} logged requests`);
}

/** One operation's data; throws on any GraphQL error. */
function gql<T>(stack: ServiceStack, query: string, variables: Record<string, unknown>): Promise<T> {
  return postGraphql<T>(stack.gatewayUrl, stack.auth, graphqlBody(query, variables));
}

function wsClient(stack: ServiceStack): WsClient {
  return createClient({ url: stack.gatewayWsUrl, webSocketImpl: WebSocket, connectionParams: stack.auth, retryAttempts: 0 });
}

/** Starts a batch and follows it: when the first replay ended, when every one was queued, when it ended. */
async function runBatch(
  stack: ServiceStack,
  ws: WsClient,
  expected: number,
  variables: Record<string, unknown>,
  signal: AbortSignal,
  hooks: { onStarted?: (batchId: string) => void; onProgress?: (p: Progress) => void } = {},
) {
  const t0 = performance.now();
  const started = await gql<{ startBulkReplay: { id: string } }>(stack, START, variables);
  const batchId = started.startBulkReplay.id;
  hooks.onStarted?.(batchId);
  const accepted = performance.now() - t0;
  let firstResult: number | null = null;
  let allQueued: number | null = null;
  let last: Progress | null = null;
  let updates = 0;
  await new Promise<void>((resolve, reject) => {
    const stop = ws.subscribe<{ batchProgress: Progress }>(
      { query: PROGRESS, variables: { batchId } },
      {
        next: ({ data, errors }) => {
          if (errors) return reject(new Error(JSON.stringify(errors)));
          const p = data!.batchProgress;
          updates++;
          last = p;
          hooks.onProgress?.(p);
          const now = performance.now() - t0;
          const ended = p.counts.completed + p.counts.failed + p.counts.cancelled + p.counts.skipped;
          if (firstResult === null && ended > 0) firstResult = now;
          // The total grows chunk by chunk as the requests are queued.
          if (allQueued === null && p.counts.total >= expected) allQueued = now;
        },
        error: reject,
        complete: resolve,
      },
    );
    signal.addEventListener('abort', () => {
      stop();
      reject(signal.reason);
    });
  });
  const ended = performance.now() - t0;
  return { batchId, t0, accepted, firstResult, allQueued, ended, updates, last: last as Progress | null };
}

/**
 * Waits until the record queue is empty (read in Redis: asking history
 * itself would read the whole batch from FerretDB each time, and slow what
 * is measured), then checks that history holds `count` records of the
 * batch; when the queue emptied (ms after t0).
 */
async function recorded(stack: ServiceStack, redis: Redis, batchId: string, count: number, t0: number, signal: AbortSignal): Promise<number> {
  const key = (part: string) => `${stack.redisPrefix}:${QueueName.Record}:${part}`;
  for (;;) {
    signal.throwIfAborted();
    const counts = (await redis.multi().llen(key('wait')).llen(key('active')).zcard(key('prioritized')).zcard(key('delayed')).exec()) ?? [];
    if (counts.every(([, n]) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const at = performance.now() - t0;
  const res = await gql<{ requestStats: { count: number } }>(stack, RECORDED, { batchId });
  if (res.requestStats.count !== count) throw new Error(`history holds ${res.requestStats.count} records of the batch, not ${count}`);
  return at;
}

const CPU_COLUMNS = [{ header: 'process', align: 'left' as const }, { header: 'total ms' }, { header: 'ms / replay' }, { header: 'busy %' }];
const cpuRows = (rows: CpuRow[]) => rows.map((r) => [r.process, r.totalMs.toFixed(0), r.perRunMs.toFixed(3), r.busyPercent.toFixed(0)]);

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const records = ctx.overrides.records ?? RECORDS;
  const profile = ctx.overrides.profile ?? false;
  const stack = await startServiceStack({
    simulator: { ttftMs: 0, tokenDelayMs: 0, tokens: 8 },
    signal: ctx.signal,
    log: ctx.log,
    inspect: profile,
  });
  const profilers: Array<[string, InspectorProfiler]> = [];
  const redis = new Redis(stack.redisUrl);
  const ws = wsClient(stack);
  /** Each table is printed as soon as it is measured: a later phase that fails does not lose the earlier figures. */
  const show = (...tables: string[]) => console.log(`\n${tables.join('\n\n')}\n`);
  const results: Record<string, unknown> = {};
  const checks: { name: string; value: string; target: string; pass: boolean }[] = [];
  try {
    await seed(stack, records, ctx.log);

    // 1. Throughput, from one filter, against the simulator at zero latency.
    ctx.log(`bench replay: replaying ${records} requests against the simulator`);
    for (const [name, port] of Object.entries(stack.inspectorPorts)) profilers.push([name, await InspectorProfiler.connect(port)]);
    await Promise.all(profilers.map(([, p]) => p.start()));
    const before = await cpuSnapshot(stack, redis, { database: true });
    const batch = await runBatch(
      stack,
      ws,
      records,
      { selection: { filter: { tagsAny: [SEED_TAG] } }, overrides: { provider: 'simulator', model: 'sim-fast' }, options: { name: 'bench throughput', concurrency: 1000 } },
      ctx.signal,
    );
    const allRecorded = await recorded(stack, redis, batch.batchId, records, batch.t0, ctx.signal);
    const after = await cpuSnapshot(stack, redis, { database: true });
    if (profilers.length) {
      // --profile: where each Node process's CPU went over the same span, per replay (.cpuprofile files beside the results).
      const profileDir = join(ctx.resultsDir, `replay-${new Date().toISOString().replace(/[:.]/g, '-')}-profiles`);
      await mkdir(profileDir, { recursive: true });
      const texts: string[] = [];
      for (const [name, profiler] of profilers) {
        const cpuProfile = await profiler.stop();
        await writeFile(join(profileDir, `${name}.cpuprofile`), JSON.stringify(cpuProfile));
        texts.push(renderProfile(name, summarizeProfile(cpuProfile), records, 'replay'));
      }
      await writeFile(join(profileDir, 'summary.txt'), `${texts.join('\n\n')}\n`);
      show(`CPU profiles of the throughput run (ms per replay; .cpuprofile files in ${profileDir}):`, ...texts);
    }
    const rate = records / (allRecorded / 1000);
    const cpu = cpuBetween(before, after, records);
    results.throughput = { ...batch, allRecordedMs: allRecorded, replaysPerSecond: rate, cpu };
    show(
      formatTable(
        [{ header: `bulk replay of ${records} (simulator, zero latency)`, align: 'left' }, { header: 'value' }],
        [
          ['startBulkReplay answered (ms)', ms(batch.accepted)],
          ['first replay ended (s)', ms(batch.firstResult === null ? null : batch.firstResult / 1000)],
          ['all queued (s)', ms(batch.allQueued === null ? null : batch.allQueued / 1000)],
          ['batch ended (s)', ms(batch.ended / 1000)],
          ['all recorded in history (s)', ms(allRecorded / 1000)],
          ['replays recorded per second', rate.toFixed(0)],
          ['progress updates received', String(batch.updates)],
          ['final counts', JSON.stringify(batch.last?.counts ?? {})],
        ],
      ),
      formatTable(CPU_COLUMNS, cpuRows(cpu)),
    );
    checks.push(
      { name: 'replays/s, end to end', value: rate.toFixed(0), target: `≥ ${TARGETS.replaysPerSecond}`, pass: rate >= TARGETS.replaysPerSecond },
      { name: 'first result (s)', value: ms((batch.firstResult ?? Infinity) / 1000), target: `≤ ${TARGETS.firstResultS}`, pass: (batch.firstResult ?? Infinity) <= TARGETS.firstResultS * 1000 },
      { name: 'all queued (s)', value: ms((batch.allQueued ?? Infinity) / 1000), target: `≤ ${TARGETS.allQueuedS}`, pass: (batch.allQueued ?? Infinity) <= TARGETS.allQueuedS * 1000 },
    );

    // 2. A provider limited to N requests a second (rpm = 60 N).
    ctx.log(`bench replay: a provider limited to ${LIMITED_RPS} requests a second`);
    const limited = await startArrivalProvider();
    try {
      const created = await gql<{ createProvider: { id: string } }>(stack, CREATE_PROVIDER, {
        input: { name: 'bench limited', kind: 'openai-compatible', baseURL: limited.url, models: [{ id: 'limited' }], limits: { rpm: LIMITED_RPS * 60 } },
      });
      // About LIMITED_SECONDS of traffic at the limit, selected by a tag: an equality FerretDB filters in
      // PostgreSQL, so the selection streams as fast as the provider takes it (ids would be read by a scan).
      const count = LIMITED_RPS * LIMITED_SECONDS;
      const limitedBatch = await runBatch(
        stack,
        ws,
        count,
        { selection: { filter: { tagsAny: [LIMITED_TAG] } }, overrides: { provider: created.createProvider.id, model: 'limited' }, options: { name: 'bench limited', concurrency: 200 } },
        ctx.signal,
      );
      const { slidingMax, aligned } = windowCounts(limited.arrivals);
      // The first and last windows are partial: the steady state is between them.
      const steady = aligned.slice(1, -1);
      const slowest = steady.length ? Math.min(...steady) : 0;
      const first = Math.min(...limited.arrivals);
      // Each arrival's ms after the first, to see where a window filled up.
      const offsets = [...limited.arrivals].sort((x, y) => x - y).map((t) => Number((t - first).toFixed(1)));
      results.limited = { rps: LIMITED_RPS, arrivals: limited.arrivals.length, slidingMax, aligned, offsets, counts: limitedBatch.last?.counts ?? null };
      show(
        formatTable(
          [{ header: `provider limited to ${LIMITED_RPS}/s (rpm ${LIMITED_RPS * 60})`, align: 'left' }, { header: 'value' }],
          [
            ['requests seen', String(limited.arrivals.length)],
            ['most in any sliding 1 s window', String(slidingMax)],
            ['each aligned second', aligned.join(' ')],
            ['fewest in a full second', String(slowest)],
            ['final counts', JSON.stringify(limitedBatch.last?.counts ?? {})],
          ],
        ),
      );
      checks.push(
        { name: `most in any second (limit ${LIMITED_RPS})`, value: String(slidingMax), target: `≤ ${LIMITED_RPS}`, pass: slidingMax <= LIMITED_RPS },
        { name: 'fewest in a full second', value: String(slowest), target: `≥ ${Math.ceil(LIMITED_RPS * TARGETS.rateShare)}`, pass: slowest >= LIMITED_RPS * TARGETS.rateShare },
      );
    } finally {
      await limited.close();
    }

    // 3. Interactive time to first token: idle, then while a bulk replay keeps the workers busy.
    ctx.log('bench replay: interactive runs, idle and beside a bulk replay');
    const probe = { gatewayUrl: stack.gatewayUrl, auth: stack.auth, ws };
    const input = { model: 'sim-fast', messages: [{ role: 'user' as const, content: '[sim ttft=20 delay=0 tokens=8] interactive' }] };
    /** Time to first token, and where it went: the mutation, the wait for a worker to start it, the provider's first token. */
    const ttft = async () => {
      const total: number[] = [];
      const mutation: number[] = [];
      const pickup: number[] = [];
      const first: number[] = [];
      for (let i = 0; i < TTFT_RUNS; i++) {
        const t = await probePath(probe, input, ctx.signal);
        total.push(t.firstDeltaReceived.mono - t.sent.mono);
        mutation.push(t.mutationDone.mono - t.sent.mono);
        pickup.push(t.startedReceived.mono - t.mutationDone.mono);
        first.push(t.firstDeltaReceived.mono - t.startedReceived.mono);
      }
      return { ...summarize(total), parts: { mutation: summarize(mutation).p50, started: summarize(pickup).p50, firstDelta: summarize(first).p50 } };
    };
    const idle = await ttft();
    const busyRuns = async (overrides: Record<string, unknown>, name: string) => {
      let batchId: string | null = null;
      let latest: Progress | null = null;
      const endedOf = (p: Progress | null) => (p ? p.counts.completed + p.counts.failed + p.counts.cancelled + p.counts.skipped : 0);
      const background = runBatch(stack, ws, records, { selection: { filter: { tagsAny: [SEED_TAG] } }, overrides, options: { name, concurrency: 1000 } }, ctx.signal, {
        onStarted: (id) => (batchId = id),
        onProgress: (p) => (latest = p),
      });
      // Measured beside the batch under way: its replays running (or, at zero latency, ending) by the hundred, not while it is still being read.
      const underWay = performance.now();
      while (!latest || (latest as Progress).counts.running + endedOf(latest) < BUSY_AFTER) {
        if (performance.now() - underWay > 60_000) throw new Error(`bench replay: ${name} was not under way after 60 s: ${JSON.stringify(latest)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const atStart = latest as Progress;
      const during = await ttft();
      const atEnd = latest as Progress | null;
      ctx.log(
        `bench replay: ${name}: while the interactive runs were measured, ${endedOf(atEnd) - endedOf(atStart)} replays ended; running at the start ${atStart.counts.running}, at the end ${atEnd?.counts.running}`,
      );
      // Measured: the rest of the batch is not needed. A batch that ended before (it should not) is shown by its counts.
      const cancel = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...stack.auth },
        body: graphqlBody(`mutation ($id: ID!) { cancelBatch(id: $id) { id } }`, { id: batchId }),
      });
      const ended = await background;
      const counts = ended.last?.counts;
      ctx.log(`bench replay: ${name}: cancel answered ${cancel.status}; the batch ended as ${JSON.stringify(counts)}`);
      return { during, ended };
    };
    // (a) The workers saturated as a real provider saturates them: every bulk slot waiting on a 200 ms answer.
    const slow = await startArrivalProvider(200);
    let waiting;
    try {
      const created = await gql<{ createProvider: { id: string } }>(stack, CREATE_PROVIDER, {
        input: { name: 'bench slow', kind: 'openai-compatible', baseURL: slow.url, models: [{ id: 'limited' }] },
      });
      waiting = await busyRuns({ provider: created.createProvider.id, model: 'limited' }, 'bench background, provider at 200 ms');
    } finally {
      await slow.close();
    }
    // (b) The CPU saturated: the simulator at zero latency, replays as fast as the machine goes.
    const flat = await busyRuns({ provider: 'simulator', model: 'sim-fast' }, 'bench background, zero latency');
    const busy = waiting.during;
    results.interactive = { idle, besideWaiting: waiting.during, besideFlatOut: flat.during };
    const row = (label: string, t: typeof idle) => [label, ms(t.p50), ms(t.p99), ms(t.max), ms(t.parts.mutation), ms(t.parts.started), ms(t.parts.firstDelta)];
    show(
      formatTable(
        [
          { header: 'interactive run, ttft (ms)', align: 'left' },
          { header: 'p50' },
          { header: 'p99' },
          { header: 'max' },
          { header: 'p50: mutation' },
          { header: '→ started' },
          { header: '→ first delta' },
        ],
        [
          row('idle stack', idle),
          row(`beside ${records} replays, every bulk slot waiting on a 200 ms provider`, waiting.during),
          row(`beside ${records} replays at zero latency (the CPU saturated)`, flat.during),
        ],
      ),
    );
    checks.push({ name: 'interactive ttft p50, bulk slots saturated − idle (ms)', value: ms(busy.p50 - idle.p50), target: `≤ ${TARGETS.ttftExtraMs}`, pass: busy.p50 - idle.p50 <= TARGETS.ttftExtraMs });

    show(formatTable([{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'target' }, { header: 'met', align: 'left' }], checks.map((c) => [c.name, c.value, c.target, c.pass ? 'yes' : 'NO'])));
    await mkdir(ctx.resultsDir, { recursive: true });
    const resultFile = join(ctx.resultsDir, `replay-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(resultFile, JSON.stringify({ results, checks }, null, 2));
    return { passed: checks.every((c) => c.pass), resultFile };
  } finally {
    for (const [, profiler] of profilers) profiler.close();
    await ws.dispose();
    redis.disconnect();
    await stack.close();
  }
}

export const replay: Benchmark = {
  name: 'replay',
  description: 'bulk replay: throughput and CPU per replay, enqueue times, a rate-limited provider, interactive ttft beside a batch',
  defaultTimeoutSeconds: 600,
  run,
};
