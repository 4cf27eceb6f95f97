import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { Client as WsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { cpuBetween, cpuSnapshot, type CpuRow } from './lib/cpu-usage.js';
import { MESSAGES, MODEL, PHASES, SIM } from './lib/latency-request.js';
import { connectWs, range } from './lib/run-harness.js';
import { startServiceStack, type PeerProcess, type ServiceStack } from './lib/service-stack.js';
import { summarize, type Summary } from './lib/stats.js';
import { formatTable, ms } from './lib/table.js';
import { probeComplete, probeDirect, probePath } from './lib/ttft-probes.js';

/**
 * Reprise beside a peer in one run: the same chat request to the simulator
 * straight with the openai SDK, through Portkey's open-source gateway (a
 * stateless proxy), and through Reprise's whole path, interleaved, so that
 * what each adds is measured under the same load, on the same machine, at
 * the same moment.
 */

/** Reprise's added p50 over Portkey's, at most. */
const RATIO_TARGETS = [
  { concurrency: 1, limit: 1.5 },
  { concurrency: 50, limit: 3 },
] as const;
/** CPU per run of Reprise's own processes together, at most, at each concurrency. */
const CPU_TARGET_MS = 3;

/** Reprise's own processes, whose CPU a run costs; Redis's is shared with anything else using that server. */
const REPRISE_PROCESSES = ['gateway', 'runner-api', 'runner-worker', 'history', 'redis-server (shared)'] as const;
const PORTKEY = 'portkey';

/** Longer than any healthy run by far; a run past it means something is stuck. */
const RUN_TIMEOUT_MS = 30_000;
/** Runs one worker process takes at once: the service's default, above the highest concurrency. */
const WORKER_CONCURRENCY = 100;

/**
 * Portkey 1.15.2 as its `start:node` script runs it. It reads only
 * `--port=N` (a bare `--port N` is ignored and it listens on 8787);
 * `--headless` leaves out its web UI. It forwards a request carrying
 * `x-portkey-provider: openai` and `x-portkey-custom-host: <base URL>` to
 * that host; loopback hosts are trusted by default.
 */
function portkeyPeer(): PeerProcess {
  const dir = dirname(createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json'));
  return { name: PORTKEY, cwd: dir, args: (port) => ['build/start-server.js', `--port=${port}`, '--headless'], readyPath: '/' };
}

/**
 * Each timed call, in the order a round makes them. Reprise is compared on
 * time to first token with the streamed call as its baseline, exactly as
 * `ttft` does; Portkey on the whole answer with the non-streamed call as
 * its baseline, because its streaming path fails on Node 20 (undici's
 * `Headers.append` throws "immutable" in its response handling, answered 500).
 */
const MODES = ['direct streamed', 'reprise', 'direct whole', 'portkey'] as const;
type Mode = (typeof MODES)[number];

/** The i-th run of each mode in one round, in milliseconds. */
type Quad = Record<Mode, number>;

interface Clients {
  simulator: OpenAI;
  portkey: OpenAI;
  ws: WsClient;
  gatewayUrl: string;
  auth: { authorization: string };
}

function probe(clients: Clients, mode: Mode, signal: AbortSignal): Promise<number> {
  switch (mode) {
    case 'direct streamed':
      return probeDirect(clients.simulator, MESSAGES, MODEL, signal).then((t) => t.ttftMs);
    case 'reprise':
      return probePath(clients, { model: MODEL, messages: MESSAGES }, signal).then((t) => t.firstDeltaReceived.mono - t.sent.mono);
    case 'direct whole':
      return probeComplete(clients.simulator, MESSAGES, MODEL, signal);
    case 'portkey':
      return probeComplete(clients.portkey, MESSAGES, MODEL, signal);
  }
}

/**
 * Runs `runs` rounds' worth of each mode at `concurrency`. A round launches
 * `concurrency` calls of one mode at once, waits for them, then the next
 * mode; every other round takes the modes in reverse order, so each path
 * and its baseline alternate which goes first (ABBA, as in `ttft`) and each
 * pair in turn follows the other's leftovers (history recording the last
 * runs, say). The i-th calls of a round form one quad.
 */
async function runRounds(clients: Clients, stack: ServiceStack, concurrency: number, runs: number, signal: AbortSignal): Promise<Quad[]> {
  const quads: Quad[] = [];
  for (let round = 0, done = 0; done < runs; round++) {
    const size = Math.min(concurrency, runs - done);
    const times = {} as Record<Mode, number[]>;
    for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
      stack.assertAlive();
      const runSignal = AbortSignal.any([signal, AbortSignal.timeout(RUN_TIMEOUT_MS)]);
      // Every call of the round listens on it.
      setMaxListeners(size * 4 + 10, runSignal);
      times[mode] = await Promise.all(range(size).map(() => probe(clients, mode, runSignal)));
    }
    for (const i of range(size)) quads.push(Object.fromEntries(MODES.map((m) => [m, times[m][i]!])) as Quad);
    done += size;
  }
  return quads;
}

interface Row {
  label: string;
  summary: Summary;
}

interface PhaseReport {
  concurrency: number;
  runs: number;
  wallMs: number;
  rows: { directStreamed: Row; reprise: Row; repriseAdded: Row; directWhole: Row; portkey: Row; portkeyAdded: Row };
  /** Reprise's added p50 ÷ Portkey's (NaN when Portkey's is not above zero). */
  ratio: number;
  cpu: CpuRow[];
  /** CPU per Reprise run of its own processes together. */
  repriseCpuPerRunMs: number;
  loadAverage: { before: number; after: number };
  raw: Quad[];
}

function phaseReport(concurrency: number, quads: Quad[], wallMs: number, cpu: CpuRow[], loadAverage: PhaseReport['loadAverage']): PhaseReport {
  const row = (label: string, f: (q: Quad) => number): Row => ({ label, summary: summarize(quads.map(f)) });
  const rows = {
    directStreamed: row('direct, streamed: call → first content chunk', (q) => q['direct streamed']),
    reprise: row('Reprise: startRun sent → first RunDelta', (q) => q.reprise),
    repriseAdded: row('  Reprise added (Reprise_i − direct streamed_i)', (q) => q.reprise - q['direct streamed']),
    directWhole: row('direct, not streamed: call → whole completion', (q) => q['direct whole']),
    portkey: row('Portkey: call → whole completion', (q) => q.portkey),
    portkeyAdded: row('  Portkey added (Portkey_i − direct whole_i)', (q) => q.portkey - q['direct whole']),
  };
  const portkeyP50 = rows.portkeyAdded.summary.p50;
  const repriseCpuPerRunMs = cpu.filter((c) => (REPRISE_PROCESSES as readonly string[]).includes(c.process)).reduce((sum, c) => sum + c.perRunMs, 0);
  return {
    concurrency,
    runs: quads.length,
    wallMs,
    rows,
    ratio: portkeyP50 > 0 ? rows.repriseAdded.summary.p50 / portkeyP50 : Number.NaN,
    cpu,
    repriseCpuPerRunMs,
    loadAverage,
    raw: quads,
  };
}

const ratioText = (r: number) => (Number.isNaN(r) ? '-' : `${r.toFixed(2)}×`);

function countedFor(process: string): string {
  if ((REPRISE_PROCESSES as readonly string[]).includes(process)) return 'Reprise';
  if (process === PORTKEY) return 'Portkey';
  // The simulator answers every mode, the client makes every call.
  return 'all modes';
}

function renderPhase(r: PhaseReport): string {
  const title =
    `Added latency at concurrency ${r.concurrency}: ${r.runs} calls of each mode in ${Math.ceil(r.runs / r.concurrency)} interleaved rounds, ${(r.wallMs / 1000).toFixed(1)} s ` +
    `(simulator ttft ${SIM.ttftMs} ms, ${SIM.tokens} tokens); load average ${r.loadAverage.before.toFixed(2)} → ${r.loadAverage.after.toFixed(2)} on ${availableParallelism()} cores`;
  const cells = ({ label, summary: s }: Row) => [label, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.mean), ms(s.min), String(s.n)];
  const { directStreamed, reprise, repriseAdded, directWhole, portkey, portkeyAdded } = r.rows;
  const latency = formatTable(
    [{ header: 'ms', align: 'left' }, { header: 'p50' }, { header: 'p95' }, { header: 'p99' }, { header: 'mean' }, { header: 'min' }, { header: 'n' }],
    [
      ...[directStreamed, reprise, repriseAdded].map(cells),
      null,
      ...[directWhole, portkey, portkeyAdded].map(cells),
      null,
      ['Reprise added p50 ÷ Portkey added p50', ratioText(r.ratio), '', '', '', '', ''],
    ],
  );
  const cpu = formatTable(
    [{ header: 'CPU during the measured rounds', align: 'left' }, { header: 'ms' }, { header: 'ms/run' }, { header: 'busy' }, { header: 'counted for', align: 'left' }],
    [
      ...r.cpu.map((c) => [c.process, c.totalMs.toFixed(0), ms(c.perRunMs), `${c.busyPercent.toFixed(0)}%`, countedFor(c.process)]),
      null,
      ['Reprise, its processes together', '', ms(r.repriseCpuPerRunMs), '', ''],
    ],
  );
  return `${title}\n${latency}\n\n${cpu}`;
}

