import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { QueueName } from '@reprise/contracts';
import { START_RUN } from '@reprise/e2e';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import WebSocket from 'ws';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { renderProfile, summarizeProfile } from './lib/cpuprofile-summary.js';
import { cpuBetween, cpuSnapshot } from './lib/cpu-usage.js';
import { getProbe, measureHops, postProbe, redisPingProbe, type HopRow } from './lib/hop-probes.js';
import { InspectorProfiler } from './lib/inspector-profiler.js';
import { MESSAGES, MODEL, PHASES, SIM } from './lib/latency-request.js';
import { startServiceStack, type ServiceStack } from './lib/service-stack.js';
import { probeDirect, probePath, type DirectTimes, type PathTimes } from './lib/ttft-probes.js';
import { phaseReport, renderHops, renderPhase, renderTargets, targetValue, type Pair, type PhaseReport, type Target } from './lib/ttft-report.js';

/**
 * Time to first token added by Reprise: a playground run through the whole
 * path (GraphQL mutation → runner API → BullMQ → worker → openai SDK →
 * simulator → Redis Stream → graphql-ws) against the same request made with
 * the openai SDK straight to the simulator, interleaved in one run, each
 * service in its own process as deployed.
 */

/** Added time (path − direct, per pair) the path must stay within. */
const TARGETS: readonly Target[] = [
  { concurrency: 1, stat: 'p50', limitMs: 3 },
  { concurrency: 1, stat: 'p99', limitMs: 10 },
  { concurrency: 50, stat: 'p50', limitMs: 8 },
];

/** Rounds of single-hop probes, and the pause after each so the runs they start are over. */
const HOP_ROUNDS = 50;
const HOP_PAUSE_MS = 100;
/** Longer than any healthy run by far; a run past it means something is stuck. */
const RUN_TIMEOUT_MS = 30_000;
/** Runs one worker process takes at once: the service's default, above the highest concurrency. */
const WORKER_CONCURRENCY = 100;

interface Clients {
  openai: OpenAI;
  ws: WsClient;
  gatewayUrl: string;
  /** The API key's `Authorization` header. */
  auth: { authorization: string };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Runs `runs` pairs at `concurrency`. Each round launches `concurrency`
 * requests of one mode at once, then as many of the other, alternating which
 * mode goes first (ABBA), so both modes see the same drift and the same
 * leftovers of the round before (history recording the last runs, say); the
 * i-th direct and i-th path run of a round form a pair. At concurrency 1
 * this is simply direct, path, path, direct, direct, path, ...
 */
async function runPairs(clients: Clients, stack: ServiceStack, concurrency: number, runs: number, signal: AbortSignal): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let round = 0, done = 0; done < runs; round++) {
    const size = Math.min(concurrency, runs - done);
    let direct: DirectTimes[] = [];
    let path: PathTimes[] = [];
    for (const mode of round % 2 === 0 ? (['direct', 'path'] as const) : (['path', 'direct'] as const)) {
      stack.assertAlive();
      const runSignal = AbortSignal.any([signal, AbortSignal.timeout(RUN_TIMEOUT_MS)]);
      // Every request of the round listens on it.
      setMaxListeners(size * 4 + 10, runSignal);
      if (mode === 'direct') {
        direct = await Promise.all(range(size).map(() => probeDirect(clients.openai, MESSAGES, MODEL, runSignal)));
      } else {
        path = await Promise.all(
          range(size).map(() => probePath({ gatewayUrl: clients.gatewayUrl, auth: clients.auth, ws: clients.ws }, { model: MODEL, messages: MESSAGES }, runSignal)),
        );
      }
    }
    for (const i of range(size)) pairs.push({ direct: direct[i]!, path: path[i]! });
    done += size;
  }
  return pairs;
}

