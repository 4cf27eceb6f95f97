/** What deleting by pattern needs of a Redis client (ioredis's `Redis` has it). */
export interface ScanningRedis {
  scanStream(options: { match: string; count: number }): NodeJS.ReadableStream;
  unlink(...keys: string[]): Promise<number>;
}

/**
 * Deletes every key matching `pattern` (e.g. `test-<id>*`), a SCAN page at a
 * time. Tests isolate themselves by a Redis prefix, and BullMQ's `obliterate`
 * alone leaves keys behind (its meta and event keys, a worker's markers), as
 * do run streams, owners and limiter counts: so suites delete by prefix.
 */
export async function deleteKeys(redis: ScanningRedis, pattern: string): Promise<void> {
  for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
    if (keys.length) await redis.unlink(...keys);
  }
}
