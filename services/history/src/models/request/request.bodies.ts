import type { RequestBodies } from '@reprise/contracts';
import type { Bucket } from './request.buckets.js';
import type { RequestBodiesDoc, RequestBodiesModel } from './request.schema.js';

type Bodies = Pick<RequestBodies, 'requestBody' | 'responseBody'>;

/**
 * Ids looked up one query each, on FerretDB, up to this many. There a query
 * by id costs one PostgreSQL scan of the bodies' rows (about 17 ms at
 * 10,000 on the 2-core dev machine), while `_id: {$in}` is not pushed down
 * and reads every body of the workspace (about 70 µs each).
 */
const ONE_BY_ONE_MAX = 20;

/** Day groups read one query each, on FerretDB, before one query reads the workspace instead. */
const DAY_QUERIES_MAX = 6;

/**
 * The requests' bodies (request_bodies), read for what needs them: a
 * request's detail, a replay, the batch results, an export. Every query is
 * scoped to the workspace.
 */
export class BodyStore {
  constructor(
    private readonly model: RequestBodiesModel,
    /** FerretDB: fewer queries that each read more, as above. */
    private readonly ferretdb: boolean,
  ) {}

  async one(workspaceId: string, id: string): Promise<Bodies | null> {
    const doc = await this.model.findOne({ _id: id, workspaceId }, { requestBody: 1, responseBody: 1 }).lean<RequestBodiesDoc>();
    return doc && { requestBody: doc.requestBody, responseBody: doc.responseBody ?? null };
  }

  /** The bodies of the workspace's requests among `ids`, each once, in no order; others' ids are left out. */
  async byIds(workspaceId: string, ids: readonly string[]): Promise<RequestBodies[]> {
    const wanted = [...new Set(ids)];
    const docs =
      this.ferretdb && wanted.length <= ONE_BY_ONE_MAX
        ? (await Promise.all(wanted.map(async (id) => this.model.findOne({ _id: id, workspaceId }).lean<RequestBodiesDoc>()))).filter((d) => d !== null)
        : await this.model.find({ workspaceId, _id: { $in: wanted } }, { requestBody: 1, responseBody: 1 }).lean<RequestBodiesDoc[]>();
    return docs.map((d) => ({ id: d._id, requestBody: d.requestBody, responseBody: d.responseBody ?? null }));
  }

  /**
   * The bodies of stored requests, by id. On FerretDB, grouped by the day
   * each was started (an equality it pushes down), one query a day, while
   * the days are few; MongoDB reads them by `_id` in one query.
   */
  async of(workspaceId: string, docs: readonly { _id: string; day: string }[]): Promise<Map<string, Bodies>> {
    if (!docs.length) return new Map();
    const byDay = new Map<string, string[]>();
    for (const d of docs) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d._id]);
    const queries = this.ferretdb
      ? dayScopes(workspaceId, [...byDay.keys()]).map((q) => ({ ...q, _id: { $in: q.day ? byDay.get(q.day)! : docs.map((d) => d._id) } }))
      : [{ workspaceId, _id: { $in: docs.map((d) => d._id) } }];
    const found = await Promise.all(queries.map(async (q) => this.model.find(q, { requestBody: 1, responseBody: 1 }).lean<RequestBodiesDoc[]>()));
    return new Map(found.flat().map((d) => [d._id, { requestBody: d.requestBody, responseBody: d.responseBody ?? null }]));
  }

  /**
   * The bodies of `wanted` (ids of the workspace's requests, each with its
   * day), streamed in one pass over the bodies of those days, in storage
   * order. For FerretDB, where a read of many requests by `_id: {$in}`
   * reads every body of the days it names whatever the list's length: a
   * selection read 500 at a time with `of` read them once per 500 (measured:
   * 10,000 requests on one day, 20 reads of 10,000 to 20,000 bodies, four
   * fifths of FerretDB's CPU during a bulk replay). Here each is read once.
   */
  async *streamOf(workspaceId: string, wanted: ReadonlyMap<string, string>, batchSize = 500): AsyncGenerator<[string, Bodies]> {
    yield* this.streamIn(dayScopes(workspaceId, [...new Set(wanted.values())]), wanted, batchSize);
  }

  /** As streamOf, for requests all in one bucket of the list (a day or an hour): one pass over that bucket's bodies. */
  streamOfBucket(workspaceId: string, bucket: Bucket, wanted: ReadonlySet<string> | ReadonlyMap<string, unknown>, batchSize = 500): AsyncGenerator<[string, Bodies]> {
    return this.streamIn([{ workspaceId, ...bucket }], wanted, batchSize);
  }

  private async *streamIn(queries: Record<string, unknown>[], wanted: ReadonlySet<string> | ReadonlyMap<string, unknown>, batchSize: number): AsyncGenerator<[string, Bodies]> {
    let left = wanted.size;
    if (left === 0) return;
    for (const query of queries) {
      for await (const row of this.model.find(query, { requestBody: 1, responseBody: 1 }).lean<RequestBodiesDoc>().cursor({ batchSize })) {
        const doc = row as unknown as RequestBodiesDoc;
        if (!wanted.has(doc._id)) continue;
        yield [doc._id, { requestBody: doc.requestBody, responseBody: doc.responseBody ?? null }];
        if (--left === 0) return;
      }
    }
  }

  async deleteMany(workspaceId: string, ids: readonly string[]): Promise<void> {
    await this.model.deleteMany({ workspaceId, _id: { $in: [...ids] } });
  }
}

/** On FerretDB: one query a day (an equality it pushes down) while the days are few, else one for the workspace. */
function dayScopes(workspaceId: string, days: readonly string[]): { workspaceId: string; day?: string }[] {
  return days.length <= DAY_QUERIES_MAX ? days.map((day) => ({ workspaceId, day })) : [{ workspaceId }];
}
