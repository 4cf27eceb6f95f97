import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';

export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A database of the suite's own, so suites running side by side never see each other's documents. */
export function testDbName(): string {
  return `test_history_${randomUUID().slice(0, 8)}`;
}

/** A Redis prefix of the suite's own (BullMQ's too), for the same reason. */
export function testRedisPrefix(): string {
  return `test-${randomUUID()}`;
}

/** Connects to a fresh database; `drop()` deletes it and closes the connection. */
export async function connectTestDb(): Promise<{ connection: mongoose.Connection; drop(): Promise<void> }> {
  const connection = await mongoose.createConnection(MONGO_URL, { dbName: testDbName(), serverSelectionTimeoutMS: 10_000 }).asPromise();
  return {
    connection,
    async drop() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

/**
 * Deletes every key under the prefix. BullMQ's `obliterate` alone is not
 * enough: it keeps the queue's meta and event keys, and a worker's markers.
 */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
