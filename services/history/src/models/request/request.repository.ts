import { createHash, randomUUID } from 'node:crypto';
import {
  costOf,
  type CheckedLogRequestItem,
  type LogRequestItem,
  type OriginalSummary,
  type RecordJob,
  type RequestBodies,
  type RequestFilter,
  type RequestPage,
  type RequestRecord,
  type RequestStats,
  type RequestSummary,
  type ReplaySelection,
  type SelectedRequest,
} from '@reprise/contracts';
import { answerTextOf } from '../../compare/index.js';
import { BodyStore } from './request.bodies.js';
import { dayOf, RequestDays, startedOf, type Bucket } from './request.buckets.js';
import { encodeCursor, type Cursor } from './request.cursor.js';
import { bodyText, extract, promptOfBody, searchTextOf } from './request.extract.js';
import { bandsOf } from './request.bands.js';
import { filterQuery, metaKV, onePerValue } from './request.filter.js';
import { toRecord, toSummary } from './request.record.js';
import type { Connection } from 'mongoose';
import {
  requestBodiesModel,
  requestDayModel,
  requestModel,
  requestTextsModel,
  type RequestBodiesDoc,
  type RequestBodiesModel,
  type RequestDayModel,
  type RequestDoc,
  type RequestModel,
  type RequestTextsModel,
} from './request.schema.js';
import { insertUnordered } from './request.insert.js';
import { type Hit, TextStore } from './request.texts.js';
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

/** The collections a request is stored in: its summary (what the list reads), its bodies, and the directory of days. */
export interface RequestModels {
  requests: RequestModel;
  bodies: RequestBodiesModel;
  days: RequestDayModel;
  texts: RequestTextsModel;
}

export function requestModels(connection: Connection): RequestModels {
  return { requests: requestModel(connection), bodies: requestBodiesModel(connection), days: requestDayModel(connection), texts: requestTextsModel(connection) };
}

/** A request as it is about to be stored: the list's document and its bodies'. */
interface Stored {
  summary: { _id: string; workspaceId: string; startedAt: Date; day: string; hour: string; externalId?: string | null } & Record<string, unknown>;
  bodies: RequestBodiesDoc;
  /** Its searchable text (searchTextOf), kept in request_texts. */
  searchText: string;
}

/** What a part of the history a query is confined to: the whole of it, a bucket, or what is older than a time. */
type Scope = { bucket?: Bucket; before?: Date };

/** Requests read at a time where a stream needs their bodies: one bodies query (or a few, by day) per chunk. */
const CHUNK = 500;

const LIST_ORDER = { startedAt: -1, _id: -1 } as const;

/** Text matches looked up one query each, on FerretDB, up to this many (see listedAmong). */
const ONE_BY_ONE_MAX = 50;

/** Ids of hits (in list order) by their UTC day, newest day first. */
function idsByDay(hits: readonly Hit[]): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const { id, at } of hits) {
    const day = dayOf(new Date(at));
    const ids = days.get(day);
    if (ids) ids.push(id);
    else days.set(day, [id]);
  }
  return days;
}

/** The list order, newest first, then by id, as LIST_ORDER sorts. */
function inListOrder(a: Pick<RequestDoc, 'startedAt' | '_id'>, b: Pick<RequestDoc, 'startedAt' | '_id'>): number {
  return b.startedAt.getTime() - a.startedAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}

/** The conditions of a scope, added to a query (its `$and` if it has one). */
function scoped(query: Record<string, unknown>, scope: Scope): Record<string, unknown> {
  const q: Record<string, unknown> = { ...query, ...(scope.bucket ?? {}) };
  if (scope.before) q.$and = [...((q.$and as unknown[] | undefined) ?? []), { startedAt: { $lt: scope.before } }];
  return q;
}

/** The list's keyset condition: after the cursor, newest first. */
function afterCursor(query: Record<string, unknown>, after: Cursor): Record<string, unknown> {
  const and = [...((query.$and as unknown[] | undefined) ?? [])];
  and.push({ $or: [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, _id: { $lt: after.id } }] });
  return { ...query, $and: and };
}

