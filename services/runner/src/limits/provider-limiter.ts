import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisKeys } from '@reprise/contracts';
import type { Redis } from 'ioredis';

export interface ProviderLimits {
  /** Requests started per rolling minute, across every worker. */
  rpm?: number;
  /** Requests in flight at once, across every worker. */
  concurrency?: number;
}

/**
 * Takes a slot if both limits allow it, atomically (one script): the lease
 * set holds in-flight requests with an expiry (so a killed worker's slot
 * frees itself), the minute set holds start times of the last 60 s. Starts
 * are also paced, as OpenAI enforces its own limits ("60,000 RPM may be enforced as 1,000
 * RPS"): a bulk replay starting at full speed would otherwise spend the
 * whole minute's allowance in its first second. The pace key holds when the
 * next start may be: starts are due every T = 1.023 × 60 s / rpm, and a
 * waiter within T of its turn is given the next one on that grid and told
 * how long to wait for it (the lease and the minute's count are taken at
 * once). So starts keep to the grid however late a waiter asked, and the
 * rate holds at 97.8% of rpm / 60 (1,000 / T); once nobody waits, the grid
 * starts again from now. The factor balances the two things a provider
 * counting arrivals sees, each arrival a little later than its start (a
 * timer, a busy event loop, the network): N + 1 starts span N·T = 1,000 ms
 * + 23 ms, so arrivals that scatter by up to 23 ms never put N + 1 in one
 * second; and a whole second holds 1,000 / T = 48.9 starts of a 50/s limit,
 * so one scattered by 18 ms still holds 48 of them, the 95% (47.5) a batch
 * must keep. (Before, a waiter that asked late was let through then, and
 * kept its place on the grid by at most 5 ms: late asks pushed the grid
 * back, and pnpm bench replay once saw seconds of 47. Earlier factors each
 * failed one side alone: 1.03 × once let 51 arrive within a second of a
 * 50/s limit, 1.035 × held a second to 47.)
 * KEYS: leases, minute, pace. ARGV: now, lease id, lease ms, concurrency (0 = none), rpm (0 = none), unique suffix.
 * Returns {'1', ms until the start} when taken, else {'0', ms to wait before asking again}, '-1' when the
 * concurrency is full (a slot frees at no known time).
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
local concurrency = tonumber(ARGV[4])
local rpm = tonumber(ARGV[5])
if concurrency > 0 and redis.call('ZCARD', KEYS[1]) >= concurrency then
  return {'0', '-1'}
end
local startAt = now
local interval = 0
if rpm > 0 then
  interval = 60000 / rpm * 1.023
  if redis.call('ZCARD', KEYS[2]) >= rpm then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return {'0', tostring(tonumber(oldest[2]) + 60000 - now)}
  end
  startAt = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), now)
  if startAt - now > interval then
    return {'0', tostring(startAt - now - interval)}
  end
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
if rpm > 0 then
  redis.call('ZADD', KEYS[2], startAt, ARGV[2] .. ':' .. ARGV[6])
  redis.call('PEXPIRE', KEYS[2], 120000)
  redis.call('SET', KEYS[3], tostring(startAt + interval), 'PX', math.ceil(interval) + 1000)
end
return {'1', tostring(startAt - now)}
`;

type AcquireScript = { reprisePlimitAcquire(...args: (string | number)[]): Promise<[string, string]> };

export interface LimiterOptions {
  redis: Redis;
  /** Where the counts live: under the deployment's prefix, so side-by-side stacks and tests keep their own. */
  keys: RedisKeys;
  /** A lease outlives a killed worker by at most this long. @default 600_000 */
  leaseMs?: number;
}

/** One acquire waiting in its process's line. */
interface Waiter {
  leaseId: string;
  limits: ProviderLimits;
  interactive: boolean;
  signal?: AbortSignal;
  resolve(): void;
  reject(err: unknown): void;
}

/** A provider's waiters in this process: interactive ones first, each kind in arrival order. */
interface Line {
  interactive: Waiter[];
  bulk: Waiter[];
  /** The head is asking Redis (or waiting to ask again). */
  asking: boolean;
  /** The waiter asking now: a cancel of any other takes it out of the line at once. */
  head: Waiter | null;
}

/**
 * Keeps each provider under its configured limits across all workers.
 *
 * A process's waiters for one provider stand in a line, and only its head
 * asks Redis, waiting exactly as long as the script says before asking
 * again: interactive runs stand before bulk ones, so when a slot frees an
 * interactive run is the one to take it. Before, every waiter polled on
 * its own (bulk ones every 25 to 50 ms): fifty replays waiting on a limited
 * provider asked some 1,300 times a second, and the grant's reply queued
 * behind theirs, so requests left up to 15 ms after their slot, the
 * scatter the pace's margin has to absorb (see ACQUIRE).
 */
