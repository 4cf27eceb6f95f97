import type { BatchStatus } from '@reprise/contracts';
import { Schema, type Connection, type Model } from 'mongoose';

const countsSchema = new Schema(
  {
    total: { type: Number, default: 0 },
    queued: { type: Number, default: 0 },
    running: { type: Number, default: 0 },
    completed: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    cancelled: { type: Number, default: 0 },
    skipped: { type: Number, default: 0 },
  },
  { _id: false, id: false },
);

const enqueueSchema = new Schema(
  {
    /** Every request of the selection (or of the last retry round) is on the `replays` queue. */
    done: { type: Boolean, default: false },
    /** How many requests of the selection, in history's order, are queued: a resumed enqueuer skips them. */
    cursor: { type: Number, default: 0 },
    /** The last retryFailed round (0: none); its jobs' ids and run ids carry it. */
    retryRound: { type: Number, default: 0 },
  },
  { _id: false, id: false },
);

/**
 * A bulk replay. The selection, the overrides and the options are kept as
 * the JSON text of their contract shapes: a filter's metadata keys and the
 * overridden body fields are the user's names (`$ref`, `a.b`), which FerretDB
 * refuses as field names. What is queried (workspace, creation time, the
 * enqueue flag) is a field of its own.
 *
 * While a batch runs, its live state (counts, spend, status) is in Redis
 * (`batch:{id}:state`); this document follows it about once a second and
 * when the batch ends.
 */
export const batchSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    name: { type: String, default: null },
    selection: { type: String, required: true },
    overrides: { type: String, required: true },
    options: { type: String, required: true },
    /** JSON text of the BatchEstimate, once the enqueuer has read the whole selection. */
    estimate: { type: String, default: null },
    status: { type: String, required: true, enum: ['queueing', 'running', 'paused', 'completed', 'cancelled', 'budget_exceeded', 'failed'] },
    counts: { type: countsSchema, default: () => ({}) },
    costUsd: { type: Number, default: 0 },
    /** The instant the selection was read at (its `startedBefore`): a resumed enqueuer reads the same requests. */
    selectedBefore: { type: Date, required: true },
    enqueue: { type: enqueueSchema, default: () => ({}) },
    startedAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    message: { type: String, default: null },
    /** The live state's version last written here: an older snapshot never overwrites a newer one. */
    syncVersion: { type: Number, default: 0 },
  },
  { collection: 'batches', timestamps: true, versionKey: false, id: false },
);

// Serves `GET /batches`: a workspace's batches, newest first, with the id
// breaking ties between batches created in the same millisecond.
batchSchema.index({ workspaceId: 1, createdAt: -1, _id: -1 });
// Serves the enqueuer's resume at start: the few batches not fully queued.
batchSchema.index({ 'enqueue.done': 1 });

export interface BatchCountsDoc {
  total: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  skipped: number;
}

export interface BatchDoc {
  _id: string;
  workspaceId: string;
  name: string | null;
  selection: string;
  overrides: string;
  options: string;
  estimate: string | null;
  status: BatchStatus;
  counts: BatchCountsDoc;
  costUsd: number;
  selectedBefore: Date;
  enqueue: { done: boolean; cursor: number; retryRound: number };
  startedAt: Date | null;
  endedAt: Date | null;
  message: string | null;
  syncVersion: number;
  createdAt: Date;
  updatedAt: Date;
}
export type BatchMongoModel = Model<BatchDoc>;

export function batchModel(connection: Connection): BatchMongoModel {
  return connection.model<BatchDoc>('Batch', batchSchema);
}
