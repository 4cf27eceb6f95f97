import type { ProviderDoc, ProviderMongoModel } from './provider.schema.js';

/** A workspace already has a provider of this name. */
export class DuplicateProviderNameError extends Error {
  constructor() {
    super('a provider of this name already exists in the workspace');
  }
}

export type NewProviderDoc = Omit<ProviderDoc, 'revision' | 'createdAt' | 'updatedAt'>;
export type ProviderFields = Partial<Omit<ProviderDoc, '_id' | 'workspaceId' | 'kind' | 'revision' | 'createdAt' | 'updatedAt'>>;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * The only code that queries `runner.providers`. Every read and write names
 * the workspace: another workspace's provider id matches nothing.
 */
export class ProviderRepository {
  constructor(private readonly providers: ProviderMongoModel) {}

  async insert(doc: NewProviderDoc): Promise<ProviderDoc> {
    try {
      const created = await this.providers.create(doc);
      return created.toObject() as ProviderDoc;
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateProviderNameError();
      throw err;
    }
  }

  async list(workspaceId: string): Promise<ProviderDoc[]> {
    return this.providers.find({ workspaceId }).sort({ name: 1 }).lean<ProviderDoc[]>();
  }

  async get(workspaceId: string, id: string): Promise<ProviderDoc | null> {
    return this.providers.findOne({ _id: id, workspaceId }).lean<ProviderDoc>();
  }

  /**
   * Sets fields and bumps the revision. With `expectedRevision`, writes only
   * if nobody else wrote since that revision was read (null then, as for an
   * unknown id: the caller reads again to tell which).
   */
  async update(workspaceId: string, id: string, fields: ProviderFields, expectedRevision?: number): Promise<ProviderDoc | null> {
    const filter = { _id: id, workspaceId, ...(expectedRevision === undefined ? {} : { revision: expectedRevision }) };
    try {
      return await this.providers
        .findOneAndUpdate(filter, { $set: fields, $inc: { revision: 1 } }, { returnDocument: 'after' })
        .lean<ProviderDoc>();
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateProviderNameError();
      throw err;
    }
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.providers.deleteOne({ _id: id, workspaceId });
    return result.deletedCount > 0;
  }
}
