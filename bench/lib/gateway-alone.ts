import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisKeys, RUN_EVENT_FIELD, type RunEvent as StoredRunEvent } from '@reprise/contracts';
import type { Client as WsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './cpu-usage.js';
import { streamIdLess, watchRun, withTimeout, type Received, type Watch } from './run-harness.js';
import type { ServiceStack } from './service-stack.js';
import { epochMs, summarize, type Summary } from './stats.js';

/**
 * The gateway alone, pushed until it stalls: the bench writes run events
 * straight into the runs' Redis Streams as the worker does (owner key, then
 * RunStarted, deltas, RunCompleted), so no worker or simulator caps the rate,
 * and counts the RunDelta frames the gateway delivers over one graphql-ws
 * connection while the offered rate rises.
 */

export interface GatewayAloneOptions {
  /** Runs open at once; the deltas go to them in turn. */
  runs: number;
  /** Offered rates, frames/s, in the order tried. */
  rates: readonly number[];
  /** How long each rate is offered. */
  levelSeconds: number;
  model: string;
  signal: AbortSignal;
  /** Date.now() after which no new level starts. */
  stopBy: number;
  log(line: string): void;
}

export interface GatewayAloneLevel {
  offeredPerS: number;
  /** Deltas appended ÷ the time it took: below `offeredPerS` when the bench process could not keep its own pace. */
  appendedPerS: number;
  appended: number;
  /** RunDelta frames of this level received before the drain gave up (all of them, unless it stalled). */
  delivered: number;
  /** `delivered` ÷ (its last receipt − the level's first append). */
  deliveredPerS: number;
  /** Append (the XADD pipeline sent) → client receipt, over every frame of the level received by the end. */
  latency: Summary;
  /** Frames of this level never received, counted after every run completed. */
  lost: number;
  /** Frames whose delta number or event id was not above the previous one of their run. */
  reordered: number;
  cpuPct: { gateway: number; client: number; redis: number };
  /** The gateway fell behind: it delivered less than 90% of what was appended (or not all of it by the end of the drain). */
  stalled: boolean;
  /** The bench fell behind: it appended less than 90% of the offered rate, so a higher rate would measure the bench. */
  offerShort: boolean;
}

export interface GatewayAloneReport {
  runs: number;
  levels: GatewayAloneLevel[];
  /** Runs whose last event was not RunCompleted once the phase ended. */
  notCompleted: number;
}

/** A run's stream and owner last as long as a bench may; `stack.close` deletes them anyway, the TTL covers a bench killed outright. */
const KEY_TTL_SECONDS = 600;
/** How often the producer appends what is due: small enough that each run's deltas stay evenly spread. */
const TICK_MS = 2;
/** The drain of a level gives up after this long without a frame, or this long in all. */
const DRAIN_IDLE_MS = 2000;
const DRAIN_MAX_MS = 15_000;
/** The share of its input below which a level is taken as falling behind (see `stalled`, `offerShort`). */
export const SHORT_RATIO = 0.9;

interface LoadRun {
  id: string;
  key: string;
  /** The text of every delta appended so far, for RunCompleted. */
  written: string;
  /** The last delta number and event id received, for reordering. */
  lastSeq: number;
  lastId: string | null;
  watch?: Watch;
}

interface LevelState {
  offeredPerS: number;
  /** The first delta number of this level (deltas are numbered across levels). */
  firstSeq: number;
  appended: number;
  startedAt: number;
  appendedBy: number;
  received: number;
  lastReceiptAt: number;
  latencies: number[];
  reordered: number;
}

/** Appends one event as the worker's RunEventWriter does: a plain XADD, in a MULTI with the stream's EXPIRE for the first and last. */
function appendEvent(redis: Redis, run: LoadRun, event: StoredRunEvent): Promise<unknown> {
  const entry = JSON.stringify(event);
  if (event.type === 'delta') return redis.xadd(run.key, '*', RUN_EVENT_FIELD, entry);
  return redis.multi().xadd(run.key, '*', RUN_EVENT_FIELD, entry).expire(run.key, KEY_TTL_SECONDS).exec();
}

/**
 * Writes each run's owner (as the runner API does before queueing) and its
 * RunStarted, subscribes to each on `ws`, and resolves once every
 * subscription has delivered RunStarted, i.e. is live at the gateway.
 */
async function openRuns(stack: ServiceStack, redis: Redis, ws: WsClient, runs: LoadRun[], model: string, signal: AbortSignal, onDelta: (run: LoadRun, r: Received) => void): Promise<void> {
  await Promise.all(
    runs.map(async (run) => {
      await redis.set(redisKeys(stack.redisPrefix).runOwner(run.id), stack.workspaceId, 'EX', KEY_TTL_SECONDS);
      await appendEvent(redis, run, { type: 'started', provider: 'simulator', model, at: new Date().toISOString() });
    }),
  );
  for (const run of runs) {
    run.watch = watchRun(ws, run.id, signal, (r) => {
      if (r.event.__typename === 'RunDelta') onDelta(run, r);
    });
  }
  await withTimeout(Promise.all(runs.map((run) => run.watch!.waitFor((e) => e.__typename === 'RunStarted'))), 30_000, 'RunStarted on every gateway-alone run');
}

/**
 * Appends deltas at `level.offeredPerS` for `seconds`, open loop: every tick
 * sends, in one pipeline, what is due by then, so a late tick catches up
 * rather than lowering the rate. Delta `n` goes to run `n mod runs` and its
 * text is ` n`, which tells the client its level, its append time and its
 * place in the run.
 */
async function offer(redis: Redis, runs: LoadRun[], level: LevelState, seconds: number, appendedAt: number[], signal: AbortSignal): Promise<void> {
  const total = Math.round(level.offeredPerS * seconds);
  const writes: Promise<Array<[Error | null, unknown]> | null>[] = [];
  level.startedAt = epochMs();
  while (level.appended < total) {
    const now = epochMs();
    const due = Math.min(total, Math.floor(((now - level.startedAt) / 1000) * level.offeredPerS)) - level.appended;
    if (due > 0) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < due; i++) {
        const seq = level.firstSeq + level.appended + i;
        const run = runs[seq % runs.length]!;
        const text = ` ${seq}`;
        run.written += text;
        appendedAt[seq] = now;
        pipeline.xadd(run.key, '*', RUN_EVENT_FIELD, JSON.stringify({ type: 'delta', text } satisfies StoredRunEvent));
      }
      writes.push(pipeline.exec());
      level.appended += due;
      level.appendedBy = now;
    }
    await sleep(TICK_MS);
    signal.throwIfAborted();
  }
  for (const results of await Promise.all(writes)) {
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}