/** Reads, after a phase, when the runner API queued each job and when the worker took it (BullMQ's job hash). */
async function addJobTimes(redis: Redis, prefix: string, pairs: Pair[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const { path } of pairs) pipeline.hmget(`${prefix}:${QueueName.Runs}:${path.runId}`, 'timestamp', 'processedOn');
  const answers = (await pipeline.exec()) ?? [];
  answers.forEach(([err, values], i) => {
    if (err) return;
    const [queued, taken] = values as Array<string | null>;
    const path = pairs[i]!.path;
    if (queued) path.jobQueuedMs = Number(queued);
    if (taken) path.jobTakenMs = Number(taken);
  });
}

/**
 * Round trips of the path's first hops alone, from the floor (Redis, a bare
 * HTTP server) up to the whole mutation, to tell which part of hop 1 is whose.
 */
function measureSingleHops(stack: ServiceStack, redis: Redis, signal: AbortSignal): Promise<HopRow[]> {
  const input = { model: MODEL, messages: MESSAGES };
  return measureHops(
    [
      redisPingProbe('Redis PING', redis),
      getProbe('simulator GET /v1/models (bare node:http)', `${stack.simulatorUrl}/models`),
      getProbe('runner API GET /healthz (fastify)', `${stack.runnerUrl}/healthz`),
      postProbe('runner API POST /runs (+ zod, BullMQ add)', `${stack.runnerUrl}/runs`, () => ({ workspaceId: stack.workspaceId, model: MODEL, body: JSON.stringify({ messages: MESSAGES }) })),
      // The API key is verified by history once, then cached by the gateway for 5 s.
      postProbe('gateway { __typename } (express, Apollo, API key)', stack.gatewayUrl, () => ({ query: '{ __typename }' }), stack.auth),
      postProbe('gateway { models } (+ HTTP to runner API)', stack.gatewayUrl, () => ({ query: '{ models { name } }' }), stack.auth),
      postProbe('gateway startRun (+ input check, POST /runs)', stack.gatewayUrl, () => ({ query: START_RUN, variables: { input } }), stack.auth),
    ],
    HOP_ROUNDS,
    HOP_PAUSE_MS,
    signal,
  );
}

