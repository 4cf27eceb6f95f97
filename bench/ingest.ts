import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { renderProfile, summarizeProfile } from './lib/cpuprofile-summary.js';
import { cpuBetween, cpuSnapshot, type CpuRow } from './lib/cpu-usage.js';
import { InspectorProfiler } from './lib/inspector-profiler.js';
import { graphqlBody, postGraphql } from './lib/graphql-http.js';
import { RecordGenerator, toGraphqlInput } from './lib/records.js';
import { startServiceStack, type ServiceStack } from './lib/service-stack.js';
import { summarize, type Summary } from './lib/stats.js';
import { formatTable, ms } from './lib/table.js';

/**
 * Ingestion through the public API, as integrations log: `logRequests` in
 * batches of 100 from 4 concurrent clients, as fast as they are answered
 * (records per second end to end: GraphQL parse and input checks in the
 * gateway, HTTP to history, its checks, the database write); then single
 * `logRequest` calls paced at 200 a second, open loop (each sent on
 * schedule whatever the earlier ones are doing), for their latency.
 * Only history and the gateway run: no run is started.
 */

const LOG_REQUESTS = /* GraphQL */ `
  mutation LogRequests($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }
`;
const LOG_REQUEST = /* GraphQL */ `
  mutation LogRequest($input: LogRequestInput!) { logRequest(input: $input) }
`;
const REQUEST = /* GraphQL */ `
  query Request($id: ID!) { request(id: $id) { id provider model status startedAt } }
`;

const BATCH_SIZE = 100;
const CLIENTS = 4;
const DEFAULTS = {
  /** Records logged in batches (measured). */
  records: 20_000,
  /** Batches before measuring, spread over the clients. */
  warmupBatches: 20,
  /** Single calls measured: 10 s at the pace below. */
  singles: 2000,
  singlesWarmup: 200,
} as const;
const SINGLES_PER_SECOND = 200;
/**
 * A single call not answered within this is given up and counted at this
 * latency: when the services cannot keep up with the pace, calls queue up,
 * and the phase must still end.
 */
const SINGLE_TIMEOUT_MS = 10_000;
/** Kept free at the end of the time allowed: printing, stopping, dropping the database. */
const CLEANUP_RESERVE_MS = 60_000;
/** Logged ids read back through `request(id)` afterwards. */
const SPOT_CHECKS = 20;
/** The records' `startedAt`: the last minute, as a live integration logs. */
const SPREAD_MS = 60_000;

interface Target {
  label: string;
  measured: number;
  limit: number;
  unit: string;
  /** 'min': measured must be at least `limit`; 'max': at most. */
  kind: 'min' | 'max';
}

/** The records as GraphQL request bodies, built before any timing. */
function buildBodies(generator: RecordGenerator, count: number, perCall: number): { bodies: string[]; inputBytes: number[] } {
  const bodies: string[] = [];
  const inputBytes: number[] = [];
  for (let i = 0; i < count; i += perCall) {
    const inputs = Array.from({ length: Math.min(perCall, count - i) }, () => {
      const input = toGraphqlInput(generator.next(new Date(Date.now() - Math.random() * SPREAD_MS)));
      inputBytes.push(Buffer.byteLength(JSON.stringify(input)));
      return input;
    });
    bodies.push(perCall === 1 ? graphqlBody(LOG_REQUEST, { input: inputs[0] }) : graphqlBody(LOG_REQUESTS, { inputs }));
  }
  return { bodies, inputBytes };
}

interface BatchPhase {
  records: number;
  batches: number;
  wallMs: number;
  recordsPerSecond: number;
  roundTrip: Summary;
  cpu: CpuRow[];
  loadAverage: { before: number; after: number };
}

/**
 * `clients` loops, each sending the next batch as soon as its last one is
 * answered; none is sent after `stopBy` (Date.now()), so a slow database
 * cannot hold the run past the time allowed. The round trip of each batch sent.
 */