/** Waits until every delta of the level has arrived, or the gateway stops delivering (no frame for a while, or too long in all). */
async function drain(level: LevelState, signal: AbortSignal): Promise<void> {
  const start = epochMs();
  let seen = level.received;
  let progressAt = start;
  while (level.received < level.appended) {
    await sleep(50);
    signal.throwIfAborted();
    const now = epochMs();
    if (level.received > seen) {
      seen = level.received;
      progressAt = now;
    } else if (now - progressAt > DRAIN_IDLE_MS) return;
    if (now - start > DRAIN_MAX_MS) return;
  }
}

function levelRow(level: LevelState, cpu: ReturnType<typeof cpuBetween>): GatewayAloneLevel {
  const busy = (name: string) => cpu.find((row) => row.process === name)?.busyPercent ?? Number.NaN;
  const appendedPerS = level.appended / ((level.appendedBy - level.startedAt) / 1000);
  const deliveredPerS = level.received / ((level.lastReceiptAt - level.startedAt) / 1000);
  return {
    offeredPerS: level.offeredPerS,
    appendedPerS,
    appended: level.appended,
    delivered: level.received,
    deliveredPerS,
    latency: summarize(level.latencies),
    lost: 0,
    reordered: 0,
    cpuPct: { gateway: busy('gateway'), client: busy('bench client'), redis: busy('redis-server (shared)') },
    stalled: level.received < level.appended || deliveredPerS < SHORT_RATIO * appendedPerS,
    offerShort: appendedPerS < SHORT_RATIO * level.offeredPerS,
  };
}

