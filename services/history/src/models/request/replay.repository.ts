import type { BatchResultPage, BatchResultsBody, BatchResultSummary, RequestRecord } from '@reprise/contracts';
import { compare, type ReplayOutcome } from '../../compare/index.js';
import type { BodyStore } from './request.bodies.js';
import { encodeCursor, type Cursor } from './request.cursor.js';
import { toRecord } from './request.record.js';
import type { RequestDoc, RequestModel } from './request.schema.js';
import { SUMMARY_FIELDS, SummaryAccumulator, type SummaryRow } from './replay.summary.js';

/** One replay of a batch with its original, for the export; the original is null when it was deleted. */
export interface ReplayPair {
  original: RequestRecord | null;
  replay: RequestRecord;
  /** As stored when the replay was recorded (see ReplayFlags). */
  outcome: ReplayOutcome | null;
}

/**
 * Replays read for the export at a time, with one query for their originals
 * and one (or a few, by day) for their bodies. Large on purpose: FerretDB
 * 1.24 does not push `_id: {$in}` down, so each chunk's originals query
 * reads the workspace's summaries once, and fewer chunks mean fewer such
 * reads; 500 replays and their originals, bodies included, stay within tens
 * of MB.
 */
const EXPORT_CHUNK = 500;

/**
 * Reads a batch's results: its replays (the workspace's records with that
 * batchId), each beside its original. The only other code than
 * RequestRepository that queries the requests collection; every query is
 * scoped to the workspace, so another workspace's batch id reads as a batch
 * with no results.
 */
export class ReplayRepository {
  constructor(
    private readonly model: RequestModel,
    private readonly bodies: BodyStore,
  ) {}

  /**
   * A chunk of replays as records, and the workspace's originals among
   * theirs, by id: one query for the originals, and their bodies read
   * together. A replay or original whose bodies are not there (deleted
   * meanwhile) is left out.
   */
  private async withOriginals(workspaceId: string, replays: RequestDoc[]): Promise<{ replays: Map<string, RequestRecord>; originals: Map<string, RequestRecord> }> {
    const wanted = [...new Set(replays.map((d) => d.replayOf).filter((id): id is string => typeof id === 'string'))];
    const originals = wanted.length ? await this.model.find({ workspaceId, _id: { $in: wanted } }).lean<RequestDoc[]>() : [];
    const bodies = await this.bodies.of(workspaceId, [...replays, ...originals]);
    const records = (docs: RequestDoc[]) =>
      new Map(docs.flatMap((d) => {
        const b = bodies.get(d._id);
        return b ? [[d._id, toRecord(d, b)] as const] : [];
      }));
    return { replays: records(replays), originals: records(originals) };
  }

  /**
   * A page of the batch's results, newest first, after a keyset cursor (the
   * list's). `outcome` reads the flag stored with each replay; `judgedBelow`
   * its score. Replays whose original was deleted are left out: a result is
   * a pair (and one deleted while this page is read is dropped from it).
   * The comparison is computed here, for the page only.
   *
   * On FerretDB 1.24 a page costs a read of the summaries of all the
   * batch's replays (only the workspace and batch equalities are pushed
   * down; it sorts in its own process) plus, for the originals' `_id:
   * {$in}`, which it does not push down, a read of the workspace's
   * summaries, and the page's bodies by day (BodyStore.of). MongoDB serves
   * them from indexes (the batch index of request.schema.ts, and _id).
   */
  async results(workspaceId: string, batchId: string, filter: BatchResultsBody['filter'], first: number, after?: Cursor): Promise<BatchResultPage> {
    const query: Record<string, unknown> = { workspaceId, batchId, originalMissing: { $ne: true } };
    if (filter.outcome) query.outcome = filter.outcome;
    if (filter.judgedBelow !== undefined) query.score = { $lt: filter.judgedBelow };
    if (after) query.$or = [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, _id: { $lt: after.id } }];
    const docs = await this.model
      .find(query)
      .sort({ startedAt: -1, _id: -1 })
      .limit(first + 1)
      .lean<RequestDoc[]>();
    const page = docs.slice(0, first);
    const { replays, originals } = await this.withOriginals(workspaceId, page);
    return {
      items: page.flatMap((doc) => {
        const original = doc.replayOf ? originals.get(doc.replayOf) : undefined;
        const replay = replays.get(doc._id);
        if (!original || !replay) return [];
        return [{ cursor: encodeCursor(doc), original, replay, comparison: compare(original, replay) }];
      }),
      hasNextPage: docs.length > first,
    };
  }

  /**
   * The batch's summary, in one pass over a projection of its replays: the
   * flags and deltas each replay got when it was recorded are all it needs,
   * so no original is read again (about 1 s for 5,000 replays on FerretDB).
   */
  async summary(workspaceId: string, batchId: string): Promise<BatchResultSummary> {
    const totals = new SummaryAccumulator();
    const rows = this.model.find({ workspaceId, batchId }, SUMMARY_FIELDS).lean<SummaryRow>().cursor({ batchSize: 5000 });
    for await (const row of rows) totals.add(row as unknown as SummaryRow);
    return totals.result();
  }

  /**
   * Every replay of the batch with its original, newest first, streamed: a
   * chunk of replays at a time, with one query for the chunk's originals, so
   * memory holds a chunk, not the batch. Replays whose original was deleted
   * are kept, with a null original: an export is the whole batch.
   */
  pairs(workspaceId: string, batchId: string): AsyncIterable<ReplayPair> {
    const cursor = this.model.find({ workspaceId, batchId }).sort({ startedAt: -1, _id: -1 }).lean<RequestDoc>().cursor({ batchSize: EXPORT_CHUNK });
    const withOriginals = (docs: RequestDoc[]) => this.withOriginals(workspaceId, docs);
    return (async function* () {
      let chunk: RequestDoc[] = [];
      async function* flush() {
        const { replays, originals } = await withOriginals(chunk);
        for (const doc of chunk) {
          const replay = replays.get(doc._id);
          if (replay) yield { original: (doc.replayOf && originals.get(doc.replayOf)) || null, replay, outcome: (doc.outcome ?? null) as ReplayOutcome | null };
        }
        chunk = [];
      }
      for await (const row of cursor) {
        chunk.push(row as unknown as RequestDoc);
        if (chunk.length >= EXPORT_CHUNK) yield* flush();
      }
      if (chunk.length) yield* flush();
    })();
  }
}
