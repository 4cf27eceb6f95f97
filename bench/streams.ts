import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SIMULATED_MODELS, simulatedAnswer } from '@reprise/simulator';
import type { Client as WsClient } from 'graphql-ws';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { runGatewayAlone, SHORT_RATIO, type GatewayAloneLevel, type GatewayAloneReport } from './lib/gateway-alone.js';
import { connectWs, range, startRun, streamIdLess, watchRun, type Watch } from './lib/run-harness.js';
import { startServiceStack, type ServiceStack } from './lib/service-stack.js';
import { formatTable, ms } from './lib/table.js';
import { summarize, type Summary } from './lib/stats.js';
import { forkTimedSimulator, type ClockCheck, type ForkedSimulator, type SimResponseLog } from './lib/timed-simulator.js';

/**
 * Streaming fidelity and throughput through one gateway: 50 runs of 64 deltas
 * paced 20 ms apart, each watched on one shared graphql-ws connection, timed
 * against the moment the simulator (a child process of the bench, every write
 * timed) sent each token; then runs of 64 fast deltas at rising concurrency
 * through the worker, end to end; then the gateway alone, fed straight from
 * Redis at a rising rate until it stalls, for the RunDelta frames per second
 * one gateway delivers.
 */

const MODEL: string = SIMULATED_MODELS[0];
const PACED = { runs: 50, delayMs: 20, tokens: 64 } as const;
const LEVELS: readonly number[] = [50, 100, 200, 400];
const FAST = { delayMs: 2, tokens: 64 } as const;
const WORKER_CONCURRENCY = 400;
const RUN_TIMEOUT_MS = 60_000;
/** 200 runs like the end-to-end levels' middle; 3 s a level is long enough for the rate to settle. */
const GATEWAY_ALONE = { runs: 200, rates: [2500, 5000, 10_000, 20_000, 40_000, 80_000], levelSeconds: 3 } as const;
/** A process this busy (% of one core) is taken as saturated. */
const SATURATED_PCT = 90;
const TARGET_ADDED_P99_MS = 3;
const TARGET_FRAMES_PER_S = 5000;

interface RunCheck {
  runId: string;
  expected: string;
  watch: Watch;
}

interface Integrity {
  runs: number;
  /** Runs whose concatenated RunDelta text differs from the simulator's answer. */
  textMismatch: number;
  /** Characters missing (expected − received, where shorter). */
  lostChars: number;
  /** Event ids not strictly increasing, counted per event. */
  reordered: number;
  /** Runs that did not end with RunCompleted. */
  notCompleted: number;
  deltas: number;
  tokens: number;
}

function checkRuns(runs: readonly RunCheck[], tokensPerRun: number): Integrity {
  const out: Integrity = { runs: runs.length, textMismatch: 0, lostChars: 0, reordered: 0, notCompleted: 0, deltas: 0, tokens: runs.length * tokensPerRun };
  for (const r of runs) {
    let text = '';
    let last: string | null = null;
    for (const { event } of r.watch.events) {
      if (last !== null && !streamIdLess(last, event.id)) out.reordered++;
      last = event.id;
      if (event.__typename === 'RunDelta') {
        text += event.text ?? '';
        out.deltas++;
      }
    }
    if (text !== r.expected) {
      out.textMismatch++;
      out.lostChars += Math.max(0, r.expected.length - text.length);
    }
    if (r.watch.events.at(-1)?.event.__typename !== 'RunCompleted') out.notCompleted++;
  }
  return out;
}

/** Starts `n` runs with the given marker, each watched on `ws` as soon as its id is known; resolves when all are over. */
async function launch(stack: ServiceStack, ws: WsClient, n: number, marker: string, tokens: number, signal: AbortSignal): Promise<RunCheck[]> {
  const runSignal = AbortSignal.any([signal, AbortSignal.timeout(RUN_TIMEOUT_MS)]);
  setMaxListeners(n * 4 + 10, runSignal);
  const tag = randomUUID().slice(0, 8);
  const runs = await Promise.all(
    range(n).map(async (i) => {
      const content = `${marker} Stream ${tag} number ${i}.`;
      const expected = simulatedAnswer({ messages: [{ role: 'user', content }] }, { tokens }).text;
      const runId = await startRun(stack.gatewayUrl, stack.auth, MODEL, content, runSignal);
      return { runId, expected, watch: watchRun(ws, runId, runSignal) };
    }),
  );
  await Promise.all(runs.map((r) => r.watch.done));
  return runs;
}