/**
 * Runs the phase on `ws` (the gateway's graphql-ws connection the bench
 * already holds). Its runs' keys sit under the stack's prefix, so the
 * caller's `stack.close` deletes them whatever happens.
 */
export async function runGatewayAlone(stack: ServiceStack, ws: WsClient, options: GatewayAloneOptions): Promise<GatewayAloneReport> {
  if (Date.now() > options.stopBy) return { runs: options.runs, levels: [], notCompleted: 0 };
  // A connection of its own, as the worker's writer has: the appends are never queued behind anything else.
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1 });
  const signal = AbortSignal.any([options.signal]);
  setMaxListeners(options.runs * 2 + 10, signal);
  const runs: LoadRun[] = Array.from({ length: options.runs }, () => {
    const id = randomUUID();
    return { id, key: redisKeys(stack.redisPrefix).runStream(id), written: '', lastSeq: -1, lastId: null };
  });
  const states: LevelState[] = [];
  const appendedAt: number[] = [];
  const levelOf = (seq: number) => states.findLast((s) => s.firstSeq <= seq)!;
  const onDelta = (run: LoadRun, r: Received) => {
    const seq = Number(r.event.text);
    const level = levelOf(seq);
    if (seq <= run.lastSeq || (run.lastId !== null && !streamIdLess(run.lastId, r.event.id))) level.reordered++;
    run.lastSeq = seq;
    run.lastId = r.event.id;
    level.received++;
    level.lastReceiptAt = r.at;
    level.latencies.push(r.at - appendedAt[seq]!);
  };
  try {
    options.log(`streams: gateway alone, opening ${options.runs} runs written straight to Redis…`);
    await openRuns(stack, redis, ws, runs, options.model, signal, onDelta);

    const levels: GatewayAloneLevel[] = [];
    let nextSeq = 0;
    for (const offeredPerS of options.rates) {
      if (Date.now() > options.stopBy) break;
      stack.assertAlive();
      options.log(`streams: gateway alone, ${offeredPerS} frames/s offered for ${options.levelSeconds} s over ${options.runs} runs…`);
      const level: LevelState = { offeredPerS, firstSeq: nextSeq, appended: 0, startedAt: 0, appendedBy: 0, received: 0, lastReceiptAt: 0, latencies: [], reordered: 0 };
      states.push(level);
      const before: CpuSnapshot = await cpuSnapshot(stack, redis);
      await offer(redis, runs, level, options.levelSeconds, appendedAt, signal);
      await drain(level, signal);
      const row = levelRow(level, cpuBetween(before, await cpuSnapshot(stack, redis), 1));
      levels.push(row);
      nextSeq += level.appended;
      if (row.stalled || row.offerShort) break;
    }

    const notCompleted = await completeRuns(redis, runs);
    // Counted now that every run has completed (or given up): frames late after a stall are not lost.
    for (const [i, row] of levels.entries()) {
      row.lost = states[i]!.appended - states[i]!.received;
      row.reordered = states[i]!.reordered;
      row.latency = summarize(states[i]!.latencies);
    }
    return { runs: options.runs, levels, notCompleted };
  } finally {
    for (const run of runs) run.watch?.unsubscribe();
    redis.disconnect();
  }
}

/** Appends RunCompleted (with the text written) to every run and waits for each subscription to end; the runs that did not. */
async function completeRuns(redis: Redis, runs: LoadRun[]): Promise<number> {
  await Promise.all(
    runs.map((run) =>
      appendEvent(redis, run, {
        type: 'completed',
        message: { role: 'assistant', content: run.written },
        finishReason: 'stop',
        usage: null,
        latencyMs: 0,
        ttftMs: 0,
      }),
    ),
  );
  await withTimeout(Promise.allSettled(runs.map((run) => run.watch!.done)), 30_000, 'gateway-alone runs completing').catch(() => undefined);
  return runs.filter((run) => run.watch!.events.at(-1)?.event.__typename !== 'RunCompleted').length;
}
