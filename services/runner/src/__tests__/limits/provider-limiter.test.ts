import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ProviderLimiter, type ProviderLimits } from '../../limits/provider-limiter.js';
import { isolate, REDIS_URL } from '../support/isolation.js';

const suite = isolate();
// Two limiters on connections of their own: two workers sharing one provider's limits.
const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
const [first, second] = connections.map((redis) => new ProviderLimiter({ redis, keys: suite.keys }));
const limiters = [first!, second!];

afterAll(() => {
  for (const redis of connections) redis.disconnect();
});
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(5);
}

/** Many requests through both limiters at once, each holding its slot `holdMs`; how many were in flight at most. */
async function burst(provider: string, limits: ProviderLimits, requests: number, holdMs: number) {
  let inFlight = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const release = await limiters[i % 2]!.acquire(provider, `lease-${i}`, limits, true);
      most = Math.max(most, ++inFlight);
      await sleep(holdMs);
      inFlight--;
      await release();
    }),
  );
  return most;
}

describe('ProviderLimiter', () => {
  it('never lets more requests be in flight than the concurrency, across workers', async () => {
    const most = await burst('concurrency', { concurrency: 3 }, 12, 30);
    expect(most).toBe(3);
  });

  it('starts no more requests per minute than the rpm, across workers', async () => {
    // 119 of the minute's 120 starts were spent half a minute ago: one more may start, whatever the second allows.
    const [, minute] = suite.keys.providerLimit('rpm');
    const past = Date.now() - 30_000;
    await suite.redis.zadd(minute, ...Array.from({ length: 119 }, (_, i) => [past + i, `old-${i}`]).flat());
    const started: number[] = [];
    const controller = new AbortController();
    const waiting = Array.from({ length: 6 }, (_, i) =>
      limiters[i % 2]!.acquire('rpm', `lease-${i}`, { rpm: 120 }, true, controller.signal).then(
        () => started.push(i),
        () => undefined,
      ),
    );
    await sleep(1500);
    expect(started).toHaveLength(1);
    controller.abort();
    await Promise.all(waiting);
    expect(started).toHaveLength(1);
  });

  it('paces starts over the minute: at most rpm / 60 in any second, and hardly slower', async () => {
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        await limiters[i % 2]!.acquire('per-second', `lease-${i}`, { rpm: 300 }, false);
        starts.push(performance.now());
      }),
    );
    starts.sort((a, b) => a - b);
    // 5 a second: no second holds 6 starts (starts 5 apart are a second apart), and 10 take
    // about 9 intervals of 205 ms (1.023 × 60 s / 300): the pace is not lost to polling.
    for (let i = 5; i < starts.length; i++) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(995);
    expect(starts.at(-1)! - starts[0]!).toBeLessThan(2100);
  });

  it("hands a freed slot to the process's interactive waiters before its bulk ones, each kind in arrival order", async () => {
    const order: string[] = [];
    const held = await first!.acquire('line', 'held', { concurrency: 1 }, true);
    const waits = [
      first!.acquire('line', 'bulk-1', { concurrency: 1 }, false).then((release) => (order.push('bulk-1'), release)),
      first!.acquire('line', 'bulk-2', { concurrency: 1 }, false).then((release) => (order.push('bulk-2'), release)),
    ];
    await sleep(40);
    waits.push(first!.acquire('line', 'interactive', { concurrency: 1 }, true).then((release) => (order.push('interactive'), release)));
    await held();
    // Each lets the next through as it ends.
    for (let i = 0; i < 3; i++) {
      await eventually(() => order.length > i);
      await (await waits[['bulk-1', 'bulk-2', 'interactive'].indexOf(order[i]!)]!)();
    }
    expect(order).toEqual(['interactive', 'bulk-1', 'bulk-2']);
  });

  it('hands back the slot of a waiter cancelled while it waits for its reserved start', async () => {
    const [leases] = suite.keys.providerLimit('reserved');
    const release = await first!.acquire('reserved', 'now', { rpm: 60 }, true);
    const abort = new AbortController();
    // The next start is a second later on the pace's grid: reserved at once, the lease taken with it.
    const waiting = first!.acquire('reserved', 'later', { rpm: 60 }, true, abort.signal);
    await sleep(100);
    expect(await suite.redis.zcard(leases)).toBe(2);
    abort.abort();
    await expect(waiting).rejects.toThrow();
    await sleep(20);
    expect(await suite.redis.zrange(leases, 0, -1)).toEqual(['now']);
    await release();
  });

  it('lets a cancelled waiter give up at once, leaving no listener on its signal', async () => {
    const release = await first!.acquire('cancel', 'holder', { concurrency: 1 }, false);
    const controller = new AbortController();
    const waiter = second!.acquire('cancel', 'waiter', { concurrency: 1 }, false, controller.signal);
    await sleep(100);
    const t0 = performance.now();
    controller.abort(new Error('cancelled'));
    await expect(waiter).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(50);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await release();
  });

  it('leaves no listener behind on a signal that never aborts, however long it waited', async () => {
    const release = await first!.acquire('listeners', 'holder', { concurrency: 1 }, true);
    const controller = new AbortController();
    const waiter = second!.acquire('listeners', 'waiter', { concurrency: 1 }, true, controller.signal);
    await sleep(100);
    await release();
    const releaseWaiter = await waiter;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await releaseWaiter();
  });

  it('refuses at once a signal already aborted, and a provider without limits takes no slot', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(first!.acquire('none', 'x', {}, true, controller.signal)).rejects.toThrow('cancelled');
    const releases = await Promise.all(Array.from({ length: 50 }, (_, i) => first!.acquire('none', `y-${i}`, {}, true)));
    await Promise.all(releases.map((release) => release()));
    expect(await suite.redis.exists(...suite.keys.providerLimit('none'))).toBe(0);
  });

  it('keeps its counts under the prefix', async () => {
    const release = await first!.acquire('prefixed', 'lease', { concurrency: 1, rpm: 10 }, true);
    const [leases, minute] = suite.keys.providerLimit('prefixed');
    expect(leases.startsWith(`${suite.prefix}:`)).toBe(true);
    expect(await suite.redis.zcard(leases)).toBe(1);
    expect(await suite.redis.zcard(minute)).toBe(1);
    await release();
    expect(await suite.redis.zcard(leases)).toBe(0);
  });
});
