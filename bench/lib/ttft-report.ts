import { availableParallelism } from 'node:os';
import type { CpuRow } from './cpu-usage.js';
import type { HopRow } from './hop-probes.js';
import { summarize, type Summary } from './stats.js';
import { formatTable, ms } from './table.js';
import type { DirectTimes, PathTimes } from './ttft-probes.js';

/** A direct run and a path run measured side by side. */
export interface Pair {
  direct: DirectTimes;
  path: PathTimes;
}

export interface Row {
  label: string;
  summary: Summary;
}

export interface Target {
  concurrency: number;
  stat: 'p50' | 'p99';
  limitMs: number;
}

export interface PhaseReport {
  concurrency: number;
  pairs: number;
  wallMs: number;
  /** Direct TTFT, path TTFT, and the per-pair difference (added). */
  ttft: [direct: Row, path: Row, added: Row];
  /** p50(path) − p50(direct). */
  p50DifferenceMs: number;
  /** Hops of the path's TTFT, in order; they add up to it (server clocks in whole ms). */
  hops: Row[];
  /** Other intervals that explain the hops. */
  alongside: Row[];
  /** CPU each process used during the measured pairs (direct and path runs alike). */
  cpu: CpuRow[];
  /** The machine's 1-minute load average before and after: other work on the box skews everything. */
  loadAverage: { before: number; after: number };
  /** Every pair as measured, for another look later. */
  raw: Pair[];
}

export interface PhaseMeasurement {
  concurrency: number;
  pairs: Pair[];
  wallMs: number;
  cpu: CpuRow[];
  loadAverage: { before: number; after: number };
  simTtftMs: number;
}

/** Summaries of one phase: TTFT on both sides, the added time, and the path's hops. */
export function phaseReport({ concurrency, pairs, wallMs, cpu, loadAverage, simTtftMs }: PhaseMeasurement): PhaseReport {
  const row = (label: string, values: number[]): Row => ({ label, summary: summarize(values.filter(Number.isFinite)) });
  const over = (f: (p: PathTimes, d: DirectTimes) => number) => pairs.map((p) => f(p.path, p.direct));
  const pathTtft = (p: PathTimes) => p.firstDeltaReceived.mono - p.sent.mono;
  // Job times are missing only if BullMQ dropped the job hash; NaN leaves the run out of that row.
  const queued = (p: PathTimes) => p.jobQueuedMs ?? Number.NaN;
  const taken = (p: PathTimes) => p.jobTakenMs ?? Number.NaN;
  const direct = row('direct TTFT (openai SDK → simulator)', over((_, d) => d.ttftMs));
  const path = row('path TTFT (mutation sent → first RunDelta)', over(pathTtft));
  return {
    concurrency,
    pairs: pairs.length,
    wallMs,
    ttft: [direct, path, row('added (path_i − direct_i)', over((p, d) => pathTtft(p) - d.ttftMs))],
    p50DifferenceMs: path.summary.p50 - direct.summary.p50,
    hops: [
      row('1 mutation sent → job queued (gateway, runner API)', over((p) => queued(p) - p.sent.wall)),
      row('2 job queued → worker takes it (BullMQ)', over((p) => taken(p) - queued(p))),
      row('3 worker takes job → RunStarted appended', over((p) => p.startedAppendedMs - taken(p))),
      row(`4 RunStarted → first delta appended (incl. ${simTtftMs} ms sim)`, over((p) => p.firstDeltaAppendedMs - p.startedAppendedMs)),
      row('5 first delta appended → client has RunDelta', over((p) => p.firstDeltaReceived.wall - p.firstDeltaAppendedMs)),
      row('  sum of 1-5 (= path TTFT, whole ms)', over((p) => p.firstDeltaReceived.wall - p.sent.wall)),
    ],
    alongside: [
      row('4 minus direct TTFT of the pair (worker vs client)', over((p, d) => p.firstDeltaAppendedMs - p.startedAppendedMs - d.ttftMs)),
      row('mutation round trip (sent → run id read)', over((p) => p.mutationDone.mono - p.sent.mono)),
      row('job queued → client has run id', over((p) => p.mutationDone.wall - queued(p))),
      row('run id → first RunDelta (client side)', over((p) => p.firstDeltaReceived.mono - p.mutationDone.mono)),
      row('RunStarted appended → client has RunStarted', over((p) => p.startedReceived.wall - p.startedAppendedMs)),
      row('direct: call → stream end', over((_, d) => d.totalMs)),
      row('path: mutation sent → subscription complete', over((p) => p.completed.mono - p.sent.mono)),
    ],
    cpu,
    loadAverage,
    raw: pairs,
  };
}

