import { QueueName, RecordJobName, recordJobSchema, type RecordBatchJob, type RecordJob } from '@reprise/contracts';
import { Gatherer, type Logger } from '@reprise/runtime';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RequestRepository } from './models/request/index.js';

export interface RecordConsumerOptions {
  connection: Redis;
  prefix: string;
  /** Jobs taken at once; those that arrive together are stored in one insert. */
  concurrency: number;
  requests: RequestRepository;
  logger: Logger;
  /** At most this many runs per insert. @default 50 */
  maxBatch?: number;
  /** How long the first run of an insert waits for others to join it, in ms. @default 5 */
  maxWaitMs?: number;
}

/**
 * Stores finished runs from the `record` queue: a `record` job's run joins
 * those of other jobs that arrive with it (one insert); a `records` job
 * (bulk replays, gathered by the worker) is stored as it is, one insert. A
 * database error is rethrown so BullMQ retries with backoff (the job waits
 * while the database is away); a payload that does not match the contract
 * never will, so it is not retried. A `records` job stores what matches,
 * and fails (unretried) naming what does not.
 */
export function startRecordConsumer({ connection, prefix, concurrency, requests, logger, maxBatch = 50, maxWaitMs = 5 }: RecordConsumerOptions): Worker<RecordJob | RecordBatchJob> {
  /*
   * Gathers the runs that arrive within `maxWaitMs` of the first (up to
   * `maxBatch`) into one `recordRuns` call; each caller learns how its own
   * run fared. A failed insert fails every job of it, and BullMQ retries each:
   * the ones that were stored then hit their primary key and change nothing.
   *
   * A wait, not the end of the event loop's turn: BullMQ hands the worker its
   * jobs one Redis round trip at a time, so a turn held only 6 to 8 of them in
   * a bulk replay; a few milliseconds gather the 50 the worker runs at once,
   * and the database's cost per run falls with the size of the insert.
   */
  const batcher = new Gatherer<RecordJob>((runs) => requests.recordRuns(runs), maxBatch, maxWaitMs);
  async function storeMany(job: Job<RecordBatchJob>): Promise<void> {
    const runs: unknown[] = Array.isArray(job.data?.records) ? job.data.records : [];
    const valid: RecordJob[] = [];
    const invalid: { index: number; issues: unknown }[] = [];
    runs.forEach((run, index) => {
      const parsed = recordJobSchema.safeParse(run);
      if (parsed.success) valid.push(parsed.data);
      else invalid.push({ index, issues: parsed.error.issues });
    });
    await requests.recordRuns(valid);
    if (invalid.length || !runs.length) {
      logger.error({ jobId: job.id, invalid }, 'records job holds runs that do not match the contract');
      throw new UnrecoverableError(runs.length ? `${invalid.length} of the job's ${runs.length} runs do not match the contract` : 'the records job holds no runs');
    }
  }
  const worker = new Worker<RecordJob | RecordBatchJob>(
    QueueName.Record,
    async (job: Job<RecordJob | RecordBatchJob>) => {
      if (job.name === RecordJobName.Many) return storeMany(job as Job<RecordBatchJob>);
      const parsed = recordJobSchema.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id, issues: parsed.error.issues }, 'record job does not match the contract');
        throw new UnrecoverableError('record job does not match the contract');
      }
      await batcher.add(parsed.data);
    },
    { connection, prefix, concurrency },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err }, 'recording a run failed'));
  worker.on('error', (err) => logger.error({ err }, 'record consumer error'));
  return worker;
}