async function connectWs(url: string, auth: { authorization: string }, signal: AbortSignal): Promise<WsClient> {
  // Not lazy: a lazy client closes the socket whenever no subscription is
  // open, and would reconnect for each sequential run. A page keeps one open.
  // The API key travels in connection_init.
  const ws = createClient({ url, connectionParams: auth, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
  await new Promise<void>((resolve, reject) => {
    const offConnected = ws.on('connected', () => {
      offConnected();
      offClosed();
      resolve();
    });
    // A refused key closes with 4401 and the reason.
    const offClosed = ws.on('closed', (event) => {
      const { code, reason } = event as { code?: number; reason?: string };
      reject(new Error(`graphql-ws closed before connecting: ${code ?? '?'} ${reason ?? ''}`));
    });
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  return ws;
}

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const phases = PHASES.map((p) => ({ ...p, runs: ctx.overrides.runs ?? p.runs, warmup: ctx.overrides.warmup ?? p.warmup }));
  const profile = ctx.overrides.profile ?? false;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultFile = join(ctx.resultsDir, `ttft-${stamp}.json`);
  const profileDir = join(ctx.resultsDir, `ttft-${stamp}-profiles`);

  ctx.log('ttft: starting simulator, history, runner API, runner worker and gateway as separate processes…');
  const stack = await startServiceStack({ simulator: SIM, workerConcurrency: WORKER_CONCURRENCY, signal: ctx.signal, log: ctx.log, inspect: profile });
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 3 });
  const profilers: Array<[string, InspectorProfiler]> = [];
  const profileTexts: string[] = [];
  let ws: WsClient | undefined;
  try {
    for (const [name, port] of Object.entries(stack.inspectorPorts)) profilers.push([name, await InspectorProfiler.connect(port)]);
    ws = await connectWs(stack.gatewayWsUrl, stack.auth, ctx.signal);
    const clients: Clients = {
      openai: new OpenAI({ baseURL: stack.simulatorUrl, apiKey: 'simulator', maxRetries: 0 }),
      ws,
      gatewayUrl: stack.gatewayUrl,
      auth: stack.auth,
    };

    const reports: PhaseReport[] = [];
    let hops: HopRow[] = [];
    for (const phase of phases) {
      ctx.log(`ttft: concurrency ${phase.concurrency}: ${phase.warmup} warm-up pairs…`);
      if (phase.warmup > 0) await runPairs(clients, stack, phase.concurrency, phase.warmup, ctx.signal);
      ctx.log(`ttft: concurrency ${phase.concurrency}: ${phase.runs} measured pairs…`);
      const loadBefore = loadavg()[0]!;
      await Promise.all(profilers.map(([, p]) => p.start()));
      const cpuBefore = await cpuSnapshot(stack, redis);
      const pairs = await runPairs(clients, stack, phase.concurrency, phase.runs, ctx.signal);
      const cpuAfter = await cpuSnapshot(stack, redis);
      if (profilers.length) {
        await mkdir(profileDir, { recursive: true });
        for (const [name, profiler] of profilers) {
          const cpuProfile = await profiler.stop();
          await writeFile(join(profileDir, `c${phase.concurrency}-${name}.cpuprofile`), JSON.stringify(cpuProfile));
          profileTexts.push(`concurrency ${phase.concurrency}, ${renderProfile(name, summarizeProfile(cpuProfile), pairs.length)}`);
        }
      }
      await addJobTimes(redis, stack.redisPrefix, pairs);
      reports.push(
        phaseReport({
          concurrency: phase.concurrency,
          pairs,
          wallMs: cpuAfter.at - cpuBefore.at,
          cpu: cpuBetween(cpuBefore, cpuAfter, pairs.length),
          loadAverage: { before: loadBefore, after: loadavg()[0]! },
          simTtftMs: SIM.ttftMs,
        }),
      );
      // Right after the sequential phase, while everything is warm and idle.
      if (phase.concurrency === 1) {
        ctx.log(`ttft: single hops, ${HOP_ROUNDS} rounds…`);
        hops = await measureSingleHops(stack, redis, ctx.signal);
      }
    }

    const sections = [...reports.map((r) => renderPhase(r, SIM)), ...(hops.length ? [renderHops(hops, HOP_ROUNDS)] : []), renderTargets(reports, TARGETS)];
    process.stdout.write(`\n${sections.join('\n\n')}\n\n`);
    if (profileTexts.length) {
      const profileText = profileTexts.join('\n\n');
      await writeFile(join(profileDir, 'summary.txt'), `${profileText}\n`);
      process.stdout.write(`CPU profiles of the measured pairs (ms per pair; .cpuprofile files in ${profileDir}):\n\n${profileText}\n\n`);
    }

    const targets = TARGETS.map((t) => ({ ...t, measuredMs: targetValue(reports, t), pass: targetValue(reports, t) <= t.limitMs }));
    await mkdir(ctx.resultsDir, { recursive: true });
    const results = {
      benchmark: 'ttft',
      at: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      profiled: profile,
      config: { simulator: SIM, model: MODEL, phases, workerConcurrency: WORKER_CONCURRENCY, runTimeoutMs: RUN_TIMEOUT_MS, hopRounds: HOP_ROUNDS },
      targets,
      phases: reports,
      singleHops: hops,
    };
    await writeFile(resultFile, `${JSON.stringify(results, null, 2)}\n`);
    return { passed: targets.every((t) => t.pass), resultFile };
  } finally {
    for (const [, profiler] of profilers) profiler.close();
    await ws?.dispose();
    redis.disconnect();
    ctx.log('ttft: revoking the API key, stopping the services and deleting the queue keys, run streams, run owners and database…');
    await stack.close();
  }
}

export const ttft: Benchmark = {
  name: 'ttft',
  description: 'time to first token added by the gateway → queue → worker → stream path, against the openai SDK straight to the simulator',
  defaultTimeoutSeconds: 300,
  run,
};
