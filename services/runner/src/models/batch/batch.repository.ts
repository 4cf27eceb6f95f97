import mongoose from 'mongoose';
import { batchModel, type BatchCountsDoc, type BatchDoc, type BatchMongoModel } from './batch.schema.js';

export type NewBatchDoc = Omit<BatchDoc, 'createdAt' | 'updatedAt'> & { createdAt: Date };

/** What the live state hands over to the document: the fields that change while a batch runs. */
export interface BatchSync {
  status: BatchDoc['status'];
  counts: BatchCountsDoc;
  costUsd: number;
  startedAt: Date | null;
  endedAt: Date | null;
  message: string | null;
}

/** A position in the list: the (createdAt, _id) of the last batch seen. */
export interface BatchCursor {
  createdAt: Date;
  id: string;
}

/**
 * The only code that queries `runner.batches`. Every read a route makes
 * names the workspace: another workspace's batch id matches nothing.
 */
export class BatchRepository {
  constructor(private readonly batches: BatchMongoModel) {}

  async insert(doc: NewBatchDoc): Promise<BatchDoc> {
    const created = await this.batches.create(doc);
    return created.toObject() as BatchDoc;
  }

  async get(workspaceId: string, id: string): Promise<BatchDoc | null> {
    return this.batches.findOne({ _id: id, workspaceId }).lean<BatchDoc>();
  }

  /** For processes acting on a batch they were handed by id (the enqueuer, the workers). */
  async byId(id: string): Promise<BatchDoc | null> {
    return this.batches.findOne({ _id: id }).lean<BatchDoc>();
  }

  /** One page, newest first; one more is read to tell whether another page follows. */
  async page(workspaceId: string, first: number, after: BatchCursor | null): Promise<{ docs: BatchDoc[]; hasNextPage: boolean }> {
    const query = after
      ? { workspaceId, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] }
      : { workspaceId };
    const docs = await this.batches.find(query).sort({ createdAt: -1, _id: -1 }).limit(first + 1).lean<BatchDoc[]>();
    return { docs: docs.slice(0, first), hasNextPage: docs.length > first };
  }

  /** Batches whose enqueuing did not finish (a runner API stopped mid-way), oldest first. */
  async unfinishedEnqueues(): Promise<BatchDoc[]> {
    return this.batches.find({ 'enqueue.done': false }).sort({ createdAt: 1 }).lean<BatchDoc[]>();
  }

  async setEnqueue(id: string, enqueue: Partial<BatchDoc['enqueue']>): Promise<void> {
    const $set = Object.fromEntries(Object.entries(enqueue).map(([k, v]) => [`enqueue.${k}`, v]));
    await this.batches.updateOne({ _id: id }, { $set });
  }

  async setEstimate(id: string, estimateJson: string): Promise<void> {
    await this.batches.updateOne({ _id: id }, { $set: { estimate: estimateJson } });
  }

  /**
   * Writes a snapshot of the live state, unless a newer one is already
   * there: snapshots come from several processes, and a slow write of an
   * old one must not undo the final state.
   */
  async sync(id: string, version: number, fields: BatchSync): Promise<void> {
    await this.batches.updateOne({ _id: id, syncVersion: { $lt: version } }, { $set: { ...fields, syncVersion: version } });
  }
}

export interface BatchDatabase {
  batches: BatchRepository;
  close(): Promise<void>;
}

/**
 * The runner database's `batches` collection, on a connection of its own.
 * (The providers' connection is the registry's, opened inside it.)
 */
export async function openBatchDatabase({ mongoUrl, dbName = 'runner' }: { mongoUrl: string; dbName?: string }): Promise<BatchDatabase> {
  const connection = await mongoose.createConnection(mongoUrl, { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  const model = batchModel(connection);
  await model.createIndexes();
  return { batches: new BatchRepository(model), close: () => connection.close() };
}