interface PacedReport {
  integrity: Integrity;
  /** Per token: client receipt of the delta carrying it − the simulator's write of it. */
  perToken: Summary;
  /** Per delta: its receipt − the simulator's write of the last token it carries. */
  perDelta: Summary;
  /**
   * Per token, split at the Redis append of the delta carrying it (the ms of
   * its stream id, Redis's clock, which is this machine's): the worker's part
   * and the gateway's. Stream ids are whole ms (truncated), so the first is
   * low and the second high by up to 1 ms.
   */
  simToRedis: Summary;
  redisToClient: Summary;
  /** Per token, only those the simulator wrote after every run's first delta reached the client: streaming without the start of 50 runs at once (job pick-up, subscription set-up). */
  onceAllStreaming: Summary;
  /** Per run, the same against the ideal schedule (first delta's receipt + k × 20 ms), which also counts the simulator's own timer drift. */
  vsIdealSchedule: Summary;
  /** Gap between consecutive writes of the simulator (its own pacing, for reference). */
  simPacing: Summary;
  /** Client inter-arrival of deltas, for reference. */
  interArrival: Summary;
  unmatchedResponses: number;
}

function pacedReport(runs: readonly RunCheck[], responses: readonly SimResponseLog[], integrity: Integrity): PacedReport {
  const byText = new Map<string, SimResponseLog>();
  for (const resp of responses) if (resp.ended) byText.set(resp.contents.join(''), resp);
  const perToken: number[] = [];
  const perDelta: number[] = [];
  const toRedis: number[] = [];
  const fromRedis: number[] = [];
  const steady: number[] = [];
  const allStreaming = Math.max(...runs.map((r) => r.watch.events.find((e) => e.event.__typename === 'RunDelta')?.at ?? Number.POSITIVE_INFINITY));
  const vsIdeal: number[] = [];
  const pacing: number[] = [];
  const inter: number[] = [];
  let unmatched = 0;
  for (const r of runs) {
    const resp = byText.get(r.expected);
    const deltas = r.watch.events.filter((e) => e.event.__typename === 'RunDelta');
    for (let i = 1; i < deltas.length; i++) inter.push(deltas[i]!.at - deltas[i - 1]!.at);
    if (!resp) {
      unmatched++;
      continue;
    }
    const writes = resp.contentWrites;
    for (let i = 1; i < writes.length; i++) pacing.push(writes[i]! - writes[i - 1]!);
    // Token boundaries: cumulative length after each simulator frame.
    const ends: number[] = [];
    let acc = 0;
    for (const f of resp.contents) ends.push((acc += f.length));
    let k = 0;
    let received = 0;
    const t0 = deltas[0]?.at ?? 0;
    for (const d of deltas) {
      received += d.event.text?.length ?? 0;
      const appended = Number(d.event.id.split('-')[0]);
      let lastK = -1;
      while (k < ends.length && ends[k]! <= received) {
        perToken.push(d.at - writes[k]!);
        toRedis.push(appended - writes[k]!);
        fromRedis.push(d.at - appended);
        if (writes[k]! > allStreaming) steady.push(d.at - writes[k]!);
        lastK = k;
        k++;
      }
      if (lastK >= 0) {
        perDelta.push(d.at - writes[lastK]!);
        vsIdeal.push(d.at - (t0 + lastK * PACED.delayMs));
      }
    }
  }
  return {
    integrity,
    perToken: summarize(perToken),
    perDelta: summarize(perDelta),
    simToRedis: summarize(toRedis),
    redisToClient: summarize(fromRedis),
    onceAllStreaming: summarize(steady),
    vsIdealSchedule: summarize(vsIdeal),
    simPacing: summarize(pacing),
    interArrival: summarize(inter),
    unmatchedResponses: unmatched,
  };
}

interface LevelReport {
  concurrency: number;
  frames: number;
  tokens: number;
  wallS: number;
  framesPerS: number;
  tokensPerS: number;
  integrity: Integrity;
  workerCpuPct: number;
  gatewayCpuPct: number;
  error?: string;
}

