import { randomUUID } from 'node:crypto';
import { deleteKeys } from '@reprise/runtime/testing';
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

/** Deletes every key under the prefix (see deleteKeys). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await deleteKeys(redis, `${prefix}*`);
  } finally {
    redis.disconnect();
  }
}
