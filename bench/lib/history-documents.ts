import type { LogRequestItem, RecordJob, RequestFilter } from '@reprise/contracts';
import type { Collection, Db, Document } from 'mongodb';
// The history service's own code, not a copy of it: the documents seeded
// straight into the database are built by the repository's `logMany` and
// `recordRun` themselves, handed models that only catch what they would
// write. Searching them is then searching what history stores.
import { dayCountOps } from '../../services/history/src/models/request/request.buckets.js';
import { decodeCursor } from '../../services/history/src/models/request/request.cursor.js';
import { RequestRepository, type RequestModels } from '../../services/history/src/models/request/request.repository.js';
import type { RequestTextsDoc } from '../../services/history/src/models/request/request.schema.js';
import { textPacksOf, unpack } from '../../services/history/src/models/request/request.texts.js';

/**
 * A request as history stores it, its list document, its bodies' document
 * (request_bodies) and its searchable text (`searchText`, packed in
 * request_texts) as one: `writeDocuments` stores each part where history does.
 */
export type RequestDocument = Record<string, unknown> & { _id: string; startedAt: Date; workspaceId: string };

/** The fields of a RequestDocument that history keeps in request_bodies, beside `_id` and `workspaceId`. */
const BODIES_FIELDS = ['requestBody', 'responseBody'] as const;
/** What request_bodies repeats of the list's document, for its own queries. */
const SHARED_FIELDS = ['startedAt', 'day', 'hour'] as const;

/** A stored request's documents and its text as one RequestDocument (see checkShape in search.ts). */
export function joinDocuments(summary: Record<string, unknown>, bodies: Record<string, unknown>, searchText: string | undefined): Record<string, unknown> {
  const joined = { ...summary };
  for (const key of BODIES_FIELDS) if (key in bodies) joined[key] = bodies[key];
  if (searchText !== undefined) joined.searchText = searchText;
  return joined;
}

/** Each request's searchable text in packs (request_texts documents), by id. */
export function textsOfPacks(packs: readonly Document[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const pack of packs) {
    const content = unpack(pack as unknown as RequestTextsDoc);
    content.ids.forEach((id, i) => texts.set(id, content.texts[i]!));
  }
  return texts;
}

/**
 * Writes requests whose ids are new to the database as history does: their
 * days counted (request_days), their bodies and their texts (packed as
 * history packs one write's), then their list documents, each in one `insertMany`.
 */
export async function writeDocuments(db: Db, docs: readonly RequestDocument[], suffix = ''): Promise<void> {
  if (!docs.length) return;
  const summaries: Document[] = [];
  const bodies: Document[] = [];
  for (const doc of docs) {
    const summary: Record<string, unknown> = { ...doc };
    const body: Record<string, unknown> = { _id: doc._id, workspaceId: doc.workspaceId };
    for (const key of SHARED_FIELDS) body[key] = doc[key];
    for (const key of BODIES_FIELDS) {
      if (key in doc) body[key] = doc[key];
      delete summary[key];
    }
    delete summary.searchText;
    summaries.push(summary);
    bodies.push(body);
  }
  await db.collection(`request_days${suffix}`).bulkWrite(dayCountOps(docs) as never[], { ordered: false });
  await db.collection(`request_bodies${suffix}`).insertMany(bodies, { ordered: false });
  const packs = textPacksOf(docs.map((d) => ({ _id: d._id, workspaceId: d.workspaceId, day: String(d.day), startedAt: d.startedAt, searchText: String(d.searchText ?? '') })));
  if (packs.length) await db.collection(`request_texts${suffix}`).insertMany(packs as unknown as Document[], { ordered: false });
  await db.collection(`requests${suffix}`).insertMany(summaries, { ordered: false });
}

/** A stand-in for a mongoose query: `find` catches its filter, and every chain ends in nothing found. */
function catchingModel(onFind: (filter: Record<string, unknown>) => void, caught: { sort?: Record<string, 1 | -1>; limit?: number }) {
  const chain = {
    sort(sort: Record<string, 1 | -1>) {
      caught.sort ??= sort;
      return chain;
    },
    limit(limit: number) {
      caught.limit ??= limit;
      return chain;
    },
    lean: () => Object.assign(Promise.resolve([]), { cursor: () => (async function* () {})() }),
  };
  return { find: (filter: Record<string, unknown>) => (onFind(filter), chain) };
}

/**
 * Builds request documents exactly as the history service writes them,
 * without a database. Each call gets a repository of its own, so calls may
 * overlap.
 */
export class HistoryDocuments {
  private repository(sink: RequestDocument[]): RequestRepository {
    const bodies = new Map<string, Record<string, unknown>>();
    const texts = new Map<string, string>();
    // What history's insert commands (insertUnordered) would send, caught.
    const inserting = <T>(onDocs: (docs: T[]) => void) => ({
      db: { db: { command: async (command: { documents: T[] }) => (onDocs(command.documents), { ok: 1 }) } },
      collection: { collectionName: 'caught' },
    });
    const models = {
      texts: inserting<Document>((packs) => {
        for (const [id, text] of textsOfPacks(packs)) texts.set(id, text);
      }),
      days: { bulkWrite: async () => ({}) },
      bodies: inserting<Record<string, unknown>>((docs) => {
        for (const d of docs) bodies.set(String(d._id), d);
      }),
      requests: inserting<RequestDocument>((docs) => {
        for (const d of docs) sink.push(joinDocuments(d, bodies.get(d._id) ?? {}, texts.get(d._id) ?? '') as RequestDocument);
      }),
    };
    return new RequestRepository(models as unknown as RequestModels);
  }

  /** What `logRequests` writes for these items (source `api`), in input order. */
  async logged(workspaceId: string, items: LogRequestItem[]): Promise<RequestDocument[]> {
    const sink: RequestDocument[] = [];
    const ids = await this.repository(sink).logMany(workspaceId, items);
    const byId = new Map(sink.map((doc) => [doc._id, doc]));
    return ids.map((id) => byId.get(id)!);
  }

  /**
   * The query history's list sends to the database for one page as MongoDB
   * reads it (one query; FerretDB's walk sends the same filter a bucket at a
   * time), caught from the repository's own `page`: the collection, filter,
   * sort and limit, to `explain`. A text filter's first query is on the texts.
   */
  async pageQuery(
    workspaceId: string,
    filter: RequestFilter,
    first: number,
    after?: string,
  ): Promise<{ collection: 'requests' | 'request_texts'; filter: Record<string, unknown>; sort: Record<string, 1 | -1>; limit: number }> {
    const caught: { collection?: 'requests' | 'request_texts'; filter?: Record<string, unknown>; sort?: Record<string, 1 | -1>; limit?: number } = {};
    const on = (collection: 'requests' | 'request_texts') => (query: Record<string, unknown>) => {
      if (caught.filter) return;
      caught.collection = collection;
      caught.filter = query;
    };
    const models = { requests: catchingModel(on('requests'), caught), bodies: catchingModel(() => {}, caught), texts: catchingModel(on('request_texts'), caught), days: catchingModel(() => {}, caught) };
    const cursor = after === undefined ? undefined : (decodeCursor(after) ?? undefined);
    await new RequestRepository(models as unknown as RequestModels).page(workspaceId, filter, first, cursor);
    if (!caught.filter || !caught.collection || !caught.sort) throw new Error("history's page query was not caught: RequestRepository.page changed");
    return { collection: caught.collection, filter: caught.filter, sort: caught.sort, limit: caught.limit ?? first + 1 };
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