export class ProviderLimiter {
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly leaseMs: number;
  private readonly lines = new Map<string, Line>();

  constructor({ redis, keys, leaseMs = 600_000 }: LimiterOptions) {
    this.redis = redis;
    this.keys = keys;
    this.leaseMs = leaseMs;
    this.redis.defineCommand('reprisePlimitAcquire', { numberOfKeys: 3, lua: ACQUIRE });
  }

  /**
   * Waits for a slot; resolves with a release function. Rejects as soon as
   * the signal aborts (a cancelled run stops waiting at once).
   */
  async acquire(providerKey: string, leaseId: string, limits: ProviderLimits, interactive: boolean, signal?: AbortSignal): Promise<() => Promise<void>> {
    signal?.throwIfAborted();
    if (!limits.concurrency && !limits.rpm) return async () => {};
    let line = this.lines.get(providerKey);
    if (!line) this.lines.set(providerKey, (line = { interactive: [], bulk: [], asking: false, head: null }));
    const queue = interactive ? line.interactive : line.bulk;
    await new Promise<void>((resolve, reject) => {
      // A waiter not asking leaves the line at once when cancelled; the head's own wait ends on its signal.
      const onAbort = () => {
        if (line.head === waiter) return;
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(signal!.reason);
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const waiter: Waiter = {
        leaseId,
        limits,
        interactive,
        signal,
        resolve: () => (settle(), resolve()),
        reject: (err) => (settle(), reject(err)),
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.serve(providerKey, line);
    });
    const [leases] = this.keys.providerLimit(providerKey);
    return async () => {
      await this.redis.zrem(leases, leaseId);
    };
  }

  /** The line's head asks until it is let through, then the next; one asks at a time. */
  private serve(providerKey: string, line: Line): void {
    if (line.asking) return;
    line.asking = true;
    this.ask(providerKey, line)
      .catch(() => {})
      .finally(() => {
        line.asking = false;
        if (line.interactive.length || line.bulk.length) this.serve(providerKey, line);
        else this.lines.delete(providerKey);
      });
  }

  /** Lets a waiter go at its start, `ms` from now; one cancelled meanwhile hands its slot back. */
  private async startAt(waiter: Waiter, leases: string, ms: number): Promise<void> {
    if (ms >= 1) await sleep(ms, undefined, { signal: waiter.signal }).catch(() => {});
    if (waiter.signal?.aborted) {
      await this.redis.zrem(leases, waiter.leaseId).catch(() => {});
      waiter.reject(waiter.signal.reason);
    } else waiter.resolve();
  }

  private async ask(providerKey: string, line: Line): Promise<void> {
    const [leases, minute, pace] = this.keys.providerLimit(providerKey);
    for (let n = 0; ; n++) {
      // Picked again each time: an interactive run that came while a bulk one waited goes first.
      const queue = line.interactive.length ? line.interactive : line.bulk;
      const head = queue[0];
      line.head = head ?? null;
      if (!head) return;
      if (head.signal?.aborted) {
        queue.shift();
        head.reject(head.signal.reason);
        continue;
      }
      let taken: boolean;
      let ms: number;
      try {
        const [verdict, after] = await (this.redis as unknown as AcquireScript).reprisePlimitAcquire(
          leases, minute, pace, Date.now(), head.leaseId, this.leaseMs, head.limits.concurrency ?? 0, head.limits.rpm ?? 0, `${Date.now()}:${n}`,
        );
        taken = verdict === '1';
        ms = Number(after);
      } catch (err) {
        // Redis unreachable: this waiter's run fails (and is retried by its job); the next one asks again.
        queue.splice(queue.indexOf(head), 1);
        head.reject(err);
        continue;
      }
      if (taken) {
        queue.splice(queue.indexOf(head), 1);
        line.head = null;
        // Its start on the pace's grid, a little ahead: the next waiter asks meanwhile.
        void this.startAt(head, leases, ms);
        continue;
      }
      // A full concurrency (-1) frees at no known time: asked again soon, sooner for a person.
      const pollMs = head.interactive ? 5 : 25;
      const wait = ms < 0 ? pollMs : Math.min(Math.max(ms, 1), 1000);
      // Node's timer removes its abort listener when it fires: a long wait leaves nothing behind on the run's signal.
      await sleep(wait, undefined, { signal: head.signal }).catch(() => {});
    }
  }
}
