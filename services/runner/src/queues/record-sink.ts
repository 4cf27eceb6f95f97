import { RecordJobName, type RecordJob } from '@reprise/contracts';
import { Gatherer } from '@reprise/runtime';
import type { RecordQueue } from './queues.js';

/** Where a run's record goes once its outcome is known; `add` resolves once the record is queued for history. */
export interface RecordSink {
  add(record: RecordJob): Promise<void>;
  /** Queues whatever is still held. */
  close(): Promise<void>;
}

/** Each record its own job, the run id its job id: an interactive run's record leaves at once. */
export function oneByOne(queue: RecordQueue): RecordSink {
  return {
    async add(record) {
      await queue.add(RecordJobName.One, record, { jobId: record.runId });
    },
    async close() {},
  };
}

export interface GatheredOptions {
  /** At most this many records per job. @default 50 */
  maxBatch?: number;
  /** How long the first record of a job waits for others to join it, in ms. @default 5 */
  maxWaitMs?: number;
}

/**
 * Records gathered into one `records` job: those that end within
 * `maxWaitMs` of the first (up to `maxBatch`); a record that ends alone goes
 * as a `record` job of its own, its run id the job id, as `oneByOne` queues
 * it. A job per record cost three BullMQ scripts each (the add here,
 * history's take and finish, and the fetches around them) and history's
 * per-job work; gathered, those are paid once per job. Each
 * caller's `add` resolves when the job holding its record is queued, and
 * rejects with it when that fails, so the run's terminal event still
 * follows its record, and a failure fails (and retries) every job whose
 * record it held.
 *
 * A run whose job is taken again after its record was queued but before its
 * end was written runs again and queues its record again, in another job;
 * history stores a run once by run id, keeping the first, as it does for a
 * `record` job added twice.
 */
export class GatheredRecords implements RecordSink {
  private readonly gatherer: Gatherer<RecordJob>;

  constructor(queue: RecordQueue, { maxBatch = 50, maxWaitMs = 5 }: GatheredOptions = {}) {
    this.gatherer = new Gatherer(
      (records) => (records.length === 1 ? queue.add(RecordJobName.One, records[0]!, { jobId: records[0]!.runId }) : queue.add(RecordJobName.Many, { records })),
      maxBatch,
      maxWaitMs,
    );
  }

  add(record: RecordJob): Promise<void> {
    return this.gatherer.add(record);
  }

  close(): Promise<void> {
    return this.gatherer.close();
  }
}