export function targetValue(reports: readonly PhaseReport[], target: Target): number {
  const added = reports.find((r) => r.concurrency === target.concurrency)?.ttft[2];
  return added ? added.summary[target.stat] : Number.NaN;
}

// min is the floor this machine allows: the run that waited least for a CPU.
const SUMMARY_COLUMNS = [{ header: 'ms', align: 'left' as const }, { header: 'p50' }, { header: 'p99' }, { header: 'mean' }, { header: 'min' }, { header: 'n' }];
const cells = ({ label, summary }: Row) => [label, ms(summary.p50), ms(summary.p99), ms(summary.mean), ms(summary.min), String(summary.n)];

export function renderPhase(r: PhaseReport, simulator: { ttftMs: number; tokens: number }): string {
  const title =
    `TTFT at concurrency ${r.concurrency}: ${r.pairs} interleaved pairs in ${(r.wallMs / 1000).toFixed(1)} s ` +
    `(simulator ttft ${simulator.ttftMs} ms, ${simulator.tokens} tokens); ` +
    `load average ${r.loadAverage.before.toFixed(2)} → ${r.loadAverage.after.toFixed(2)} on ${availableParallelism()} cores`;
  const table = formatTable(SUMMARY_COLUMNS, [
    ...r.ttft.map(cells),
    ['p50(path) − p50(direct)', ms(r.p50DifferenceMs), '', '', '', ''],
    null,
    ['where the path time goes:', '', '', '', '', ''],
    ...r.hops.map(cells),
    null,
    ...r.alongside.map(cells),
  ]);
  const cpu = formatTable(
    [{ header: 'CPU during the measured pairs', align: 'left' }, { header: 'ms' }, { header: 'ms/pair' }, { header: 'busy' }],
    r.cpu.map((c) => [c.process, c.totalMs.toFixed(0), ms(c.perRunMs), `${c.busyPercent.toFixed(0)}%`]),
  );
  // On a shared machine every hop also waits for a core; say so beside the figures.
  const busy = Math.max(r.loadAverage.before, r.loadAverage.after) > availableParallelism()
    ? `\nnote: the machine was busy (load above its ${availableParallelism()} cores): every hop includes waiting for a CPU, so compare with the single hops below.`
    : '';
  return `${title}${busy}\n${table}\n\n${cpu}`;
}

export function renderHops(rows: readonly HopRow[], rounds: number): string {
  return `Single hops, each alone (concurrency 1, ${rounds} rounds, round trips seen by the client)\n${formatTable(SUMMARY_COLUMNS, rows.map(cells))}`;
}

export function renderTargets(reports: readonly PhaseReport[], targets: readonly Target[]): string {
  return formatTable(
    [{ header: 'target (added = path_i − direct_i)', align: 'left' }, { header: 'measured' }, { header: 'limit' }, { header: 'result', align: 'left' }],
    targets.map((t) => {
      const value = targetValue(reports, t);
      return [`added ${t.stat} at concurrency ${t.concurrency}`, `${ms(value)} ms`, `≤ ${t.limitMs} ms`, value <= t.limitMs ? 'PASS' : 'FAIL'];
    }),
  );
}
