import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SIMULATED_MODELS } from '@reprise/simulator';
import type { Client as WsClient } from 'graphql-ws';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { connectWs, range, rssMb, startRun, watchRun, type Watch } from './lib/run-harness.js';
import { startServiceStack } from './lib/service-stack.js';
import { formatTable } from './lib/table.js';
import { startTimedSimulator, type TimedSimulator } from './lib/timed-simulator.js';

/**
 * Resident memory (VmRSS) of the worker with 200 runs in flight (counted by
 * the simulator, in this process) and of the gateway with 1,000 open
 * runEvents subscriptions over 10 graphql-ws connections.
 */

const MODEL: string = SIMULATED_MODELS[0];
const WORKER_RUNS = 200;
const WORKER_CONCURRENCY = 250;
const SUBSCRIPTIONS = 1000;
const CONNECTIONS = 10;
const WORKER_MARKER = '[sim ttft=0 delay=50 tokens=100]';
const GATEWAY_MARKER = '[sim ttft=0 delay=100 tokens=300]';
const SAMPLE_MS = 4000;
const TARGET_WORKER_MB = 250;
const TARGET_GATEWAY_MB = 200;

async function sampleMax(pid: number | undefined, ms: number, while_: () => boolean = () => true): Promise<{ max: number; samples: number }> {
  let max = 0;
  let samples = 0;
  const end = Date.now() + ms;
  while (Date.now() < end && while_()) {
    const v = rssMb(pid);
    if (v !== null) {
      max = Math.max(max, v);
      samples++;
    }
    await sleep(100);
  }
  return { max, samples };
}

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `memory-${stamp}.json`);
  ctx.log(`memory: starting history, runner API, runner worker (concurrency ${WORKER_CONCURRENCY}) and gateway as processes, the simulator in this process…`);
  const stack = await startServiceStack({ services: ['history', 'runner-api', 'runner-worker', 'gateway'], workerConcurrency: WORKER_CONCURRENCY, signal: ctx.signal, log: ctx.log });
  let sim: TimedSimulator | undefined;
  const clients: WsClient[] = [];
  const workerPid = stack.pids['runner-worker'];
  const gatewayPid = stack.pids.gateway;
  try {
    sim = await startTimedSimulator(Number(new URL(stack.simulatorUrl).port));
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(120_000)]);
    setMaxListeners(SUBSCRIPTIONS * 2 + 100, signal);
    // Warm-up: a few runs so the worker has loaded everything it uses.
    await Promise.all(range(10).map((i) => startRun(stack.gatewayUrl, stack.auth, MODEL, `[sim ttft=0 delay=1 tokens=8] warm ${i}`, signal)));
    await sleep(2000);
    const workerIdle = rssMb(workerPid);
    const gatewayIdle = rssMb(gatewayPid);

    ctx.log(`memory: ${WORKER_RUNS} runs of ${WORKER_MARKER}…`);
    await Promise.all(range(WORKER_RUNS).map((i) => startRun(stack.gatewayUrl, stack.auth, MODEL, `${WORKER_MARKER} worker ${i}`, signal)));
    let waited = 0;
    while (sim.sim.stats.inFlight < WORKER_RUNS && waited < 15_000) {
      await sleep(50);
      waited += 50;
    }
    const inFlightReached = sim.sim.stats.inFlight;
    const worker = await sampleMax(workerPid, SAMPLE_MS, () => sim!.sim.stats.inFlight >= WORKER_RUNS * 0.95);
    const maxInFlight = sim.sim.stats.maxInFlight;
    // Let them finish.
    for (let k = 0; k < 200 && sim.sim.stats.inFlight > 0; k++) await sleep(100);

    ctx.log(`memory: ${SUBSCRIPTIONS} subscriptions over ${CONNECTIONS} graphql-ws connections to runs of ${GATEWAY_MARKER}…`);
    for (let c = 0; c < CONNECTIONS; c++) clients.push(await connectWs(stack.gatewayWsUrl, stack.auth, signal));
    const gatewayConnected = rssMb(gatewayPid);
    const watches: Watch[] = [];
    await Promise.all(
      range(SUBSCRIPTIONS).map(async (i) => {
        const id = await startRun(stack.gatewayUrl, stack.auth, MODEL, `${GATEWAY_MARKER} gateway ${i}`, signal);
        watches.push(watchRun(clients[i % CONNECTIONS]!, id, signal));
      }),
    );
    await sleep(2000);
    const gateway = await sampleMax(gatewayPid, SAMPLE_MS);
    const subsWithEvents = watches.filter((w) => w.events.length > 0).length;
    const subsErrored = (await Promise.all(watches.map((w) => Promise.race([w.done.then(() => 'done', () => 'error'), sleep(0).then(() => 'open')])))).filter((s) => s === 'error').length;
    const streaming = sim.sim.stats.inFlight;

    const table = formatTable(
      [{ header: 'process', align: 'left' }, { header: 'state', align: 'left' }, { header: 'idle MB' }, { header: 'measured MB (max)' }, { header: 'samples' }, { header: 'target MB' }, { header: 'result' }],
      [
        ['runner-worker', `${inFlightReached} runs in flight at the simulator (max ${maxInFlight}), concurrency ${WORKER_CONCURRENCY}`, workerIdle?.toFixed(1) ?? '-', worker.max.toFixed(1), String(worker.samples), String(TARGET_WORKER_MB), worker.max > 0 && worker.max <= TARGET_WORKER_MB && inFlightReached >= WORKER_RUNS ? 'PASS' : 'FAIL'],
        ['gateway', `${SUBSCRIPTIONS} subscriptions / ${CONNECTIONS} connections; ${subsWithEvents} had events, ${subsErrored} errored, ${streaming} runs streaming`, gatewayIdle?.toFixed(1) ?? '-', gateway.max.toFixed(1), String(gateway.samples), String(TARGET_GATEWAY_MB), gateway.max > 0 && gateway.max <= TARGET_GATEWAY_MB && subsErrored === 0 ? 'PASS' : 'FAIL'],
      ],
    );
    process.stdout.write(`\nmemory: VmRSS from /proc/<pid>/status, sampled every 100 ms for ${SAMPLE_MS / 1000} s (gateway after ${CONNECTIONS} connections: ${gatewayConnected?.toFixed(1)} MB)\n\n${table}\n\n`);
    const targets = [
      { target: `worker RSS ≤ ${TARGET_WORKER_MB} MB at ${WORKER_RUNS} runs`, measured: worker.max, pass: worker.max > 0 && worker.max <= TARGET_WORKER_MB && inFlightReached >= WORKER_RUNS },
      { target: `gateway RSS ≤ ${TARGET_GATEWAY_MB} MB at ${SUBSCRIPTIONS} subscriptions`, measured: gateway.max, pass: gateway.max > 0 && gateway.max <= TARGET_GATEWAY_MB && subsErrored === 0 },
    ];
    await mkdir(ctx.resultsDir, { recursive: true });
    await writeFile(
      resultFile,
      `${JSON.stringify({ benchmark: 'memory', at: new Date().toISOString(), node: process.version, cpus: availableParallelism(), config: { WORKER_RUNS, WORKER_CONCURRENCY, SUBSCRIPTIONS, CONNECTIONS, WORKER_MARKER, GATEWAY_MARKER }, workerIdle, gatewayIdle, gatewayConnected, inFlightReached, maxInFlight, worker, gateway, subsWithEvents, subsErrored, streaming, targets }, null, 2)}\n`,
    );
    return { passed: targets.every((t) => t.pass), resultFile };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    // The services first: runs still streaming would otherwise fail at a closed simulator and log retries.
    await stack.close();
    await sim?.close().catch(() => undefined);
  }
}

export const memory: Benchmark = {
  name: 'memory',
  description: 'worker RSS with 200 runs in flight; gateway RSS with 1,000 open subscriptions',
  defaultTimeoutSeconds: 240,
  run,
};
