import { randomBytes, randomUUID } from 'node:crypto';
import { redisKeys, type RedisKeys } from '@reprise/contracts';
import { deleteKeys } from '@reprise/runtime/testing';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import type { ProviderDatabaseOptions } from '../../providers/provider-registry.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
/** How long a suite's closing hook may take before it is given up, and its cleanup runs anyway. */
export const CLOSE_TIMEOUT_MS = 15_000;

export interface Isolation {
  /** `test-<uuid>`: every key and channel of this suite is under it. */
  prefix: string;
  keys: RedisKeys;
  /** A database of its own, with a fresh encryption key. */
  database: ProviderDatabaseOptions & { dbName: string };
  /** A plain connection for the test's own reads and writes. */
  redis: Redis;
  /** The suite's database, to read what is stored as it is stored. */
  db(): mongoose.Connection;
  /** Deletes every key under the prefix and drops the database. */
  dispose(): Promise<void>;
}

/**
 * What one test file needs to keep to itself on the shared Redis and
 * database. BullMQ's `obliterate` leaves some keys behind (and run streams,
 * limits and cancels are not BullMQ's), so dispose() deletes by prefix. Call
 * it from an `afterAll` of its own, declared after the one that closes the
 * suite's services: Jest runs after-hooks in the order they are declared,
 * and the next one even when one failed.
 */
export function isolate(): Isolation {
  const id = randomUUID();
  const prefix = `test-${id}`;
  const dbName = `test_runner_${id.replaceAll('-', '').slice(0, 16)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  let connection: mongoose.Connection | null = null;
  return {
    prefix,
    keys: redisKeys(prefix),
    database: { mongoUrl: MONGO_URL, dbName, encryptionKey: randomBytes(32).toString('base64') },
    redis,
    db: () => (connection ??= mongoose.createConnection(MONGO_URL, { dbName })),
    async dispose() {
      await deleteKeys(redis, `${prefix}*`);
      const db = (connection ??= mongoose.createConnection(MONGO_URL, { dbName }));
      await db.asPromise();
      await db.dropDatabase();
      await db.close();
      redis.disconnect();
    },
  };
}