function clockLine(clock: ClockCheck): string {
  const sign = clock.offsetMs >= 0 ? '+' : '−';
  return `its clock − the bench's: ${sign}${Math.abs(clock.offsetMs).toFixed(3)} ms ± ${clock.boundMs.toFixed(3)}, best of ${clock.roundTrips} IPC round trips`;
}

/** What held the gateway-alone figure down at its last level, judged from each process's CPU. */
function limitOf(last: GatewayAloneLevel | undefined): string {
  if (!last) return 'no level ran';
  const { gateway, client, redis } = last.cpuPct;
  const pct = (n: number) => `${n.toFixed(0)}%`;
  if (!last.stalled && !last.offerShort) return `nothing: no stall up to ${last.offeredPerS} frames/s offered, so the best figure is a floor`;
  const reasons: string[] = [];
  if (last.offerShort) reasons.push(`the bench, which could append only ${last.appendedPerS.toFixed(0)} of the ${last.offeredPerS} frames/s offered`);
  if (client >= SATURATED_PCT) {
    reasons.push(
      `the bench client (${pct(client)} of its one thread: it parses every graphql-ws frame and also appends the deltas), so the figure is the client's ceiling and the gateway's own is at least that`,
    );
  }
  if (gateway >= SATURATED_PCT) reasons.push(`the gateway (${pct(gateway)} of its one thread)`);
  const cores = availableParallelism();
  const total = gateway + client + redis;
  if (total >= SATURATED_PCT * cores) reasons.push(`the machine's ${cores} cores, shared by gateway, client and Redis (${pct(total)} of ${cores * 100}%)`);
  return reasons.length ? reasons.join('; and ') : `no process was CPU-bound (gateway ${pct(gateway)}, client ${pct(client)}, Redis ${pct(redis)}): waiting, not work`;
}

function gatewayAloneCaption(alone: GatewayAloneReport): string {
  return (
    `gateway alone: ${alone.runs} runs written straight to Redis by the bench (XADD pipelines every few ms on one connection, as the worker writes them), ` +
    `one graphql-ws connection, ${GATEWAY_ALONE.levelSeconds} s per offered rate, until a rate delivers < ${SHORT_RATIO * 100}% of what was appended ("stall") or the bench appends < ${SHORT_RATIO * 100}% of the rate ("bench short") ` +
    `(delivered/s = frames received ÷ first append → last receipt; latency = append → receipt; client CPU includes the appending; ` +
    `${alone.notCompleted} runs not completed)\n` +
    `limited by: ${limitOf(alone.levels.at(-1))}`
  );
}

