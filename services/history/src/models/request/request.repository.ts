import { createHash, randomUUID } from 'node:crypto';
import {
  costOf,
  type LogRequestItem,
  type OriginalSummary,
  type RecordJob,
  type RequestFilter,
  type RequestPage,
  type RequestRecord,
  type RequestStats,
  type ReplaySelection,
  type SelectedRequest,
} from '@reprise/contracts';
import { answerTextOf } from '../../compare/index.js';
import { encodeCursor, type Cursor } from './request.cursor.js';
import { extract, searchTextOf } from './request.extract.js';
import { filterQuery, metaKV } from './request.filter.js';
import { toRecord } from './request.record.js';
import type { RequestDoc, RequestModel } from './request.schema.js';
import { originalSummaryOfDoc, replayFlagsOf, SUMMARY_SOURCE_FIELDS } from './replay.flags.js';

/**
 * The document id of a request logged with an external id: derived from the
 * workspace and that id, so logging it twice (or concurrently) lands on one
 * document without a second unique index.
 */
function idForExternal(workspaceId: string, externalId: string): string {
  const hex = createHash('sha256').update(`${workspaceId}\u0000${externalId}`).digest('hex');
  return `x-${hex.slice(0, 32)}`;
}

/** Duplicate-key refusals (code 11000) are the point of inserting by a known id; anything else is an error. */
async function ignoringDuplicates(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
    const codes = e.writeErrors?.length ? e.writeErrors.map((w) => w.code ?? w.err?.code) : [e.code];
    if (!codes.every((c) => c === 11000)) throw err;
  }
}

/** The only code that queries the requests collection. */
export class RequestRepository {
  constructor(private readonly model: RequestModel) {}

  /**
   * Stores a finished run once: the document id is the run id and an existing
   * document is left untouched, so a record delivered twice changes nothing.
   * The bodies are stored as the text received, and what queries need (tool
   * names, prompt text, cost) comes from the worker, which had it in hand.
   *
   * A replay (`replayOf`) is compared with its original here, once, and keeps
   * the flags its batch's filters and summary read (see ReplayFlags). A bulk
   * replay brings its original's summary (`job.original`, written by
   * `select` in the same workspace): nothing is read. Any other replay reads
   * its original's summary by id within the job's workspace: a replay never
   * compares with another workspace's request.
   *
   * A bulk replay whose original is deleted while it runs is compared with
   * the original as the selection read it, and is not marked
   * `originalMissing` (deleteMany marks the replays recorded by then); the
   * batch's results leave it out all the same, finding no original to pair
   * it with (see ReplayRepository.results).
   */
  async recordRun(job: RecordJob): Promise<void> {
    await this.recordRuns([job]);
  }

  /**
   * Stores finished runs together, in one unordered insertMany: each as
   * recordRun stores it, a run already stored left untouched (its duplicate
   * key is ignored, the others are inserted all the same). One statement for
   * many documents is what the database spends least on per run (FerretDB
   * measured here: 0.11 ms of its CPU per document in batches of 50, 0.41 ms
   * one at a time).
   */
  async recordRuns(jobs: readonly RecordJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const docs = await Promise.all(jobs.map(async (job) => this.documentOf(job)));
    // Inserted, not upserted (see logMany): a second delivery of the same
    // run hits the primary key and changes nothing.
    await ignoringDuplicates(this.model.insertMany(docs, { ordered: false, lean: true }));
  }

