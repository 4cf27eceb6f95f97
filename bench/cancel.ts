import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SIMULATED_MODELS } from '@reprise/simulator';
import type { Client as WsClient } from 'graphql-ws';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { CANCEL_RUN, connectWs, gql, startRun, watchRun, withTimeout } from './lib/run-harness.js';
import { startServiceStack } from './lib/service-stack.js';
import { epochMs, summarize } from './lib/stats.js';
import { formatTable, ms } from './lib/table.js';
import { startTimedSimulator, type TimedSimulator } from './lib/timed-simulator.js';

/**
 * How fast cancelRun stops a run: from sending the mutation to (a) the
 * client receiving RunCancelled and (b) the provider (the simulator, in this
 * process) seeing its response's connection closed. One run at a time, so the
 * simulator's only open response is the run's.
 */

const MODEL: string = SIMULATED_MODELS[0];
const CANCELS = 30;
const WARMUP = 3;
const MARKER = '[sim ttft=0 delay=50 tokens=400]';
const TARGET_MS = 200;

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const cancels = ctx.overrides.runs ?? CANCELS;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `cancel-${stamp}.json`);
  ctx.log('cancel: starting history, runner API, runner worker and gateway as processes, the simulator in this process…');
  const stack = await startServiceStack({ services: ['history', 'runner-api', 'runner-worker', 'gateway'], signal: ctx.signal, log: ctx.log });
  let sim: TimedSimulator | undefined;
  let ws: WsClient | undefined;
  const toClient: number[] = [];
  const toProvider: number[] = [];
  const mutation: number[] = [];
  let failures = 0;
  try {
    sim = await startTimedSimulator(Number(new URL(stack.simulatorUrl).port));
    ws = await connectWs(stack.gatewayWsUrl, stack.auth, ctx.signal);
    for (let i = 0; i < WARMUP + cancels; i++) {
      if (Date.now() > ctx.deadline - 15_000) break;
      stack.assertAlive();
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(30_000)]);
      setMaxListeners(20, signal);
      sim.reset();
      const runId = await startRun(stack.gatewayUrl, stack.auth, MODEL, `${MARKER} Cancel me ${i}.`, signal);
      const watch = watchRun(ws, runId, signal);
      try {
        // Cancel mid-stream: after the third delta.
        await withTimeout(
          (async () => {
            let n = 0;
            await watch.waitFor((e) => e.__typename === 'RunDelta' && ++n >= 3);
          })(),
          10_000,
          'third delta',
        );
        const resp = sim.responses.at(-1);
        // epochMs(), the clock of the simulator's close time and of the client's receipts.
        const sent = epochMs();
        const m = gql(stack.gatewayUrl, stack.auth, CANCEL_RUN, { id: runId }, signal).then(() => epochMs());
        const cancelled = await withTimeout(watch.waitFor((e) => e.__typename === 'RunCancelled'), 10_000, 'RunCancelled');
        const answered = await m;
        await withTimeout(watch.done, 10_000, 'subscription end');
        // The provider side: the response's close event (it may have come before RunCancelled).
        for (let k = 0; k < 100 && resp && resp.closedAt === undefined; k++) await new Promise((r) => setTimeout(r, 20));
        if (i < WARMUP) continue;
        toClient.push(cancelled.at - sent);
        mutation.push(answered - sent);
        if (resp?.closedAt !== undefined) toProvider.push(resp.closedAt - sent);
        else failures++;
      } catch (error) {
        ctx.log(`cancel: run ${i}: ${String(error)}`);
        watch.unsubscribe();
        if (i >= WARMUP) failures++;
      }
    }
    const rows = (
      [
        ['cancelRun sent → provider connection closed (simulator res close)', summarize(toProvider)],
        ['cancelRun sent → client receives RunCancelled', summarize(toClient)],
        ['cancelRun sent → mutation answered', summarize(mutation)],
      ] as const
    ).map(([label, s]) => [label, String(s.n), ms(s.p50), ms(s.p99), ms(s.mean), ms(s.max)]);
    const table = formatTable([{ header: `${cancels} cancels, one at a time (ms)`, align: 'left' }, { header: 'n' }, { header: 'p50' }, { header: 'p99' }, { header: 'mean' }, { header: 'max' }], rows);
    const p = summarize(toProvider).p99;
    const c = summarize(toClient).p99;
    const targets = [
      { target: `provider stops within ${TARGET_MS} ms (p99)`, measured: p, pass: p <= TARGET_MS && failures === 0 },
      { target: `client sees RunCancelled within ${TARGET_MS} ms (p99)`, measured: c, pass: c <= TARGET_MS && failures === 0 },
    ];
    const targetTable = formatTable([{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'result' }], targets.map((t) => [t.target, ms(t.measured), t.pass ? 'PASS' : 'FAIL']));
    process.stdout.write(`\ncancel: runs of ${MARKER}, cancelled after their 3rd delta; simulator in the bench process; failures: ${failures}\n\n${table}\n\n${targetTable}\n\n`);
    await mkdir(ctx.resultsDir, { recursive: true });
    await writeFile(resultFile, `${JSON.stringify({ benchmark: 'cancel', at: new Date().toISOString(), node: process.version, cpus: availableParallelism(), config: { cancels, MARKER }, failures, toProvider, toClient, mutation, targets }, null, 2)}\n`);
    return { passed: targets.every((t) => t.pass), resultFile };
  } finally {
    await ws?.dispose();
    await sim?.close().catch(() => undefined);
    await stack.close();
  }
}

export const cancel: Benchmark = {
  name: 'cancel',
  description: 'time from cancelRun to the provider connection closed and to RunCancelled on the client',
  defaultTimeoutSeconds: 180,
  run,
};