async function sendBatches(
  stack: ServiceStack,
  bodies: readonly string[],
  expected: number[],
  ids: string[],
  signal: AbortSignal,
  stopBy = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const client = async () => {
    for (let i = next++; i < bodies.length && Date.now() < stopBy; i = next++) {
      const t0 = performance.now();
      const data = await postGraphql<{ logRequests: string[] }>(stack.gatewayUrl, stack.auth, bodies[i]!, signal);
      times.push(performance.now() - t0);
      if (data.logRequests.length !== expected[i]) throw new Error(`logRequests stored ${data.logRequests.length} of ${expected[i]} records`);
      ids.push(...data.logRequests);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return times;
}

interface SinglePhase {
  requests: number;
  /** Given up after SINGLE_TIMEOUT_MS (counted at that latency). */
  timedOut: number;
  /** Calls that failed otherwise (not in the latency figures). */
  failed: string[];
  wallMs: number;
  achievedPerSecond: number;
  latency: Summary;
  /** How late the client sent each call against its schedule (its own event loop). */
  sendLag: Summary;
  cpu: CpuRow[];
  loadAverage: { before: number; after: number };
}

/**
 * Open loop: call i is sent at start + i / rate, whatever the earlier ones
 * are doing. A call unanswered after SINGLE_TIMEOUT_MS is given up and
 * counted at that latency (the services may still store it).
 */
async function sendPaced(
  stack: ServiceStack,
  bodies: readonly string[],
  ids: string[],
  signal: AbortSignal,
): Promise<{ latency: number[]; lag: number[]; timedOut: number; failed: string[] }> {
  const interval = 1000 / SINGLES_PER_SECOND;
  const latency: number[] = [];
  const lag: number[] = [];
  let timedOut = 0;
  const failed: string[] = [];
  const inFlight: Promise<void>[] = [];
  // Every call in flight listens on the run's signal.
  setMaxListeners(bodies.length + 100, signal);
  const start = performance.now();
  for (const [i, body] of bodies.entries()) {
    signal.throwIfAborted();
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sent = performance.now();
    lag.push(Math.max(0, sent - due));
    // A controller and a timer of its own rather than AbortSignal.any with
    // AbortSignal.timeout, whose timeouts Node 20 may collect before they fire.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${SINGLE_TIMEOUT_MS} ms`, 'TimeoutError')), SINGLE_TIMEOUT_MS);
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const settled = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    inFlight.push(
      postGraphql<{ logRequest: string }>(stack.gatewayUrl, stack.auth, body, controller.signal).then(
        (data) => {
          settled();
          latency.push(performance.now() - sent);
          ids.push(data.logRequest);
        },
        (error: unknown) => {
          settled();
          signal.throwIfAborted();
          if ((error as Error).name === 'TimeoutError') {
            timedOut++;
            latency.push(SINGLE_TIMEOUT_MS);
          } else {
            // Refused, or the connection dropped (a keep-alive socket the server closed as it was reused, say).
            const cause = (error as { cause?: { code?: string; message?: string } }).cause;
            failed.push(`${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`);
          }
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latency, lag, timedOut, failed };
}

/** A few of the logged ids, read back through the API: they were stored, in this workspace. */
async function spotCheck(stack: ServiceStack, ids: readonly string[], signal: AbortSignal): Promise<{ found: number; errors: string[] }> {
  let found = 0;
  const errors: string[] = [];
  for (let k = 0; k < SPOT_CHECKS && ids.length; k++) {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    try {
      const data = await postGraphql<{ request: { id: string } | null }>(stack.gatewayUrl, stack.auth, graphqlBody(REQUEST, { id }), signal);
      if (data.request?.id === id) found++;
    } catch (error) {
      signal.throwIfAborted();
      errors.push(`${id}: ${(error as Error).message}`);
    }
  }
  return { found, errors };
}

const SUMMARY_COLUMNS = [{ header: 'ms', align: 'left' as const }, { header: 'p50' }, { header: 'p99' }, { header: 'mean' }, { header: 'min' }, { header: 'max' }, { header: 'n' }];
const summaryCells = (label: string, s: Summary) => [label, ms(s.p50), ms(s.p99), ms(s.mean), ms(s.min), ms(s.max), String(s.n)];

function cpuTable(rows: readonly CpuRow[], perLabel: string): string {
  return formatTable(
    [{ header: 'CPU while measuring', align: 'left' }, { header: 'ms' }, { header: perLabel }, { header: 'busy' }],
    rows.map((c) => [c.process, c.totalMs.toFixed(0), ms(c.perRunMs), `${c.busyPercent.toFixed(0)}%`]),
  );
}

const load = (l: { before: number; after: number }) => `load average ${l.before.toFixed(2)} → ${l.after.toFixed(2)} on ${availableParallelism()} cores`;

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const records = Math.max(BATCH_SIZE, Math.round((ctx.overrides.records ?? DEFAULTS.records) / BATCH_SIZE) * BATCH_SIZE);
  const warmupBatches = ctx.overrides.warmup ?? DEFAULTS.warmupBatches;
  const singles = ctx.overrides.runs ?? DEFAULTS.singles;
  const singlesWarmup = ctx.overrides.warmup ?? DEFAULTS.singlesWarmup;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `ingest-${stamp}.json`);

  const profileDir = join(ctx.resultsDir, `ingest-${stamp}-profiles`);
  ctx.log('ingest: starting history and the gateway as separate processes…');
  const stack = await startServiceStack({ services: ['history', 'gateway'], signal: ctx.signal, log: ctx.log, inspect: ctx.overrides.profile ?? false });
  const profilers: Array<[string, InspectorProfiler]> = [];
  const profileTexts: string[] = [];
  /** Runs `phase` with every service's CPU sampled (with --profile), summarised per `unit`. */
  async function profiled<T>(label: string, unit: string, units: (result: T) => number, phase: () => Promise<T>): Promise<T> {
    if (!profilers.length) return phase();
    await Promise.all(profilers.map(([, p]) => p.start()));
    const result = await phase();
    await mkdir(profileDir, { recursive: true });
    for (const [name, profiler] of profilers) {
      const cpuProfile = await profiler.stop();
      await writeFile(join(profileDir, `${label}-${name}.cpuprofile`), JSON.stringify(cpuProfile));
      profileTexts.push(`${label}, ${renderProfile(name, summarizeProfile(cpuProfile), units(result), unit)}`);
    }
    return result;
  }
  try {
    for (const [name, port] of Object.entries(stack.inspectorPorts)) profilers.push([name, await InspectorProfiler.connect(port)]);
    ctx.log(`ingest: building ${records + warmupBatches * BATCH_SIZE} records for batches and ${singles + singlesWarmup} for single calls…`);
    const generator = new RecordGenerator(1);
    const warm = buildBodies(generator, warmupBatches * BATCH_SIZE, BATCH_SIZE);
    const measured = buildBodies(generator, records, BATCH_SIZE);
    const singleWarm = buildBodies(generator, singlesWarmup, 1);
    const singleMeasured = buildBodies(generator, singles, 1);
    const batchSizes = (n: number) => Array.from({ length: Math.ceil(n / BATCH_SIZE) }, (_, i) => Math.min(BATCH_SIZE, n - i * BATCH_SIZE));
    const inputSize = summarize(measured.inputBytes);
    const ids: string[] = [];

    ctx.log(`ingest: ${warmupBatches} warm-up batches…`);
    if (warmupBatches) await sendBatches(stack, warm.bodies, batchSizes(warmupBatches * BATCH_SIZE), ids, ctx.signal);

    ctx.log(`ingest: ${records} records in ${records / BATCH_SIZE} batches of ${BATCH_SIZE} from ${CLIENTS} clients…`);
    const batchLoadBefore = loadavg()[0]!;
    const batchCpuBefore = await cpuSnapshot(stack, undefined, { database: true });
    // At most half of the time left (the single calls take about 20 s more), so the run ends in time on a slow database.
    const stopBy = Date.now() + (ctx.deadline - CLEANUP_RESERVE_MS - 30_000 - Date.now()) / 2;
    const roundTrips = await profiled('batches', '1k records', (trips) => (trips.length * BATCH_SIZE) / 1000, () =>
      sendBatches(stack, measured.bodies, batchSizes(records), ids, ctx.signal, stopBy),
    );
    const batchCpuAfter = await cpuSnapshot(stack, undefined, { database: true });
    const batchWall = batchCpuAfter.at - batchCpuBefore.at;
    const sentRecords = batchSizes(records).slice(0, roundTrips.length).reduce((a, b) => a + b, 0);
    if (sentRecords < records) ctx.log(`ingest: stopped after ${sentRecords} of ${records} records: half the time allowed was spent`);
    const batch: BatchPhase = {
      records: sentRecords,
      batches: roundTrips.length,
      wallMs: batchWall,
      recordsPerSecond: (sentRecords * 1000) / batchWall,
      roundTrip: summarize(roundTrips),
      cpu: cpuBetween(batchCpuBefore, batchCpuAfter, sentRecords / 1000),
      loadAverage: { before: batchLoadBefore, after: loadavg()[0]! },
    };

    ctx.log(`ingest: single logRequest at ${SINGLES_PER_SECOND}/s: ${singlesWarmup} warm-up, then ${singles} measured…`);
    await sleep(1000);
    const singlesWarm = singlesWarmup ? await sendPaced(stack, singleWarm.bodies, ids, ctx.signal) : { timedOut: 0, failed: [] };
    const singleLoadBefore = loadavg()[0]!;
    const singleCpuBefore = await cpuSnapshot(stack, undefined, { database: true });
    const { latency, lag, timedOut, failed } = await profiled('singles', 'call', () => singles, () => sendPaced(stack, singleMeasured.bodies, ids, ctx.signal));
    const singleCpuAfter = await cpuSnapshot(stack, undefined, { database: true });
    const singleWall = singleCpuAfter.at - singleCpuBefore.at;
    const single: SinglePhase = {
      requests: singles,
      timedOut,
      failed,
      wallMs: singleWall,
      achievedPerSecond: (singles * 1000) / singleWall,
      latency: summarize(latency),
      sendLag: summarize(lag),
      cpu: cpuBetween(singleCpuBefore, singleCpuAfter, singles),
      loadAverage: { before: singleLoadBefore, after: loadavg()[0]! },
    };

    // Every call answered gives its ids; a single call given up gives none.
    const unanswered = timedOut + failed.length + singlesWarm.timedOut + singlesWarm.failed.length;
    const expectedIds = warmupBatches * BATCH_SIZE + sentRecords + singlesWarmup + singles - unanswered;
    const distinct = new Set(ids).size;
    const { found, errors: readErrors } = await spotCheck(stack, ids, ctx.signal);

    // Issue 11: what storing requests costs Reprise's own processes, the gateway and history together.
    const ownCpuPer1k = batch.cpu.filter((c) => c.process === 'gateway' || c.process === 'history').reduce((sum, c) => sum + c.perRunMs, 0);
    const targets: Target[] = [
      { label: `logRequests, ${BATCH_SIZE} a call, ${CLIENTS} clients`, measured: batch.recordsPerSecond, limit: 5000, unit: 'records/s', kind: 'min' },
      { label: 'gateway + history CPU per 1k records (batches)', measured: ownCpuPer1k, limit: 100, unit: 'ms', kind: 'max' },
      { label: `single logRequest p99 at ${SINGLES_PER_SECOND}/s`, measured: single.latency.p99, limit: 25, unit: 'ms', kind: 'max' },
    ];
    const pass = (t: Target) => (t.kind === 'min' ? t.measured >= t.limit : t.measured <= t.limit);

    const sections = [
      `Ingestion: logRequests in batches of ${BATCH_SIZE} from ${CLIENTS} concurrent clients, each sending its next batch when answered\n` +
        `${sentRecords} records (${(inputSize.mean / 1024).toFixed(2)} KB of GraphQL input each on average, ${(inputSize.min / 1024).toFixed(2)}–${(inputSize.max / 1024).toFixed(2)} KB) ` +
        `in ${(batchWall / 1000).toFixed(1)} s = ${batch.recordsPerSecond.toFixed(0)} records/s end to end; ${load(batch.loadAverage)}\n` +
        `${formatTable(SUMMARY_COLUMNS, [summaryCells(`batch round trip (${BATCH_SIZE} records)`, batch.roundTrip)])}\n\n` +
        cpuTable(batch.cpu, 'ms/1k records'),
      `Single logRequest, paced at ${SINGLES_PER_SECOND}/s open loop: ${singles} calls sent over ${(singles / SINGLES_PER_SECOND).toFixed(1)} s, all settled after ${(singleWall / 1000).toFixed(1)} s (${single.achievedPerSecond.toFixed(0)}/s); ${load(single.loadAverage)}\n` +
        (timedOut ? `${timedOut} calls unanswered after ${SINGLE_TIMEOUT_MS / 1000} s were given up and count at ${SINGLE_TIMEOUT_MS} ms: the services did not keep up with the pace\n` : '') +
        (failed.length ? `${failed.length} calls failed (left out of the figures), e.g. ${failed[0]}\n` : '') +
        `${formatTable(SUMMARY_COLUMNS, [summaryCells('latency (sent → id read)', single.latency), summaryCells('client sent late by (its own schedule)', single.sendLag)])}\n\n` +
        cpuTable(single.cpu, 'ms/call'),
      `Stored: ${ids.length} ids answered for ${expectedIds} records sent and answered, ${distinct} distinct; ${found} of ${Math.min(SPOT_CHECKS, ids.length)} read back through request(id).` +
        (readErrors.length ? `\nread-back errors:\n  ${readErrors.slice(0, 3).join('\n  ')}` : ''),
      formatTable(
        [{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'limit' }, { header: 'result', align: 'left' }],
        targets.map((t) => [
          t.label,
          `${t.unit === 'ms' ? ms(t.measured) : t.measured.toFixed(0)} ${t.unit}`,
          `${t.kind === 'min' ? '≥' : '≤'} ${t.limit} ${t.unit}`,
          pass(t) ? 'PASS' : 'FAIL',
        ]),
      ),
    ];
    if (profileTexts.length) sections.push(`CPU profiles of the measured phases (.cpuprofile files in ${profileDir}):\n\n${profileTexts.join('\n\n')}`);
    process.stdout.write(`\n${sections.join('\n\n')}\n\n`);

    const stored = ids.length === expectedIds && distinct === expectedIds && found === Math.min(SPOT_CHECKS, ids.length);
    if (!stored) ctx.log('ingest: not every record came back with its own id; see "Stored" above');
    await mkdir(ctx.resultsDir, { recursive: true });
    await writeFile(
      resultFile,
      `${JSON.stringify(
        {
          benchmark: 'ingest',
          at: new Date().toISOString(),
          node: process.version,
          cpus: availableParallelism(),
          config: { batchSize: BATCH_SIZE, clients: CLIENTS, records, warmupBatches, singles, singlesWarmup, singlesPerSecond: SINGLES_PER_SECOND },
          inputBytes: inputSize,
          targets: targets.map((t) => ({ ...t, pass: pass(t) })),
          batch,
          single,
          stored: { idsAnswered: ids.length, expected: expectedIds, distinct, spotChecked: Math.min(SPOT_CHECKS, ids.length), found, readErrors },
        },
        null,
        2,
      )}\n`,
    );
    return { passed: targets.every(pass) && stored && failed.length === 0, resultFile };
  } finally {
    for (const [, profiler] of profilers) profiler.close();
    ctx.log('ingest: revoking the API key, stopping the services and dropping the database…');
    await stack.close();
  }
}

export const ingest: Benchmark = {
  name: 'ingest',
  description: `logRequests in batches of ${BATCH_SIZE} from ${CLIENTS} clients (records/s), and single logRequest latency at ${SINGLES_PER_SECOND}/s`,
  defaultTimeoutSeconds: 300,
  run,
};