  private async documentOf(job: RecordJob) {
    const now = new Date();
    const flags = job.replayOf ? replayFlagsOf(job.original ?? (await this.originalSummary(job.workspaceId, job.replayOf)), job) : null;
    // Field by field, not a spread of the job: a lean insert skips
    // mongoose's strict filter, so anything spread in would be stored
    // (promptText, which lives on only inside searchText).
    return {
      _id: job.runId,
      runId: job.runId,
      workspaceId: job.workspaceId,
      source: job.source,
      provider: job.provider,
      model: job.model,
      requestBody: job.requestBody,
      responseBody: job.responseBody,
      output: job.output,
      status: job.status,
      error: job.error,
      usage: job.usage,
      cost: job.cost,
      latencyMs: job.latencyMs,
      ttftMs: job.ttftMs,
      startedAt: new Date(job.startedAt),
      endedAt: new Date(job.endedAt),
      toolNames: job.toolNames,
      searchText: searchTextOf(job.promptText, job.output),
      tags: [],
      metadata: [],
      metaKV: [],
      replayOf: job.replayOf ?? null,
      forkedFrom: job.forkedFrom ?? null,
      batchId: job.batchId ?? null,
      reusedToolResults: job.reusedToolResults ?? [],
      judge: job.judge ?? null,
      // The judge's score is the record's score, so judgedBelow and the list's score read one field.
      score: job.judge ? job.judge.score : null,
      ...(flags ?? {}),
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * One read of an original, by id, for a replay that did not bring its
   * summary. On MongoDB a primary-key lookup; on FerretDB 1.24 the equality
   * is pushed down but as `_jsonb->'_id' @> $1`, which no index serves, so
   * PostgreSQL scans the collection: measured on the 2-core dev machine at
   * 4 ms with 5,000 documents, 20 ms with 20,000, 48 ms with 50,000 (one at
   * a time). Hence bulk replays, thousands a batch, bring the summary; the
   * few single replays a second from the playground can afford the read.
   */
  private async originalSummary(workspaceId: string, id: string): Promise<OriginalSummary | null> {
    const original = await this.model.findOne({ _id: id, workspaceId }, SUMMARY_SOURCE_FIELDS).lean<RequestDoc>();
    return original ? originalSummaryOfDoc(original) : null;
  }

  /**
   * Stores requests logged by an integration, all or nothing having been
   * validated before. Returns their ids in input order; an external id seen
   * before returns the id it got then and changes nothing.
   */
  async logMany(workspaceId: string, items: LogRequestItem[]): Promise<string[]> {
    const docs = items.map((item) => {
      const extracted = extract(item.requestBody, item.responseBody);
      const model = item.model ?? extracted.model ?? 'unknown';
      const usage = item.usage ?? extracted.usage;
      const status = item.status ?? (item.error ? 'failed' : 'completed');
      const startedAt = new Date(item.startedAt);
      const endedAt = item.endedAt ? new Date(item.endedAt) : null;
      return {
        _id: item.externalId ? idForExternal(workspaceId, item.externalId) : randomUUID(),
        workspaceId,
        source: 'api' as const,
        provider: item.provider,
        model,
        requestBody: item.requestBody,
        responseBody: item.responseBody ?? null,
        output: extracted.output,
        status,
        error: item.error ? { kind: item.error.kind ?? 'provider_error', message: item.error.message, status: item.error.status } : null,
        usage,
        latencyMs: item.latencyMs ?? (endedAt ? endedAt.getTime() - startedAt.getTime() : null),
        ttftMs: item.ttftMs ?? null,
        startedAt,
        endedAt,
        cost: item.cost ?? (usage ? costOf(model, usage.promptTokens, usage.completionTokens) : null),
        tags: [...new Set(item.tags ?? [])],
        metadata: Object.entries(item.metadata ?? {}).map(([k, v]) => ({ k, v })),
        metaKV: Object.entries(item.metadata ?? {}).map(([k, v]) => metaKV(k, v)),
        score: item.score ?? null,
        externalId: item.externalId ?? null,
        toolNames: extracted.toolNames,
        searchText: extracted.searchText,
      };
    });
    const fresh = docs.filter((d) => !d.externalId);
    const keyed = docs.filter((d) => d.externalId);
    const now = new Date();
    // Plain inserts where no id can repeat (the bulk of ingestion); upserts
    // that never overwrite where an external id can.
    if (fresh.length) {
      // lean: the items were validated against the contract already, so
      // mongoose's per-document hydration and casting would be pure cost.
      await this.model.insertMany(
        fresh.map((d) => ({ ...d, createdAt: now, updatedAt: now })),
        { ordered: false, lean: true },
      );
    }
    if (keyed.length) {
      // An id seen before is refused by the primary key and left untouched:
      // an insert, not an upsert, because FerretDB 1.x finds a document by
      // _id for an update with a table scan but checks a new one's _id
      // against its unique index.
      await ignoringDuplicates(
        this.model.insertMany(
          keyed.map((d) => ({ ...d, createdAt: now, updatedAt: now })),
          { ordered: false, lean: true },
        ),
      );
    }
    return docs.map((d) => d._id);
  }

  async findById(workspaceId: string, id: string): Promise<RequestRecord | null> {
    const doc = await this.model.findOne({ _id: id, workspaceId }).lean<RequestDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** A page of a workspace's requests under a filter, newest first, after a keyset cursor. */
  async page(workspaceId: string, filter: RequestFilter, first: number, after?: Cursor): Promise<RequestPage> {
    const query = filterQuery(workspaceId, filter);
    if (after) {
      const and = (query.$and as Record<string, unknown>[] | undefined) ?? [];
      and.push({ $or: [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, _id: { $lt: after.id } }] });
      query.$and = and;
    }
    const docs = await this.model
      .find(query)
      .sort({ startedAt: -1, _id: -1 })
      .limit(first + 1)
      .lean<RequestDoc[]>();
    return {
      items: docs.slice(0, first).map((doc) => ({ cursor: encodeCursor(doc), record: toRecord(doc) })),
      hasNextPage: docs.length > first,
    };
  }

  /** Every request under a filter, newest first, one document at a time (for exports). */
  stream(workspaceId: string, filter: RequestFilter): AsyncIterable<RequestRecord> {
    const cursor = this.model.find(filterQuery(workspaceId, filter)).sort({ startedAt: -1, _id: -1 }).lean<RequestDoc>().cursor({ batchSize: 500 });
    return (async function* () {
      for await (const doc of cursor) yield toRecord(doc as unknown as RequestDoc);
    })();
  }

  /**
   * The requests a bulk replay takes, streamed one at a time in one query:
   * a filter (the list's) or ids, within the workspace and started before
   * `startedBefore`, so that reading a selection twice gives the same
   * requests. Ids unknown or of another workspace are simply not there.
   * Read in storage order, unsorted: the runner needs each request once, in
   * no order (a resumed enqueue queues them all again, by idempotent job
   * ids), and FerretDB sorts in its own process after reading every match.
   * Measured on FerretDB (2 cores, 5,000 requests): the same total time
   * sorted by _id or not (about 0.45 s), but the first request after 0.3 s
   * sorted against 0.05 s unsorted (1.2 s against 0.06 s at 20,000); in the
   * replay bench, sorting 10,000 held startBulkReplay's answer for 5 s.
   * Each request comes with its summary (`original`), which the runner hands
   * back with the replay's record: recording it then reads nothing.
   */
  select(workspaceId: string, selection: ReplaySelection, startedBefore: string): AsyncIterable<SelectedRequest> {
    const before = new Date(startedBefore);
    const query = selection.ids ? { workspaceId, _id: { $in: selection.ids } } : filterQuery(workspaceId, selection.filter);
    const bound = query.startedAt as { $gte?: Date; $lt?: Date } | undefined;
    query.startedAt = { ...bound, $lt: bound?.$lt && bound.$lt < before ? bound.$lt : before };
    const cursor = this.model
      .find(query, { provider: 1, model: 1, source: 1, requestBody: 1, ...SUMMARY_SOURCE_FIELDS })
      .lean<RequestDoc>()
      .cursor({ batchSize: 500 });
    return (async function* () {
      for await (const row of cursor) {
        const doc = row as unknown as RequestDoc;
        const original = originalSummaryOfDoc(doc);
        yield {
          id: doc._id,
          provider: doc.provider,
          model: doc.model,
          source: doc.source,
          requestBody: doc.requestBody,
          // Logged requests keep their tool calls as text in `output`; a run
          // keeps only its text there, so its calls are read from its answer.
          output: doc.output || answerTextOf(original) || null,
          completionTokens: typeof doc.usage?.completionTokens === 'number' ? doc.usage.completionTokens : null,
          original,
        };
      }
    })();
  }

  /**
   * Totals and latency percentiles over a filter. The totals are summed here
   * from a projection streamed in batches: FerretDB 1.24 answers `$sum` of a
   * field with 0, so a `$group` cannot be trusted on it (on MongoDB one
   * `$group` stage would do). Percentiles are read by rank: the k-th fastest
   * request, with sort + skip, as no percentile operator exists on both.
   */
  async stats(workspaceId: string, filter: RequestFilter): Promise<RequestStats> {
    const query = filterQuery(workspaceId, filter);
    const totals = { count: 0, failed: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, cost: 0, timed: 0 };
    const rows = this.model.find(query, { _id: 0, status: 1, usage: 1, cost: 1, latencyMs: 1 }).lean<RequestDoc>().cursor({ batchSize: 5000 });
    for await (const row of rows) {
      const r = row as unknown as Pick<RequestDoc, 'status' | 'usage' | 'cost' | 'latencyMs'>;
      totals.count++;
      if (r.status === 'failed') totals.failed++;
      totals.promptTokens += r.usage?.promptTokens ?? 0;
      totals.completionTokens += r.usage?.completionTokens ?? 0;
      totals.totalTokens += r.usage?.totalTokens ?? 0;
      totals.cost += r.cost ?? 0;
      if (typeof r.latencyMs === 'number') totals.timed++;
    }
    const timed = { ...query, latencyMs: { ...(query.latencyMs as object | undefined), $ne: null } };
    const percentile = async (p: number): Promise<number | null> => {
      if (!totals.timed) return null;
      const rank = Math.min(totals.timed - 1, Math.max(0, Math.ceil((p / 100) * totals.timed) - 1));
      const [doc] = await this.model.find(timed, { latencyMs: 1 }).sort({ latencyMs: 1, _id: 1 }).skip(rank).limit(1).lean<RequestDoc[]>();
      return doc?.latencyMs ?? null;
    };
    const [latencyP50, latencyP95, latencyP99] = await Promise.all([percentile(50), percentile(95), percentile(99)]);
    return {
      count: totals.count,
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      totalTokens: totals.totalTokens,
      cost: totals.cost,
      errorRate: totals.count ? totals.failed / totals.count : 0,
      latencyP50,
      latencyP95,
      latencyP99,
    };
  }

  async setTags(workspaceId: string, id: string, tags: string[]): Promise<RequestRecord | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id, workspaceId }, { $set: { tags: [...new Set(tags)] } }, { returnDocument: 'after' })
      .lean<RequestDoc>();
    return doc ? toRecord(doc) : null;
  }

  async setScore(workspaceId: string, id: string, score: number | null): Promise<RequestRecord | null> {
    const doc = await this.model.findOneAndUpdate({ _id: id, workspaceId }, { $set: { score } }, { returnDocument: 'after' }).lean<RequestDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** Deletes the workspace's requests among `ids`; others' ids are ignored. Returns how many went. */
  async deleteMany(workspaceId: string, ids: string[]): Promise<number> {
    const result = await this.model.deleteMany({ workspaceId, _id: { $in: ids } });
    // Their replays keep their place in their batches, marked, so the batch's
    // results (which pair each replay with its original) leave them out.
    if (result.deletedCount) await this.model.updateMany({ workspaceId, replayOf: { $in: ids } }, { $set: { originalMissing: true } });
    return result.deletedCount;
  }
}
