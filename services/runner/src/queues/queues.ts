import { QueueName, type QueuePayloads } from '@reprise/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers block on Redis, so their connection
 * must never give up on a command (`maxRetriesPerRequest: null`, which BullMQ
 * requires); producers fail fast instead, so an API call does not hang while
 * Redis is away.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  return new Redis(url, { maxRetriesPerRequest: role === 'worker' ? null : 3 });
}

export type RunsQueue = Queue<QueuePayloads[typeof QueueName.Runs]>;
export type RecordQueue = Queue<QueuePayloads[typeof QueueName.Record]>;

export function createRunsQueue(connection: Redis, prefix: string): RunsQueue {
  return new Queue(QueueName.Runs, { connection, prefix });
}

export function createRecordQueue(connection: Redis, prefix: string): RecordQueue {
  return new Queue(QueueName.Record, {
    connection,
    prefix,
    // History may be down for a while; a finished run waits here until it is
    // back (about an hour of retries) rather than being lost.
    defaultJobOptions: {
      attempts: 30,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}
