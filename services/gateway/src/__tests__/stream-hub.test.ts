import { randomUUID } from 'node:crypto';
import { silentLogger } from '@reprise/runtime';
import { Redis } from 'ioredis';
import { StreamHub, type StreamSubscription } from '../subscriptions/stream-hub.js';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let redis: Redis;
let hubRedis: Redis;
let blocking: Redis;
let hub: StreamHub;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  hubRedis = new Redis(REDIS_URL);
  blocking = new Redis(REDIS_URL);
  hub = new StreamHub({ redis: hubRedis, blockingRedis: blocking, logger: silentLogger() });
  await hub.start();
});

afterAll(async () => {
  await hub.close();
  for (const conn of [blocking, hubRedis, redis]) conn.disconnect();
});

async function take(sub: StreamSubscription, n: number): Promise<string[]> {
  const values: string[] = [];
  while (values.length < n) {
    const next = await sub.next();
    if (next.done) break;
    values.push(next.value.fields[1]!);
  }
  await sub.return!();
  return values;
}

describe('StreamHub', () => {
  it('gives each subscriber every entry once, in order, however late it joins', async () => {
    const key = `test-hub:${randomUUID()}`;
    const total = 300;
    const readers: Promise<string[]>[] = [];
    for (let i = 0; i < total; i++) {
      // Subscribers join throughout: before, during and after the writes,
      // some from the start and some resuming after an id they have seen.
      if (i % 30 === 0) readers.push(hub.subscribe(key).then((s) => take(s, total)));
      await redis.xadd(key, '*', 'v', String(i));
    }
    readers.push(hub.subscribe(key).then((s) => take(s, total)));
    const expected = Array.from({ length: total }, (_, i) => String(i));
    for (const values of await Promise.all(readers)) expect(values).toEqual(expected);

    const ids = (await redis.xrange(key, '-', '+')).map(([id]) => id);
    const resumed = await hub.subscribe(key, ids[99]);
    expect(await take(resumed, total - 100)).toEqual(expected.slice(100));
    await redis.del(key);
  });

  it('serves many streams at once with one blocking connection', async () => {
    const keys = Array.from({ length: 50 }, () => `test-hub:${randomUUID()}`);
    const subs = await Promise.all(keys.map((k) => hub.subscribe(k)));
    const results = Promise.all(subs.map((s) => take(s, 3)));
    for (let round = 0; round < 3; round++) {
      await Promise.all(keys.map((k) => redis.xadd(k, '*', 'v', `${k}:${round}`)));
    }
    const values = await results;
    values.forEach((v, i) => expect(v).toEqual([0, 1, 2].map((r) => `${keys[i]}:${r}`)));
    await redis.del(...keys);
  });

  it('ends a waiting subscriber at once when it leaves', async () => {
    const sub = await hub.subscribe(`test-hub:${randomUUID()}`);
    const pending = sub.next();
    await sub.return!();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });
});
