import { fork, type ChildProcess } from 'node:child_process';
import { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@reprise/simulator';
import { epochMs } from './stats.js';

/**
 * The simulator with every content frame it writes timed, either in the
 * calling process (`startTimedSimulator`) or in a child process of its own
 * (`forkTimedSimulator`), so that a bench client busy receiving thousands of
 * frames a second does not hold up the simulator's timers. Times are epoch
 * milliseconds with sub-millisecond precision (`epochMs()`), comparable
 * across processes on this machine.
 */

/** One simulator response as written: when (epochMs) each content frame left, its text, and when the socket closed. */
export interface SimResponseLog {
  contentWrites: number[];
  contents: string[];
  closedAt?: number;
  /** Every content frame was written and `end` called. */
  ended: boolean;
}

export interface TimedSimulator {
  sim: Simulator;
  /** Every chat response since start (or `reset`), in the order their first write happened. */
  responses: SimResponseLog[];
  reset(): void;
  close(): Promise<void>;
}

/** Parses one SSE frame written by the simulator; the delta text, or null for non-content frames. */
function frameContent(chunk: unknown): string | null {
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : null;
  if (!text) return null;
  let out: string | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    try {
      const json = JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> };
      const c = json.choices?.[0]?.delta?.content;
      if (typeof c === 'string' && c.length) out = (out ?? '') + c;
    } catch {
      // not JSON
    }
  }
  return out;
}

let patched = false;
let sink: ((res: ServerResponse, chunk: unknown) => void) | null = null;

/**
 * Starts the simulator in this process on `port` (the port the stack gave
 * the worker as SIMULATOR_URL) and times every content frame it writes, by
 * wrapping `ServerResponse.prototype.write` (only the simulator serves HTTP
 * in a bench process).
 */
export async function startTimedSimulator(port: number): Promise<TimedSimulator> {
  const logs = new WeakMap<ServerResponse, SimResponseLog>();
  const responses: SimResponseLog[] = [];
  sink = (res, chunk) => {
    const at = epochMs();
    let log = logs.get(res);
    if (!log) {
      log = { contentWrites: [], contents: [], ended: false };
      logs.set(res, log);
      responses.push(log);
      const l = log;
      res.once('close', () => (l.closedAt = epochMs()));
      res.once('finish', () => (l.ended = true));
    }
    const content = frameContent(chunk);
    if (content !== null) {
      log.contentWrites.push(at);
      log.contents.push(content);
    }
  };
  if (!patched) {
    patched = true;
    const original = ServerResponse.prototype.write;
    ServerResponse.prototype.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      sink?.(this, chunk);
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof original;
  }
  const sim = await startSimulator({ port });
  return {
    sim,
    responses,
    reset: () => void responses.splice(0),
    close: async () => {
      sink = null;
      await sim.close();
    },
  };
}

// ---- the simulator in a child process

/** What the bench asks the child (`timed-simulator.main.ts`) over IPC; each is answered with a `ChildReply` of the same id. */
export type ChildRequest = { id: number; type: 'reset' } | { id: number; type: 'dump' } | { id: number; type: 'clock' };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'reply'; id: number; responses?: SimResponseLog[]; /** The child's epochMs() when it answered. */ at?: number };

/** How far the child's epochMs() is from ours, judged from IPC round trips. */
export interface ClockCheck {
  /** child − bench, ms (from the round trip with the smallest RTT). */
  offsetMs: number;
  /** Half that round trip: the offset is within ±this. */
  boundMs: number;
  roundTrips: number;
}

export interface ForkedSimulator {
  pid: number | undefined;
  /** Forgets the responses logged so far; resolves once the child has. */
  reset(): Promise<void>;
  /** Every chat response since start (or `reset`), times on the child's epochMs() clock. */
  dump(): Promise<SimResponseLog[]>;
  checkClock(roundTrips?: number): Promise<ClockCheck>;
  /** Stops the child (SIGTERM, SIGKILL after 2 s); idempotent. */
  close(): Promise<void>;
}

const CHILD_ENTRY = fileURLToPath(new URL('./timed-simulator.main.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const KEPT_LINES = 40;

/** Children still running, killed outright if the bench exits without closing them (e.g. its cleanup timed out). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Starts the timed simulator as its own Node process on `port`, through tsx
 * with the `source` condition as service-stack starts the services, and
 * resolves once it listens. The child exits by itself if the bench dies (its
 * IPC channel closes).
 */
export async function forkTimedSimulator(port: number, signal: AbortSignal, log: (line: string) => void): Promise<ForkedSimulator> {
  const child = fork(CHILD_ENTRY, [String(port)], {
    cwd: BENCH_DIR,
    execArgv: ['--conditions=source', '--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > KEPT_LINES) output.shift();
      log(`[timed simulator] ${line}`);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForReady(child, exited, output, signal);
  } catch (error) {
    await close();
    throw error;
  }

  type Reply = Extract<ChildMessage, { type: 'reply' }>;
  let nextId = 0;
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'reply') return;
    pending.get(message.id)?.resolve(message);
    pending.delete(message.id);
  });
  // A question the child will never answer fails rather than hanging the benchmark.
  void exited.then(() => {
    for (const { reject } of pending.values()) reject(new Error(`timed simulator exited:\n${output.join('\n')}`));
    pending.clear();
  });
  const ask = (type: ChildRequest['type']) =>
    new Promise<Reply>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`timed simulator is gone:\n${output.join('\n')}`));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, type } satisfies ChildRequest);
    });

  return {
    pid: child.pid,
    reset: async () => void (await ask('reset')),
    dump: async () => (await ask('dump')).responses ?? [],
    checkClock: async (roundTrips = 20) => {
      let best: ClockCheck = { offsetMs: Number.NaN, boundMs: Number.POSITIVE_INFINITY, roundTrips };
      for (let i = 0; i < roundTrips; i++) {
        const sent = epochMs();
        const { at } = await ask('clock');
        const received = epochMs();
        const boundMs = (received - sent) / 2;
        if (boundMs < best.boundMs) best = { offsetMs: at! - (sent + received) / 2, boundMs, roundTrips };
      }
      return best;
    },
    close,
  };
}

function waitForReady(child: ChildProcess, exited: Promise<void>, output: string[], signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed simulator did not listen within ${READY_TIMEOUT_MS} ms:\n${output.join('\n')}`)), READY_TIMEOUT_MS);
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    child.once('message', (message: ChildMessage) => {
      settle();
      if (message.type === 'ready') resolve();
      else reject(new Error(`timed simulator sent ${JSON.stringify(message)} before ready`));
    });
    void exited.then(() => {
      settle();
      reject(new Error(`timed simulator exited before listening:\n${output.join('\n')}`));
    });
  });
}
