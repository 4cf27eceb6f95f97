import type { LogRequestItem, RecordJob, RequestFilter } from '@reprise/contracts';
import type { Collection, Db, Document } from 'mongodb';
// The history service's own code, not a copy of it: the documents seeded
// straight into the database are built by the repository's `logMany` and
// `recordRun` themselves, handed a model that only catches what they would
// write. Searching them is then searching what history stores.
import { decodeCursor } from '../../services/history/src/models/request/request.cursor.js';
import { RequestRepository } from '../../services/history/src/models/request/request.repository.js';
import type { RequestModel } from '../../services/history/src/models/request/request.schema.js';

export type RequestDocument = Record<string, unknown> & { _id: string; startedAt: Date };

/** Writes documents into a collection that holds none of their ids yet, in one `insertMany`, as history does. */
export async function writeDocuments(collection: Collection<Document>, docs: readonly RequestDocument[]): Promise<void> {
  if (docs.length) await collection.insertMany(docs as unknown as Document[], { ordered: false });
}

/**
 * Builds request documents exactly as the history service writes them,
 * without a database. Each call gets a repository of its own, so calls may
 * overlap.
 */
export class HistoryDocuments {
  private repository(sink: RequestDocument[]): RequestRepository {
    const model = {
      insertMany: async (docs: RequestDocument[]) => {
        sink.push(...docs);
        return docs;
      },
    };
    return new RequestRepository(model as unknown as RequestModel);
  }

  /** What `logRequests` writes for these items (source `api`), in input order. */
  async logged(workspaceId: string, items: LogRequestItem[]): Promise<RequestDocument[]> {
    const sink: RequestDocument[] = [];
    const ids = await this.repository(sink).logMany(workspaceId, items);
    const byId = new Map(sink.map((doc) => [doc._id, doc]));
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
  async run(job: RecordJob): Promise<RequestDocument> {
    const sink: RequestDocument[] = [];
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
