import type { LogRequestItem, RecordJob, RequestFilter } from '@reprise/contracts';
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Document } from 'mongodb';
// The history service's own code, not a copy of it: the documents seeded
// straight into the database are built by the repository's `logMany` and
// `recordRun` themselves, handed a model that only catches what they would
// write. Searching them is then searching what history stores.
import { decodeCursor, RequestRepository } from '../../services/history/src/models/request/request.repository.js';
import { requestSchema, type RequestModel } from '../../services/history/src/models/request/request.schema.js';

export type RequestDocument = Record<string, unknown> & { _id: string; startedAt: Date };

/**
 * One document and how history writes it: a plain insert, or an upsert that
 * only sets on insert (`$setOnInsert`: requests with an external id, finished
 * runs).
 */
export interface DocumentWrite {
  doc: RequestDocument;
  upsert: boolean;
}

/**
 * Writes documents as history stores them, fast. Inserts are inserts; an
 * upsert into a fresh id stores what the database keeps of a `$setOnInsert`,
 * which is not always the document: FerretDB leaves its null and empty-array
 * fields out. That is probed once, and upserts are then written as inserts
 * of what the upsert would have stored: on FerretDB 1.x an upsert looks its
 * `_id` up with a sequential scan (its pushed-down `_id` condition is a jsonb
 * containment no index serves), so 100,000 of them would take hours.
 */
export class DocumentWriter {
  private constructor(private readonly drops: { nulls: boolean; emptyArrays: boolean }) {}

  /** Asks the database (on a scratch collection of `db`) what a `$setOnInsert` upsert keeps. */
  static async probe(db: Db): Promise<DocumentWriter> {
    const scratch = db.collection<Document>(`upsert_probe_${randomUUID().slice(0, 8)}`);
    try {
      await scratch.updateOne({ _id: 'probe' } as Document, { $setOnInsert: { keep: 1, nothing: null, none: [] } }, { upsert: true });
      const stored = (await scratch.findOne({ _id: 'probe' } as Document)) ?? {};
      return new DocumentWriter({ nulls: !('nothing' in stored), emptyArrays: !('none' in stored) });
    } finally {
      await scratch.drop().catch(() => undefined);
    }
  }

  /** What an upsert stores of these fields. */
  private upserted(doc: RequestDocument): RequestDocument {
    const kept = Object.entries(doc).filter(
      ([, v]) => !(this.drops.nulls && (v === null || v === undefined)) && !(this.drops.emptyArrays && Array.isArray(v) && v.length === 0),
    );
    return Object.fromEntries(kept) as RequestDocument;
  }

  /** Writes the documents into a collection that holds none of their ids yet, in one `insertMany`. */
  async write(collection: Collection<Document>, writes: readonly DocumentWrite[]): Promise<void> {
    if (!writes.length) return;
    await collection.insertMany(
      writes.map((w) => (w.upsert ? this.upserted(w.doc) : w.doc) as unknown as Document),
      { ordered: false },
    );
  }

  describe(): string {
    const dropped = [this.drops.nulls && 'null', this.drops.emptyArrays && 'empty-array'].filter(Boolean);
    return dropped.length ? `upserts stored without their ${dropped.join(' and ')} fields, as this database does` : 'upserts stored whole';
  }
}

/**
 * What mongoose fills in when `recordRun`'s upsert inserts: the schema's
 * defaults of the fields the update does not set (`setDefaultsOnInsert`).
 * `logMany`'s lean insert sets every field itself.
 */
function withSchemaDefaults(doc: Record<string, unknown>): Record<string, unknown> {
  const out = { ...doc };
  requestSchema.eachPath((path, type) => {
    if (path in out || path === '_id' || path === 'createdAt' || path === 'updatedAt') return;
    const value: unknown = (type as unknown as { defaultValue?: unknown }).defaultValue;
    if (value !== undefined) out[path] = typeof value === 'function' ? (value as () => unknown).call({}) : value;
  });
  return out;
}