function gatewayAloneTable(alone: GatewayAloneReport): string {
  return formatTable(
    [
      { header: 'offered frames/s' },
      { header: 'appended/s' },
      { header: 'delivered' },
      { header: 'delivered/s' },
      { header: 'latency p50' },
      { header: 'p99' },
      { header: 'lost' },
      { header: 'reordered' },
      { header: 'gateway CPU %' },
      { header: 'client CPU %' },
      { header: 'Redis CPU %' },
      { header: '', align: 'left' },
    ],
    alone.levels.map((l) => [
      String(l.offeredPerS),
      l.appendedPerS.toFixed(0),
      `${l.delivered}/${l.appended}`,
      l.deliveredPerS.toFixed(0),
      ms(l.latency.p50),
      ms(l.latency.p99),
      String(l.lost),
      String(l.reordered),
      l.cpuPct.gateway.toFixed(0),
      l.cpuPct.client.toFixed(0),
      l.cpuPct.redis.toFixed(0),
      [l.stalled && 'stall', l.offerShort && 'bench short'].filter(Boolean).join(', '),
    ]),
  );
}

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `streams-${stamp}.json`);
  ctx.log('streams: starting history, runner API, runner worker and gateway as processes, and the timed simulator as a process of the bench…');
  const stack = await startServiceStack({
    services: ['history', 'runner-api', 'runner-worker', 'gateway'],
    workerConcurrency: WORKER_CONCURRENCY,
    signal: ctx.signal,
    log: ctx.log,
  });
  let sim: ForkedSimulator | undefined;
  let ws: WsClient | undefined;
  try {
    // Its own process: the bench's event loop, busy receiving frames, would otherwise delay the simulator's timers.
    sim = await forkTimedSimulator(Number(new URL(stack.simulatorUrl).port), ctx.signal, ctx.log);
    const clock = await sim.checkClock();
    ws = await connectWs(stack.gatewayWsUrl, stack.auth, ctx.signal);

    ctx.log('streams: warm-up (20 runs)…');
    await launch(stack, ws, 20, `[sim ttft=0 delay=5 tokens=16]`, 16, ctx.signal);

    ctx.log(`streams: ${PACED.runs} runs of ${PACED.tokens} deltas paced at ${PACED.delayMs} ms…`);
    await sim.reset();
    const paced = await launch(stack, ws, PACED.runs, `[sim ttft=0 delay=${PACED.delayMs} tokens=${PACED.tokens}]`, PACED.tokens, ctx.signal);
    const pacedR = pacedReport(paced, await sim.dump(), checkRuns(paced, PACED.tokens));

    const levels: LevelReport[] = [];
    for (const n of LEVELS) {
      if (Date.now() > ctx.deadline - 60_000) break;
      stack.assertAlive();
      ctx.log(`streams: throughput, ${n} concurrent runs of ${FAST.tokens} deltas at ${FAST.delayMs} ms…`);
      // Only to keep the simulator's log small: these levels use no write times.
      await sim.reset();
      const cpu0 = stack.cpuMs();
      const t0 = performance.now();
      try {
        const runs = await launch(stack, ws, n, `[sim ttft=0 delay=${FAST.delayMs} tokens=${FAST.tokens}]`, FAST.tokens, ctx.signal);
        const cpu1 = stack.cpuMs();
        const times = runs.flatMap((r) => r.watch.events.filter((e) => e.event.__typename === 'RunDelta').map((e) => e.at));
        const first = Math.min(...times);
        const last = Math.max(...times);
        const wallS = (last - first) / 1000;
        const integrity = checkRuns(runs, FAST.tokens);
        const elapsed = performance.now() - t0;
        levels.push({
          concurrency: n,
          frames: times.length,
          tokens: integrity.tokens,
          wallS,
          framesPerS: times.length / wallS,
          tokensPerS: integrity.tokens / wallS,
          integrity,
          workerCpuPct: ((cpu1['runner-worker']! - cpu0['runner-worker']!) / elapsed) * 100,
          gatewayCpuPct: ((cpu1.gateway! - cpu0.gateway!) / elapsed) * 100,
        });
      } catch (error) {
        levels.push({ concurrency: n, frames: 0, tokens: 0, wallS: 0, framesPerS: 0, tokensPerS: 0, integrity: checkRuns([], 0), workerCpuPct: 0, gatewayCpuPct: 0, error: String(error) });
        break;
      }
    }

    const alone = await runGatewayAlone(stack, ws, { ...GATEWAY_ALONE, model: MODEL, signal: ctx.signal, stopBy: ctx.deadline - 30_000, log: ctx.log });

    // ---- report
    const i = pacedR.integrity;
    const pacedTable = formatTable(
      [{ header: `${PACED.runs} runs × ${PACED.tokens} tokens @ ${PACED.delayMs} ms (ms)`, align: 'left' }, { header: 'n' }, { header: 'p50' }, { header: 'p99' }, { header: 'mean' }, { header: 'max' }],
      (
        [
          ['added delay per token (sim write → client receipt)', pacedR.perToken],
          ['added delay per delta (last token it carries)', pacedR.perDelta],
          ['  sim write → Redis append (worker; whole-ms ids: ≤ 1 low)', pacedR.simToRedis],
          ['  Redis append → client receipt (gateway; ≤ 1 high)', pacedR.redisToClient],
          ['added delay per token once every run streams', pacedR.onceAllStreaming],
          ['vs ideal schedule (first delta + k×20 ms)', pacedR.vsIdealSchedule],
          ['simulator pacing (gap between its writes)', pacedR.simPacing],
          ['client inter-arrival of RunDelta', pacedR.interArrival],
        ] as const
      ).map(([label, s]) => [label, String(s.n), ms(s.p50), ms(s.p99), ms(s.mean), ms(s.max)]),
    );
    const integrityLine = `integrity: ${i.runs} runs, ${i.deltas} RunDelta frames for ${i.tokens} tokens; text ≠ simulator answer: ${i.textMismatch} runs (${i.lostChars} chars lost); ids not increasing: ${i.reordered}; not completed: ${i.notCompleted}; sim responses not matched: ${pacedR.unmatchedResponses}`;
    const levelTable = formatTable(
      [
        { header: 'concurrent runs' },
        { header: 'RunDelta frames' },
        { header: 'tokens' },
        { header: 'seconds' },
        { header: 'frames/s' },
        { header: 'tokens/s' },
        { header: 'text wrong' },
        { header: 'reordered' },
        { header: 'worker CPU %' },
        { header: 'gateway CPU %' },
      ],
      levels.map((l) =>
        l.error
          ? [String(l.concurrency), 'stalled', l.error.slice(0, 60), '', '', '', '', '', '', '']
          : [
              String(l.concurrency),
              String(l.frames),
              String(l.tokens),
              l.wallS.toFixed(2),
              l.framesPerS.toFixed(0),
              l.tokensPerS.toFixed(0),
              String(l.integrity.textMismatch),
              String(l.integrity.reordered),
              l.workerCpuPct.toFixed(0),
              l.gatewayCpuPct.toFixed(0),
            ],
      ),
    );
    const aloneTable = gatewayAloneTable(alone);
    const aloneBroken = alone.levels.reduce((n, l) => n + l.lost + l.reordered, alone.notCompleted);
    const bestFrames = Math.max(0, ...alone.levels.map((l) => l.deliveredPerS));
    const targets = [
      { target: `added delay p99 ≤ ${TARGET_ADDED_P99_MS} ms (per token)`, measured: pacedR.perToken.p99, pass: pacedR.perToken.p99 <= TARGET_ADDED_P99_MS },
      { target: 'zero lost or reordered text (paced)', measured: i.textMismatch + i.reordered + i.notCompleted, pass: i.textMismatch + i.reordered + i.notCompleted === 0 },
      {
        target: 'zero lost or reordered text (throughput levels)',
        measured: levels.reduce((n, l) => n + l.integrity.textMismatch + l.integrity.reordered + l.integrity.notCompleted + (l.error ? 1 : 0), 0),
        pass: levels.every((l) => !l.error && l.integrity.textMismatch + l.integrity.reordered + l.integrity.notCompleted === 0),
      },
      { target: 'zero lost or reordered deltas (gateway alone)', measured: aloneBroken, pass: alone.levels.length > 0 && aloneBroken === 0 },
      { target: `≥ ${TARGET_FRAMES_PER_S} RunDelta frames/s through one gateway (best delivered, gateway alone)`, measured: bestFrames, pass: bestFrames >= TARGET_FRAMES_PER_S },
    ];
    const targetTable = formatTable(
      [{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'result' }],
      targets.map((t) => [t.target, t.measured.toFixed(2), t.pass ? 'PASS' : 'FAIL']),
    );
    process.stdout.write(
      `\nstreams: one gateway, one shared graphql-ws connection, simulator in its own process (writes timed; ${clockLine(clock)})\n\n${pacedTable}\n${integrityLine}\n\n` +
        `throughput end to end, for reference (the worker and simulator share the machine's cores with the gateway: not the gateway's ceiling, see "gateway alone"): runs of ${FAST.tokens} tokens at ${FAST.delayMs} ms, all at once, one graphql-ws connection (frames/s over first→last RunDelta received; the worker joins tokens arriving during a Redis write into one delta)\n\n${levelTable}\n\n` +
        `${gatewayAloneCaption(alone)}\n\n${aloneTable}\n\n${targetTable}\n\n`,
    );
    await mkdir(ctx.resultsDir, { recursive: true });
    await writeFile(
      resultFile,
      `${JSON.stringify({ benchmark: 'streams', at: new Date().toISOString(), node: process.version, cpus: availableParallelism(), config: { PACED, LEVELS, FAST, WORKER_CONCURRENCY, GATEWAY_ALONE, model: MODEL }, clock, paced: pacedR, levels, gatewayAlone: alone, targets }, null, 2)}\n`,
    );
    return { passed: targets.every((t) => t.pass), resultFile };
  } finally {
    await ws?.dispose();
    await sim?.close().catch(() => undefined);
    ctx.log('streams: stopping the services and deleting keys and database…');
    await stack.close();
  }
}

export const streams: Benchmark = {
  name: 'streams',
  description: '50 paced streams: delay added per delta and lost/reordered text; RunDelta frames/s end to end at rising concurrency, and through the gateway alone until it stalls',
  defaultTimeoutSeconds: 300,
  run,
};
