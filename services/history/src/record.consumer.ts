import { QueueName, recordJobSchema, type RecordJob } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RequestRepository } from './models/request/index.js';

export interface RecordConsumerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  requests: RequestRepository;
  logger: Logger;
}

/**
 * Stores finished runs from the `record` queue. A database error is rethrown
 * so BullMQ retries with backoff (the job waits while the database is away);
 * a payload that does not match the contract never will, so it is not retried.
 */
export function startRecordConsumer({ connection, prefix, concurrency, requests, logger }: RecordConsumerOptions): Worker<RecordJob> {
  const worker = new Worker<RecordJob>(
    QueueName.Record,
    async (job: Job<RecordJob>) => {
      const parsed = recordJobSchema.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id, issues: parsed.error.issues }, 'record job does not match the contract');
        throw new UnrecoverableError('record job does not match the contract');
      }
      await requests.recordRun(parsed.data);
    },
    { connection, prefix, concurrency },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err }, 'recording a run failed'));
  worker.on('error', (err) => logger.error({ err }, 'record consumer error'));
  return worker;
}