/** The only code that queries the requests collections, besides ReplayRepository. */
export class RequestRepository {
  readonly bodies: BodyStore;
  readonly texts: TextStore;
  private readonly days: RequestDays;

  constructor(
    private readonly models: RequestModels,
    /**
     * FerretDB 1.x: the list walks the history bucket by bucket (see
     * RequestDays), and bodies are read with the queries it serves best.
     * MongoDB reads a page straight from its indexes.
     */
    private readonly options: { ferretdb: boolean } = { ferretdb: false },
  ) {
    this.bodies = new BodyStore(models.bodies, options.ferretdb);
    this.days = new RequestDays(models.days);
    this.texts = new TextStore(models.texts);
  }

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
   * Stores finished runs together, in one unordered insertMany per
   * collection: each as recordRun stores it, a run already stored left
   * untouched (its duplicate key is ignored, the others are inserted all the
   * same). One statement for many documents is what the database spends
   * least on per run (FerretDB measured here: 0.11 ms of its CPU per
   * document in batches of 50, 0.41 ms one at a time).
   */
  async recordRuns(jobs: readonly RecordJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.store(await Promise.all(jobs.map(async (job) => this.storedRun(job))), true);
  }

  /**
   * Writes requests in the order that keeps every read whole: the days they
   * fall on (so the list's walk reaches them), their bodies and searchable
   * texts, then their summaries, which are what makes a request appear. Inserted, not upserted
   * (see logMany): with `duplicates`, a second delivery of the same request
   * hits the primary keys and changes nothing.
   */
  private async store(stored: readonly Stored[], duplicates: boolean): Promise<void> {
    const write = duplicates ? ignoringDuplicates : (p: Promise<unknown>) => p.then(() => undefined);
    await this.days.count(stored.map((s) => s.summary));
    // Insert commands, not mongoose's insertMany: the documents were built
    // from validated input, so its hydration and casting would be pure cost
    // (three statements per write here); nor the driver's (see insertUnordered).
    await Promise.all([
      write(insertUnordered(this.models.bodies, stored.map((s) => s.bodies))),
      this.texts.add(stored.map((s) => ({ ...s.bodies, searchText: s.searchText }))),
    ]);
    await write(insertUnordered(this.models.requests, stored.map((s) => s.summary)));
  }

  private async storedRun(job: RecordJob): Promise<Stored> {
    const now = new Date();
    const started = startedOf(job.startedAt);
    const flags = job.replayOf ? replayFlagsOf(job.original ?? (await this.originalSummary(job.workspaceId, job.replayOf)), job) : null;
    // Field by field, not a spread of the job: a lean insert skips
    // mongoose's strict filter, so anything spread in would be stored
    // (promptText, which lives on only inside searchText).
    return {
      summary: {
        _id: job.runId,
        runId: job.runId,
        workspaceId: job.workspaceId,
        source: job.source,
        provider: job.provider,
        model: job.model,
        output: job.output,
        // Read from the body, which the record carries as text: the one rule for runs and logged requests.
        prompt: promptOfBody(job.requestBody),
        status: job.status,
        error: job.error,
        usage: job.usage,
        cost: job.cost,
        latencyMs: job.latencyMs,
        ...bandsOf(job),
        ttftMs: job.ttftMs,
        ...started,
        endedAt: new Date(job.endedAt),
        toolNames: job.toolNames,
        tags: [],
        metaKV: [],
        // The judge's score is the record's score, so judgedBelow and the list's score read one field.
        score: job.judge ? job.judge.score : null,
        replayOf: job.replayOf ?? null,
        forkedFrom: job.forkedFrom ?? null,
        batchId: job.batchId ?? null,
        reusedToolResults: job.reusedToolResults ?? [],
        judge: job.judge ?? null,
        ...(flags ?? {}),
        createdAt: now,
        updatedAt: now,
      },
      bodies: { _id: job.runId, workspaceId: job.workspaceId, ...started, requestBody: job.requestBody, responseBody: job.responseBody },
      searchText: searchTextOf(job.promptText, job.output),
    };
  }