interface TargetResult {
  target: string;
  measured: number;
  limit: number;
  unit: '×' | 'ms';
  pass: boolean;
}

function targetResults(reports: readonly PhaseReport[]): TargetResult[] {
  const at = (concurrency: number) => reports.find((r) => r.concurrency === concurrency);
  return [
    ...RATIO_TARGETS.map(({ concurrency, limit }) => {
      const measured = at(concurrency)?.ratio ?? Number.NaN;
      return { target: `Reprise added p50 ÷ Portkey's at concurrency ${concurrency}`, measured, limit, unit: '×' as const, pass: measured <= limit };
    }),
    ...reports.map((r) => ({
      target: `Reprise CPU per run (gateway, runner API, worker, history, Redis) at concurrency ${r.concurrency}`,
      measured: r.repriseCpuPerRunMs,
      limit: CPU_TARGET_MS,
      unit: 'ms' as const,
      pass: r.repriseCpuPerRunMs <= CPU_TARGET_MS,
    })),
  ];
}

function renderTargets(results: readonly TargetResult[]): string {
  const value = (v: number, unit: TargetResult['unit']) => (unit === '×' ? ratioText(v) : `${ms(v)} ms`);
  return formatTable(
    [{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'limit' }, { header: 'result', align: 'left' }],
    results.map((t) => [t.target, value(t.measured, t.unit), `≤ ${t.unit === '×' ? `${t.limit}×` : `${t.limit} ms`}`, t.pass ? 'PASS' : 'FAIL']),
  );
}

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const phases = PHASES.map((p) => ({ ...p, runs: ctx.overrides.runs ?? p.runs, warmup: ctx.overrides.warmup ?? p.warmup }));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `peer-${stamp}.json`);

  ctx.log('peer: starting simulator, history, runner API, runner worker, gateway and Portkey as separate processes…');
  const stack = await startServiceStack({ simulator: SIM, workerConcurrency: WORKER_CONCURRENCY, peers: [portkeyPeer()], signal: ctx.signal, log: ctx.log });
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 3 });
  let ws: WsClient | undefined;
  try {
    ws = await connectWs(stack.gatewayWsUrl, stack.auth, ctx.signal);
    const clients: Clients = {
      simulator: new OpenAI({ baseURL: stack.simulatorUrl, apiKey: 'simulator', maxRetries: 0 }),
      portkey: new OpenAI({
        baseURL: `${stack.peerUrls[PORTKEY]}/v1`,
        apiKey: 'simulator',
        maxRetries: 0,
        defaultHeaders: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': stack.simulatorUrl },
      }),
      ws,
      gatewayUrl: stack.gatewayUrl,
      auth: stack.auth,
    };

    const reports: PhaseReport[] = [];
    for (const phase of phases) {
      ctx.log(`peer: concurrency ${phase.concurrency}: ${phase.warmup} warm-up rounds…`);
      if (phase.warmup > 0) await runRounds(clients, stack, phase.concurrency, phase.warmup, ctx.signal);
      ctx.log(`peer: concurrency ${phase.concurrency}: ${phase.runs} measured rounds…`);
      const loadBefore = loadavg()[0]!;
      const cpuBefore = await cpuSnapshot(stack, redis);
      const quads = await runRounds(clients, stack, phase.concurrency, phase.runs, ctx.signal);
      const cpuAfter = await cpuSnapshot(stack, redis);
      const cpu = cpuBetween(cpuBefore, cpuAfter, quads.length);
      reports.push(phaseReport(phase.concurrency, quads, cpuAfter.at - cpuBefore.at, cpu, { before: loadBefore, after: loadavg()[0]! }));
    }

    const targets = targetResults(reports);
    process.stdout.write(`\n${[...reports.map(renderPhase), renderTargets(targets)].join('\n\n')}\n\n`);

    await mkdir(ctx.resultsDir, { recursive: true });
    const results = {
      benchmark: 'peer',
      at: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      config: { simulator: SIM, model: MODEL, phases, modes: MODES, workerConcurrency: WORKER_CONCURRENCY, runTimeoutMs: RUN_TIMEOUT_MS, peer: '@portkey-ai/gateway' },
      targets,
      phases: reports,
    };
    await writeFile(resultFile, `${JSON.stringify(results, null, 2)}\n`);
    return { passed: targets.every((t) => t.pass), resultFile };
  } finally {
    await ws?.dispose();
    redis.disconnect();
    ctx.log('peer: revoking the API key, stopping the services and Portkey, deleting the queue keys, run streams, run owners and database…');
    await stack.close();
  }
}

export const peer: Benchmark = {
  name: 'peer',
  description: "added latency of Reprise's path beside Portkey's stateless gateway, both against the openai SDK straight to the simulator, and Reprise's CPU per run",
  defaultTimeoutSeconds: 300,
  run,
};
