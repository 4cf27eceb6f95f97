import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runOwnerKey, runStreamKey } from '@reprise/contracts';
import { SIMULATED_MODELS, simulatedAnswer } from '@reprise/simulator';
import type { Client as WsClient } from 'graphql-ws';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { connectWs, range, startRun, startTimedSimulator, streamIdLess, watchRun, withTimeout, type TimedSimulator, type Watch } from './lib/run-harness.js';
import { startServiceStack, type ServiceStack } from './lib/service-stack.js';
import { formatTable, ms } from './lib/table.js';
import { summarize, type Summary } from './lib/stats.js';

/**
 * Streaming fidelity and throughput through one gateway: 50 runs of 64 deltas
 * paced 20 ms apart, each watched on one shared graphql-ws connection, timed
 * against the moment the simulator (in this process, every write timed) sent
 * each token; then runs of 64 fast deltas at rising concurrency for the RunDelta
 * frames per second the gateway delivers.
 */

const MODEL: string = SIMULATED_MODELS[0];
const PACED = { runs: 50, delayMs: 20, tokens: 64 } as const;
const LEVELS: readonly number[] = [50, 100, 200, 400];
const FAST = { delayMs: 2, tokens: 64 } as const;
const WORKER_CONCURRENCY = 400;
const RUN_TIMEOUT_MS = 60_000;
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
async function launch(stack: ServiceStack, ws: WsClient, n: number, marker: string, tokens: number, runIds: string[], signal: AbortSignal): Promise<RunCheck[]> {
  const runSignal = AbortSignal.any([signal, AbortSignal.timeout(RUN_TIMEOUT_MS)]);
  setMaxListeners(n * 4 + 10, runSignal);
  const tag = randomUUID().slice(0, 8);
  const runs = await Promise.all(
    range(n).map(async (i) => {
      const content = `${marker} Stream ${tag} number ${i}.`;
      const expected = simulatedAnswer({ messages: [{ role: 'user', content }] }, { tokens }).text;
      const runId = await startRun(stack.gatewayUrl, stack.auth, MODEL, content, runSignal);
      runIds.push(runId);
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
  /** Per run, the same against the ideal schedule (first delta's receipt + k × 20 ms), which also counts the simulator's own timer drift. */
  vsIdealSchedule: Summary;
  /** Gap between consecutive writes of the simulator (its own pacing, for reference). */
  simPacing: Summary;
  /** Client inter-arrival of deltas, for reference. */
  interArrival: Summary;
  unmatchedResponses: number;
}

function pacedReport(runs: readonly RunCheck[], sim: TimedSimulator, integrity: Integrity): PacedReport {
  const byText = new Map<string, number[]>();
  for (const resp of sim.responses) if (resp.ended) byText.set(resp.contents.join(''), resp.contentWrites);
  const perToken: number[] = [];
  const perDelta: number[] = [];
  const vsIdeal: number[] = [];
  const pacing: number[] = [];
  const inter: number[] = [];
  let unmatched = 0;
  for (const r of runs) {
    const writes = byText.get(r.expected);
    const deltas = r.watch.events.filter((e) => e.event.__typename === 'RunDelta');
    for (let i = 1; i < deltas.length; i++) inter.push(deltas[i]!.at - deltas[i - 1]!.at);
    if (!writes) {
      unmatched++;
      continue;
    }
    for (let i = 1; i < writes.length; i++) pacing.push(writes[i]! - writes[i - 1]!);
    // Token boundaries: cumulative length after each simulator frame.
    const ends: number[] = [];
    const frames = sim.responses.find((x) => x.contentWrites === writes)!.contents;
    let acc = 0;
    for (const f of frames) ends.push((acc += f.length));
    let k = 0;
    let received = 0;
    const t0 = deltas[0]?.at ?? 0;
    for (const d of deltas) {
      received += d.event.text?.length ?? 0;
      let lastK = -1;
      while (k < ends.length && ends[k]! <= received) {
        perToken.push(d.at - writes[k]!);
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

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `streams-${stamp}.json`);
  ctx.log('streams: starting history, runner API, runner worker and gateway as processes, the simulator in this process…');
  const stack = await startServiceStack({
    services: ['history', 'runner-api', 'runner-worker', 'gateway'],
    workerConcurrency: WORKER_CONCURRENCY,
    signal: ctx.signal,
    log: ctx.log,
  });
  const runIds: string[] = [];
  let sim: TimedSimulator | undefined;
  let ws: WsClient | undefined;
  try {
    sim = await startTimedSimulator(Number(new URL(stack.simulatorUrl).port));
    ws = await connectWs(stack.gatewayWsUrl, stack.auth, ctx.signal);

    ctx.log('streams: warm-up (20 runs)…');
    await launch(stack, ws, 20, `[sim ttft=0 delay=5 tokens=16]`, 16, runIds, ctx.signal);

    ctx.log(`streams: ${PACED.runs} runs of ${PACED.tokens} deltas paced at ${PACED.delayMs} ms…`);
    sim.reset();
    const paced = await launch(stack, ws, PACED.runs, `[sim ttft=0 delay=${PACED.delayMs} tokens=${PACED.tokens}]`, PACED.tokens, runIds, ctx.signal);
    const pacedR = pacedReport(paced, sim, checkRuns(paced, PACED.tokens));

    const levels: LevelReport[] = [];
    for (const n of LEVELS) {
      if (Date.now() > ctx.deadline - 30_000) break;
      stack.assertAlive();
      ctx.log(`streams: throughput, ${n} concurrent runs of ${FAST.tokens} deltas at ${FAST.delayMs} ms…`);
      sim.reset();
      const cpu0 = stack.cpuMs();
      const t0 = performance.now();
      try {
        const runs = await launch(stack, ws, n, `[sim ttft=0 delay=${FAST.delayMs} tokens=${FAST.tokens}]`, FAST.tokens, runIds, ctx.signal);
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

    // ---- report
    const i = pacedR.integrity;
    const pacedTable = formatTable(
      [{ header: `${PACED.runs} runs × ${PACED.tokens} tokens @ ${PACED.delayMs} ms (ms)`, align: 'left' }, { header: 'n' }, { header: 'p50' }, { header: 'p99' }, { header: 'mean' }, { header: 'max' }],
      (
        [
          ['added delay per token (sim write → client receipt)', pacedR.perToken],
          ['added delay per delta (last token it carries)', pacedR.perDelta],
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
    const bestFrames = Math.max(0, ...levels.map((l) => l.framesPerS));
    const targets = [
      { target: `added delay p99 ≤ ${TARGET_ADDED_P99_MS} ms (per token)`, measured: pacedR.perToken.p99, pass: pacedR.perToken.p99 <= TARGET_ADDED_P99_MS },
      { target: 'zero lost or reordered text (paced)', measured: i.textMismatch + i.reordered + i.notCompleted, pass: i.textMismatch + i.reordered + i.notCompleted === 0 },
      {
        target: 'zero lost or reordered text (throughput levels)',
        measured: levels.reduce((n, l) => n + l.integrity.textMismatch + l.integrity.reordered + l.integrity.notCompleted + (l.error ? 1 : 0), 0),
        pass: levels.every((l) => !l.error && l.integrity.textMismatch + l.integrity.reordered + l.integrity.notCompleted === 0),
      },
      { target: `≥ ${TARGET_FRAMES_PER_S} RunDelta frames/s through one gateway (best level)`, measured: bestFrames, pass: bestFrames >= TARGET_FRAMES_PER_S },
    ];
    const targetTable = formatTable(
      [{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'result' }],
      targets.map((t) => [t.target, t.measured.toFixed(2), t.pass ? 'PASS' : 'FAIL']),
    );
    process.stdout.write(
      `\nstreams: one gateway, one shared graphql-ws connection, simulator in the bench process (writes timed)\n\n${pacedTable}\n${integrityLine}\n\n` +
        `throughput: runs of ${FAST.tokens} tokens at ${FAST.delayMs} ms, all at once, one graphql-ws connection (frames/s over first→last RunDelta received; the worker joins tokens arriving during a Redis write into one delta)\n\n${levelTable}\n\n${targetTable}\n\n`,
    );
    await mkdir(ctx.resultsDir, { recursive: true });
    await writeFile(
      resultFile,
      `${JSON.stringify({ benchmark: 'streams', at: new Date().toISOString(), node: process.version, cpus: availableParallelism(), config: { PACED, LEVELS, FAST, WORKER_CONCURRENCY, model: MODEL }, paced: pacedR, levels, targets }, null, 2)}\n`,
    );
    return { passed: targets.every((t) => t.pass), resultFile };
  } finally {
    await ws?.dispose();
    await sim?.close().catch(() => undefined);
    ctx.log('streams: stopping the services and deleting keys and database…');
    await stack.close(runIds.flatMap((id) => [runStreamKey(id), runOwnerKey(id)]));
  }
}

export const streams: Benchmark = {
  name: 'streams',
  description: '50 paced streams: delay added per delta and lost/reordered text; RunDelta frames/s through one gateway at rising concurrency',
  defaultTimeoutSeconds: 300,
  run,
};