  /**
   * One read of an original, by id, for a replay that did not bring its
   * summary: its summary's fields and its response body, each a
   * primary-key lookup on MongoDB. On FerretDB 1.24 the equality is pushed
   * down but as `_jsonb->'_id' @> $1`, which no index serves, so PostgreSQL
   * scans each collection. Hence bulk replays, thousands a batch, bring the
   * summary; the few single replays a second from the playground can afford
   * the read.
   */
  private async originalSummary(workspaceId: string, id: string): Promise<OriginalSummary | null> {
    const [original, bodies] = await Promise.all([
      this.models.requests.findOne({ _id: id, workspaceId }, SUMMARY_SOURCE_FIELDS).lean<RequestDoc>(),
      this.bodies.one(workspaceId, id),
    ]);
    return original ? originalSummaryOfDoc(original, bodies?.responseBody ?? null) : null;
  }

  /**
   * Stores requests logged by an integration, all or nothing having been
   * validated before. Returns their ids in input order; an external id seen
   * before returns the id it got then and changes nothing. Bodies the
   * route's check parsed (CheckedLogRequestItem) are not parsed again.
   */
  async logMany(workspaceId: string, items: readonly (LogRequestItem | CheckedLogRequestItem)[]): Promise<string[]> {
    const now = new Date();
    const stored = items.map((item): Stored => {
      const extracted = extract(item.requestBody, item.responseBody);
      const model = item.model ?? extracted.model ?? 'unknown';
      const usage = item.usage ?? extracted.usage;
      const status = item.status ?? (item.error ? 'failed' : 'completed');
      const started = startedOf(item.startedAt);
      const endedAt = item.endedAt ? new Date(item.endedAt) : null;
      const id = item.externalId ? idForExternal(workspaceId, item.externalId) : randomUUID();
      const latencyMs = item.latencyMs ?? (endedAt ? endedAt.getTime() - started.startedAt.getTime() : null);
      const cost = item.cost ?? (usage ? costOf(model, usage.promptTokens, usage.completionTokens) : null);
      return {
        summary: {
          _id: id,
          workspaceId,
          source: 'api' as const,
          provider: item.provider,
          model,
          output: extracted.output,
          prompt: extracted.prompt,
          status,
          error: item.error ? { kind: item.error.kind ?? 'provider_error', message: item.error.message, status: item.error.status } : null,
          usage,
          latencyMs,
          ttftMs: item.ttftMs ?? null,
          ...started,
          endedAt,
          cost,
          ...bandsOf({ latencyMs, cost }),
          tags: [...new Set(item.tags ?? [])],
          // The one copy of the metadata: what the filter matches is also what the record shows (see metadataOf).
          metaKV: Object.entries(item.metadata ?? {}).map(([k, v]) => metaKV(k, v)),
          score: item.score ?? null,
          externalId: item.externalId ?? null,
          toolNames: extracted.toolNames,
          createdAt: now,
          updatedAt: now,
        },
        bodies: {
          _id: id,
          workspaceId,
          ...started,
          requestBody: bodyText(item.requestBody),
          responseBody: item.responseBody === undefined ? null : bodyText(item.responseBody),
        },
        searchText: extracted.searchText,
      };
    });
    // Plain inserts where no id can repeat (the bulk of ingestion); inserts
    // that ignore a repeated id where an external id can. An insert, not an
    // upsert, because FerretDB 1.x finds a document by _id for an update
    // with a table scan but checks a new one's _id against its unique index.
    const fresh = stored.filter((s) => !s.summary.externalId);
    const keyed = stored.filter((s) => s.summary.externalId);
    if (fresh.length) await this.store(fresh, false);
    if (keyed.length) await this.store(keyed, true);
    return stored.map((s) => s.summary._id);
  }

  async findById(workspaceId: string, id: string): Promise<RequestRecord | null> {
    const [doc, bodies] = await Promise.all([this.models.requests.findOne({ _id: id, workspaceId }).lean<RequestDoc>(), this.bodies.one(workspaceId, id)]);
    // Bodies are written first, so a summary without them is a request not stored yet.
    return doc && bodies ? toRecord(doc, bodies) : null;
  }

