import { QueueName, type QueuePayloads } from '@reprise/contracts';
import { Job, Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

export type ReplaysQueue = Queue<QueuePayloads[typeof QueueName.Replays]>;

/**
 * How long a finished replay's job is kept: while it is there, adding its
 * id again is a no-op, so a resumed enqueuer cannot run a replay twice. By
 * age only, never by count: a count would drop a large batch's first jobs
 * while it is still being queued. (The batch's `ended` hash catches a re-add
 * after that too: a replay that ended is never started again.)
 */
const KEEP_FINISHED_SECONDS = 24 * 3600;

export const REPLAY_JOB_OPTIONS = {
  // No priority: every job of this queue is bulk work, and its own queue and workers keep it below
  // interactive runs. A priority would put 10,000 jobs in a sorted set instead of a list, for nothing.
  // Our own faults (Redis unreachable mid-run) are retried; a provider's answer, even an error, ends the replay.
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: KEEP_FINISHED_SECONDS },
  removeOnFail: { age: 7 * 24 * 3600 },
} satisfies JobsOptions;

/** The `replays` queue: bulk replays, one job per request of a batch, job id = its run id. */
export function createReplaysQueue(connection: Redis, prefix: string): ReplaysQueue {
  return new Queue(QueueName.Replays, { connection, prefix, defaultJobOptions: REPLAY_JOB_OPTIONS });
}

/**
 * Moves parked (delayed) jobs back to waiting, so they go through the gate
 * again: a slot freed, the batch resumed, or, once it is cancelled or out of
 * budget, to be counted. A job that is no longer delayed (already woken by
 * its timer, or still parking) is left alone: its own check covers it.
 * Returns how many were woken. The job is named by id only, without
 * reading its data (a replay's body can be large).
 */
export async function wakeJobs(queue: ReplaysQueue, jobIds: readonly string[]): Promise<number> {
  let woken = 0;
  for (let i = 0; i < jobIds.length; i += 200) {
    const results = await Promise.allSettled(jobIds.slice(i, i + 200).map((id) => new Job(queue, 'replay', undefined as never, {}, id).promote()));
    woken += results.filter((r) => r.status === 'fulfilled').length;
  }
  return woken;
}