/**
 * Builds request documents exactly as the history service writes them,
 * without a database. Each call gets a repository of its own, so calls may
 * overlap.
 */
export class HistoryDocuments {
  private repository(sink: DocumentWrite[]): RequestRepository {
    const model = {
      insertMany: async (docs: RequestDocument[]) => {
        sink.push(...docs.map((doc) => ({ doc, upsert: false })));
        return docs;
      },
      bulkWrite: async (ops: Array<{ updateOne: { filter: { _id: string }; update: { $setOnInsert: Record<string, unknown> } } }>) => {
        sink.push(...ops.map((op) => ({ doc: { ...op.updateOne.update.$setOnInsert, _id: op.updateOne.filter._id } as RequestDocument, upsert: true })));
        return {};
      },
      updateOne: async (filter: { _id: string }, update: { $setOnInsert: Record<string, unknown> }) => {
        const now = new Date();
        sink.push({ doc: withSchemaDefaults({ _id: filter._id, ...update.$setOnInsert, createdAt: now, updatedAt: now }) as RequestDocument, upsert: true });
        return {};
      },
    };
    return new RequestRepository(model as unknown as RequestModel);
  }

  /** What `logRequests` writes for these items (source `api`), in input order. */
  async logged(workspaceId: string, items: LogRequestItem[]): Promise<DocumentWrite[]> {
    const sink: DocumentWrite[] = [];
    const ids = await this.repository(sink).logMany(workspaceId, items);
    const byId = new Map(sink.map((w) => [w.doc._id, w]));
    return ids.map((id) => byId.get(id)!);
  }

  /**
   * The query history's list sends to the database for one page, caught from
   * the repository's own `page`: the filter, sort and limit, to `explain`.
   */
  async pageQuery(
    workspaceId: string,
    filter: RequestFilter,
    first: number,
    after?: string,
  ): Promise<{ filter: Record<string, unknown>; sort: Record<string, 1 | -1>; limit: number }> {
    const caught: { filter?: Record<string, unknown>; sort?: Record<string, 1 | -1>; limit?: number } = {};
    const chain = {
      sort(sort: Record<string, 1 | -1>) {
        caught.sort = sort;
        return chain;
      },
      limit(limit: number) {
        caught.limit = limit;
        return chain;
      },
      lean: async () => [],
    };
    const model = {
      find(query: Record<string, unknown>) {
        caught.filter = query;
        return chain;
      },
    };
    const cursor = after === undefined ? undefined : (decodeCursor(after) ?? undefined);
    await new RequestRepository(model as unknown as RequestModel).page(workspaceId, filter, first, cursor);
    if (!caught.filter || !caught.sort || caught.limit === undefined) throw new Error("history's page query was not caught: RequestRepository.page changed");
    return { filter: caught.filter, sort: caught.sort, limit: caught.limit };
  }

  /** What history writes for a finished playground, replay or bulk run. */
  async run(job: RecordJob): Promise<DocumentWrite> {
    const sink: DocumentWrite[] = [];
    await this.repository(sink).recordRun(job);
    return sink[0]!;
  }
}

/**
 * The differences between a document history stored and the one stored
 * here for the same input, ignoring what differs by nature (`_id` without an
 * external id, the write timestamps). Empty when they match.
 */
export function documentDifferences(stored: Record<string, unknown>, built: Record<string, unknown>): string[] {
  const ignore = new Set(['createdAt', 'updatedAt', ...(built.externalId ? [] : ['_id'])]);
  const norm = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Date ? x.toISOString() : x));
  const keys = new Set([...Object.keys(stored), ...Object.keys(built)]);
  const out: string[] = [];
  for (const key of keys) {
    if (ignore.has(key)) continue;
    if (!(key in stored)) out.push(`${key}: only in history's document`);
    else if (!(key in built)) out.push(`${key}: only in the document written here`);
    else if (norm(stored[key]) !== norm(built[key])) out.push(`${key}: history ${norm(stored[key]).slice(0, 80)} ≠ here ${norm(built[key]).slice(0, 80)}`);
  }
  return out;
}