  /** The bodies of the workspace's requests among `ids`. */
  async bodiesOf(workspaceId: string, ids: readonly string[]): Promise<RequestBodies[]> {
    return this.bodies.byIds(workspaceId, ids);
  }

  /**
   * The parts of the workspace's history a read goes through, newest first:
   * on MongoDB the whole of it (its indexes read a page in order); on
   * FerretDB the buckets of RequestDays within the filter's time range and
   * the cursor, then the rest.
   */
  private async *scopes(workspaceId: string, filter: RequestFilter, after?: Cursor): AsyncGenerator<Scope> {
    if (!this.options.ferretdb) {
      yield {};
      return;
    }
    const before = filter.startedBefore ? new Date(new Date(filter.startedBefore).getTime() - 1) : undefined;
    const until = after && (!before || after.startedAt < before) ? after.startedAt : before;
    for await (const stretch of this.days.walk(workspaceId, { until, after: filter.startedAfter ? new Date(filter.startedAfter) : undefined })) {
      yield stretch.bucket ? { bucket: stretch.bucket } : { before: stretch.rest.before };
    }
  }

  /** Up to `limit` of the workspace's requests under the filter within a scope, in list order, after the cursor. */
  private async read(workspaceId: string, filter: RequestFilter, scope: Scope, limit: number, after?: Cursor): Promise<RequestDoc[]> {
    let query = scoped(filterQuery(workspaceId, filter), scope);
    if (after) query = afterCursor(query, after);
    if (!filter.text) return this.listed(query, limit);
    // The text is matched on the packed texts (request_texts), newest first, a chunk of ids at a
    // time, and each chunk's requests are checked against the rest of the
    // filter: chunks come in list order, so the page is in list order.
    const found: RequestDoc[] = [];
    // A bucket's matches are a chunk or two; the rest's (a whole history) are read in fewer, larger chunks.
    const chunk = scope.bucket ? 500 : 5000;
    for await (const hits of this.texts.matching(workspaceId, filter.text, { ...scope, atOrBefore: after?.startedAt }, chunk)) {
      found.push(...(await this.listedAmong(query, hits, limit - found.length)));
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Up to `limit` of the requests `hits` names (in list order) that are
   * under the query, in list order. MongoDB reads them with an `_id: {$in}`.
   *
   * FerretDB pushes no `$in` down: it would read every document the query's
   * equalities select (the whole workspace when nothing else narrows: about
   * 1.2 s at 10,000 requests) and check each against the list of ids, which
   * costs it time per id too (1,679 ids against 1,500 documents: about 300
   * ms). So a few are looked up one query each, PostgreSQL finding each row
   * through the `_id` index infra/local.sh adds (2 to 7 ms a lookup at
   * 10,000), and more are read a day at a time, newest first, with the day's
   * equality (indexed too) narrowing each read to that day's requests.
   */
  private async listedAmong(query: Record<string, unknown>, hits: readonly Hit[], limit: number): Promise<RequestDoc[]> {
    if (!this.options.ferretdb) return this.listed({ ...query, _id: { $in: hits.map((h) => h.id) } }, limit);
    if (hits.length <= ONE_BY_ONE_MAX) {
      const found = await Promise.all(hits.map((h) => this.models.requests.findOne({ ...query, _id: h.id }).lean<RequestDoc>()));
      return found.filter((doc): doc is RequestDoc => doc !== null).sort(inListOrder).slice(0, limit);
    }
    if ('day' in query || 'hour' in query) return this.listed({ ...query, _id: { $in: hits.map((h) => h.id) } }, limit);
    const found: RequestDoc[] = [];
    for (const [day, ids] of idsByDay(hits)) {
      found.push(...(await this.listed({ ...query, day, _id: { $in: ids } }, limit - found.length)));
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Up to `limit` requests under a query, in list order. On FerretDB a
   * band's `$in` is read as one query per band (see onePerValue), at once,
   * and their results merged.
   */
  private async listed(query: Record<string, unknown>, limit: number): Promise<RequestDoc[]> {
    const queries = this.options.ferretdb ? onePerValue(query) : [query];
    const found = await Promise.all(queries.map((q) => this.models.requests.find(q).sort(LIST_ORDER).limit(limit).lean<RequestDoc[]>()));
    if (found.length === 1) return found[0]!;
    return found.flat().sort(inListOrder).slice(0, limit);
  }

  /** A page of a workspace's requests under a filter, newest first, after a keyset cursor. */
  async page(workspaceId: string, filter: RequestFilter, first: number, after?: Cursor): Promise<RequestPage> {
    const docs: RequestDoc[] = [];
    for await (const scope of this.scopes(workspaceId, filter, after)) {
      docs.push(...(await this.read(workspaceId, filter, scope, first + 1 - docs.length, after)));
      if (docs.length > first) break;
    }
    return {
      items: docs.slice(0, first).map((doc) => ({ cursor: encodeCursor(doc), record: toSummary(doc) })),
      hasNextPage: docs.length > first,
    };
  }

  /**
   * The workspace's requests under a filter's conditions, a chunk at a time
   * (`sorted`: in list order), with their bodies, read one bodies query (or
   * a few, by day) per chunk. A text filter is checked against every match
   * of the text, read first.
   */
  private async *withBodies(
    workspaceId: string,
    filter: RequestFilter,
    query: Record<string, unknown>,
    projection: Record<string, 0 | 1> | null,
    order: 'list' | { unsorted: true; startedBefore: Date },
  ) {
    const sorted = order === 'list';
    const matches = filter.text ? await this.texts.allMatching(workspaceId, filter.text) : null;
    if (!sorted && this.options.ferretdb) {
      yield* this.joinedByBucket(workspaceId, matches, query, projection, order.startedBefore);
      return;
    }
    let find = this.models.requests.find(query, projection);
    if (sorted) find = find.sort(LIST_ORDER);
    let chunk: RequestDoc[] = [];
    const flush = async () => {
      const bodies = await this.bodies.of(workspaceId, chunk);
      const ready = chunk.flatMap((doc) => {
        const b = bodies.get(doc._id);
        return b ? [{ doc, bodies: b }] : [];
      });
      chunk = [];
      return ready;
    };
    for await (const row of find.lean<RequestDoc>().cursor({ batchSize: CHUNK })) {
      const doc = row as unknown as RequestDoc;
      if (matches && !matches.has(doc._id)) continue;
      chunk.push(doc);
      if (chunk.length === CHUNK) yield* await flush();
    }
    if (chunk.length) yield* await flush();
  }

  /**
   * `withBodies` unsorted, on FerretDB, a stretch of the history at a time:
   * the list's buckets newest first (a day, or an hour of a large day: an
   * equality FerretDB pushes down), then the rest (see RequestDays.walk).
   * Each stretch's matches are read first (the small documents), then their
   * bodies in one pass, each request given out as its body comes. So the
   * first requests come once the newest bucket is read, not the whole
   * selection: a bulk replay's first results start while the rest is
   * still being read. Each summary is read once (the rest's query excludes
   * the buckets by time), each body once (a bucket's own, or the rest's by
   * day, with its walked hours read but skipped), and a bucket nothing
   * matched reads no body. The matches wait in memory, without their
   * bodies: about a kilobyte each.
   */
  private async *joinedByBucket(workspaceId: string, matches: Set<string> | null, query: Record<string, unknown>, projection: Record<string, 0 | 1> | null, startedBefore: Date) {
    const read = async (q: Record<string, unknown>) => {
      const docs = new Map<string, RequestDoc>();
      // The projection keeps `day`: the rest's bodies are read by it.
      for (const one of onePerValue(q)) {
        for await (const row of this.models.requests.find(one, projection && { ...projection, day: 1 }).lean<RequestDoc>().cursor({ batchSize: 5000 })) {
          const doc = row as unknown as RequestDoc;
          if (!matches || matches.has(doc._id)) docs.set(doc._id, doc);
        }
      }
      return docs;
    };
    const bodies = this.bodies;
    /** The matches with their bodies, read by the days they fall on. */
    async function* byDay(docs: Map<string, RequestDoc>) {
      const days = new Map([...docs.values()].map((d) => [d._id, d.day]));
      for await (const [id, b] of bodies.streamOf(workspaceId, days)) yield { doc: docs.get(id)!, bodies: b };
    }
    let walked = false;
    for await (const stretch of this.days.walk(workspaceId, { until: startedBefore })) {
      walked = true;
      if (stretch.bucket) {
        const docs = await read({ ...query, ...stretch.bucket });
        for await (const [id, bodies] of this.bodies.streamOfBucket(workspaceId, stretch.bucket, docs)) yield { doc: docs.get(id)!, bodies };
      } else {
        yield* byDay(await read({ $and: [query, { startedAt: { $lt: stretch.rest.before } }] }));
      }
    }
    if (walked) return;
    // No directory of buckets (nothing stored before startedBefore, as far as it knows): the query as it is.
    yield* byDay(await read(query));
  }

  /** Every request under a filter, newest first, one at a time (for exports). */
  stream(workspaceId: string, filter: RequestFilter): AsyncIterable<RequestRecord> {
    const rows = this.withBodies(workspaceId, filter, filterQuery(workspaceId, filter), null, 'list');
    return (async function* () {
      for await (const { doc, bodies } of rows) yield toRecord(doc, bodies);
    })();
  }

  /**
   * The requests a bulk replay takes, streamed: a filter (the list's) or
   * ids, within the workspace and started before `startedBefore`, so that
   * reading a selection twice gives the same requests. Ids unknown or of
   * another workspace are simply not there. Read in storage order,
   * unsorted: the runner needs each request once, in no order (a resumed
   * enqueue queues them all again, by idempotent job ids), and FerretDB
   * sorts in its own process after reading every match. Measured on
   * FerretDB (2 cores, 5,000 requests): the same total time sorted by _id
   * or not (about 0.45 s), but the first request after 0.3 s sorted against
   * 0.05 s unsorted. Each request comes with its summary (`original`),
   * which the runner hands back with the replay's record: recording it then
   * reads nothing.
   */
  select(workspaceId: string, selection: ReplaySelection, startedBefore: string): AsyncIterable<SelectedRequest> {
    const { filter, query } = selectionQuery(workspaceId, selection, startedBefore);
    const rows = this.withBodies(workspaceId, filter, query, { provider: 1, model: 1, source: 1, day: 1, ...SUMMARY_SOURCE_FIELDS }, { unsorted: true, startedBefore: new Date(startedBefore) });
    return (async function* () {
      for await (const { doc, bodies } of rows) {
        const original = originalSummaryOfDoc(doc, bodies.responseBody ?? null);
        yield {
          id: doc._id,
          provider: doc.provider,
          model: doc.model,
          source: doc.source,
          requestBody: bodies.requestBody,
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
   * The ids `select` would give, no more than `first`, reading no body
   * (but the searchable text, for a text filter): on FerretDB, which stops
   * reading at the first matches, a filter's first id costs a few documents.
   */
  async selectedIds(workspaceId: string, selection: ReplaySelection, startedBefore: string, first?: number): Promise<string[]> {
    const { filter, query } = selectionQuery(workspaceId, selection, startedBefore);
    const matches = filter.text ? await this.texts.allMatching(workspaceId, filter.text) : null;
    const ids: string[] = [];
    for await (const row of this.models.requests.find(query, { _id: 1 }).lean<{ _id: string }>().cursor({ batchSize: first ?? 5000 })) {
      const id = (row as unknown as { _id: string })._id;
      if (matches && !matches.has(id)) continue;
      ids.push(id);
      if (ids.length === first) break;
    }
    return ids;
  }

  /**
   * Totals and latency percentiles over a filter, summed here from a
   * projection streamed in batches: FerretDB 1.24 answers `$sum` of a field
   * with 0, so a `$group` cannot be trusted on it (on MongoDB one `$group`
   * stage would do). The latencies are kept from the same pass and ranked
   * here: one read, where a sort + skip per percentile would be three more
   * (FerretDB sorts in its own process after reading every match).
   */
  async stats(workspaceId: string, filter: RequestFilter): Promise<RequestStats> {
    const matches = filter.text ? await this.texts.allMatching(workspaceId, filter.text) : null;
    const totals = { count: 0, failed: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, cost: 0 };
    const latencies: number[] = [];
    const projection = { _id: matches ? 1 : 0, status: 1, usage: 1, cost: 1, latencyMs: 1 };
    const rows = this.models.requests.find(filterQuery(workspaceId, filter), projection).lean<RequestDoc>().cursor({ batchSize: 5000 });
    for await (const row of rows) {
      const r = row as unknown as Pick<RequestDoc, '_id' | 'status' | 'usage' | 'cost' | 'latencyMs'>;
      if (matches && !matches.has(r._id)) continue;
      totals.count++;
      if (r.status === 'failed') totals.failed++;
      totals.promptTokens += r.usage?.promptTokens ?? 0;
      totals.completionTokens += r.usage?.completionTokens ?? 0;
      totals.totalTokens += r.usage?.totalTokens ?? 0;
      totals.cost += r.cost ?? 0;
      if (typeof r.latencyMs === 'number') latencies.push(r.latencyMs);
    }
    latencies.sort((a, b) => a - b);
    const percentile = (p: number): number | null =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))]! : null;
    const { failed, ...sums } = totals;
    return {
      ...sums,
      errorRate: totals.count ? failed / totals.count : 0,
      latencyP50: percentile(50),
      latencyP95: percentile(95),
      latencyP99: percentile(99),
    };
  }

  async setTags(workspaceId: string, id: string, tags: string[]): Promise<RequestSummary | null> {
    const doc = await this.models.requests
      .findOneAndUpdate({ _id: id, workspaceId }, { $set: { tags: [...new Set(tags)] } }, { returnDocument: 'after' })
      .lean<RequestDoc>();
    return doc ? toSummary(doc) : null;
  }

  async setScore(workspaceId: string, id: string, score: number | null): Promise<RequestSummary | null> {
    const doc = await this.models.requests.findOneAndUpdate({ _id: id, workspaceId }, { $set: { score } }, { returnDocument: 'after' }).lean<RequestDoc>();
    return doc ? toSummary(doc) : null;
  }

  /**
   * Deletes the workspace's requests among `ids`; others' ids are ignored.
   * Returns how many went. The summaries go first: a request without one is
   * not listed, and its bodies are not read. The days keep their counts (a
   * guide, see RequestDays).
   */
  async deleteMany(workspaceId: string, ids: string[]): Promise<number> {
    const result = await this.models.requests.deleteMany({ workspaceId, _id: { $in: ids } });
    await Promise.all([this.bodies.deleteMany(workspaceId, ids), this.texts.deleteMany(workspaceId, ids)]);
    // Their replays keep their place in their batches, marked, so the batch's
    // results (which pair each replay with its original) leave them out.
    if (result.deletedCount) await this.models.requests.updateMany({ workspaceId, replayOf: { $in: ids } }, { $set: { originalMissing: true } });
    return result.deletedCount;
  }
}

/** A selection's query: its filter's (or its ids), in the workspace, started before `startedBefore` (and before the filter's own bound). */
function selectionQuery(workspaceId: string, selection: ReplaySelection, startedBefore: string): { filter: RequestFilter; query: Record<string, unknown> } {
  const before = new Date(startedBefore);
  const filter = selection.ids ? {} : selection.filter;
  const query = selection.ids ? { workspaceId, _id: { $in: selection.ids } } : filterQuery(workspaceId, selection.filter);
  const bound = query.startedAt as { $gte?: Date; $lt?: Date } | undefined;
  query.startedAt = { ...bound, $lt: bound?.$lt && bound.$lt < before ? bound.$lt : before };
  return { filter, query };
}
