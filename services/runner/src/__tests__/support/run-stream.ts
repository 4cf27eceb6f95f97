import { isTerminal, RUN_EVENT_FIELD, runEventSchema, type RedisKeys, type RunEvent } from '@reprise/contracts';
import type { Redis } from 'ioredis';

/** Waits until `check` holds of what `read` returns; fails after `timeoutMs`, showing the last value. */
export async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`never got there: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every event of the run so far, in order, as a subscriber reads them. */
export async function eventsOf(redis: Redis, keys: RedisKeys, runId: string): Promise<RunEvent[]> {
  const entries = await redis.xrange(keys.runStream(runId), '-', '+');
  return entries.map(([, fields]) => runEventSchema.parse(JSON.parse(fields[fields.indexOf(RUN_EVENT_FIELD) + 1] ?? 'null')));
}

/** The run's events once it has ended. */
export function untilEnded(redis: Redis, keys: RedisKeys, runId: string, timeoutMs?: number): Promise<RunEvent[]> {
  return eventually(() => eventsOf(redis, keys, runId), (events) => events.some(isTerminal), timeoutMs);
}
