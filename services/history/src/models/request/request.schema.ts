import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const usage = new Schema(
  { promptTokens: Number, completionTokens: Number, totalTokens: Number },
  { _id: false },
);
const error = new Schema({ kind: String, message: String, status: Number }, { _id: false });
/** A replay's tool call answered from its original's recorded result (see ReusedToolResult). */
const reusedToolResult = new Schema({ step: Number, callId: String, name: String, arguments: String, fromCallId: String }, { _id: false });
const judgeVerdict = new Schema({ score: Number, reason: String, provider: String, model: String, cost: Number }, { _id: false });

/**
 * One logged request, without its bodies: what the history list reads. The
 * bodies, and the text the text filter searches, are a document of their own
 * in `request_bodies` (same id), read only for a request's detail, a replay
 * or an export. On FerretDB 1.24 every query reads (and PostgreSQL
 * de-TOASTs) each row of the collection that its pushed-down equalities
 * select, so a small document here is what keeps a page cheap: measured on
 * the 2-core dev machine, a pushed-down lookup over 10,000 rows took 6 ms on
 * rows of 0.1 KB and 130–230 ms on rows of 5 KB.
 */
export const requestSchema = new Schema(
  {
    /** The run id for runs, so a retried record upserts onto the same document. */
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    source: { type: String, required: true, enum: ['api', 'playground', 'replay', 'bulk'] },
    provider: { type: String, required: true },
    model: { type: String, required: true },
    output: { type: String, default: null },
    /** The last user message's text, cut short (promptPreviewOf): what the run sidebar shows. */
    prompt: { type: String, default: null },
    status: { type: String, required: true, enum: ['completed', 'failed', 'cancelled'] },
    error: { type: error, default: null },
    usage: { type: usage, default: null },
    latencyMs: { type: Number, default: null },
    ttftMs: { type: Number, default: null },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    runId: { type: String, default: null },
    cost: { type: Number, default: null },
    tags: { type: [String], default: [] },
    score: { type: Number, default: null },
    externalId: { type: String, default: null },
    replayOf: { type: String, default: null },
    forkedFrom: { type: String, default: null },
    batchId: { type: String, default: null },
    reusedToolResults: { type: [reusedToolResult], default: [] },
    /** A bulk replay's judge verdict; its score is also `score`, which the judgedBelow filter reads. */
    judge: { type: judgeVerdict, default: null },
    /*
     * A replay's comparison with its original, reduced to what filters and the
     * batch summary read, computed once when the replay is recorded (the full
     * comparison is computed on read, for a page). Null on what is no replay.
     * Flat fields, not a sub-document: FerretDB pushes an equality down to
     * PostgreSQL only on a top-level field.
     */
    /** 'failed' (not completed), 'unchanged' (same text, tool calls and JSON fields) or 'changed'. */
    outcome: { type: String, enum: ['changed', 'unchanged', 'failed', null], default: null },
    toolCallsChanged: { type: Boolean, default: null },
    /** Whether JSON output was checked: asked for, and the replay completed with a text answer. */
    jsonOutput: { type: Boolean, default: null },
    /** JSON output checked and the answer does not parse or does not match the request's schema. */
    jsonInvalid: { type: Boolean, default: null },
    /**
     * The original was gone when the replay was recorded, or was deleted since:
     * the outcome is then 'changed' (or 'failed'), as nothing can be shown the same.
     */
    originalMissing: { type: Boolean, default: null },
    /** Replay minus original, kept for the batch summary; null where either is unknown. */
    latencyDeltaMs: { type: Number, default: null },
    costDelta: { type: Number, default: null },
    /**
     * Metadata entries encoded as `["key",value]` JSON text, one string each:
     * the metadata filter is an equality on a multikey string array, which
     * every backend serves from one index (FerretDB 1.x has no $elemMatch
     * with field conditions, which matching {k, v} pairs would need). Any key
     * is allowed. The only copy: a record's metadata is read back from it.
     * (Documents written before also hold the entries as {k, v} pairs under
     * `metadata`, which nothing reads any more.)
     */
    metaKV: { type: [String], default: [] },
    /** Function names of the request's tools, for display and filters. */
    toolNames: { type: [String], default: [] },
    /**
     * `startedAt`'s UTC day ("2026-12-02") and hour ("2026-12-02T13"): the
     * buckets the list walks on FerretDB, newest first, with an equality it
     * pushes down to PostgreSQL (see RequestDays), so a page reads one
     * bucket's documents rather than the workspace's.
     */
    day: { type: String, required: true },
    hour: { type: String, required: true },
    /**
     * The bands `latencyMs` and `cost` fall in (request.bands.ts), null with
     * no value: a range filter reads its bands by equality.
     */
    latencyBand: { type: String, default: null },
    costBand: { type: String, default: null },
  },
  { collection: 'requests', timestamps: true, versionKey: false },
);

// Serves the history list: a workspace's requests, newest first, with the
// (startedAt, _id) keyset cursor; no in-memory sort on MongoDB. It also serves
// the filters no index can narrow well, read in list order and checked per
// document until a page is full: text (a substring of searchText) and the
// time range (a bound on startedAt itself).
requestSchema.index({ workspaceId: 1, startedAt: -1, _id: -1 });
// Each equality filter, then the list order: the page is read straight from
// the index, newest first, without a sort. Tags and metadata are multikey.
requestSchema.index({ workspaceId: 1, model: 1, startedAt: -1, _id: -1 }); // filter.model
requestSchema.index({ workspaceId: 1, provider: 1, startedAt: -1, _id: -1 }); // filter.provider
requestSchema.index({ workspaceId: 1, status: 1, startedAt: -1, _id: -1 }); // filter.status
requestSchema.index({ workspaceId: 1, source: 1, startedAt: -1, _id: -1 }); // filter.source
requestSchema.index({ workspaceId: 1, tags: 1, startedAt: -1, _id: -1 }); // filter.tagsAny, filter.tagsAll
requestSchema.index({ workspaceId: 1, metaKV: 1, startedAt: -1, _id: -1 }); // filter.metadata
// A range's bands as `$in` points, merged in list order (request.bands.ts);
// the exact range is checked on each document read.
requestSchema.index({ workspaceId: 1, latencyBand: 1, startedAt: -1, _id: -1 }); // filter.minLatencyMs, filter.maxLatencyMs
requestSchema.index({ workspaceId: 1, costBand: 1, startedAt: -1, _id: -1 }); // filter.minCost, filter.maxCost
requestSchema.index({ workspaceId: 1, batchId: 1, startedAt: -1, _id: -1 }); // filter.batchId
requestSchema.index({ workspaceId: 1, replayOf: 1, startedAt: -1, _id: -1 }); // filter.replayOf; replays of a deleted original
// A batch's results filtered by outcome, newest first (POST /batches/:id/results
// with filter.outcome). Unfiltered results, the summary and the export are
// served by the batchId index above; judgedBelow (a score range) is checked
// per document along either.
requestSchema.index({ workspaceId: 1, batchId: 1, outcome: 1, startedAt: -1, _id: -1 });

export type RequestDoc = InferSchemaType<typeof requestSchema> & { _id: string };
export type RequestModel = Model<RequestDoc>;

export function requestModel(connection: Connection): RequestModel {
  return connection.model<RequestDoc>('Request', requestSchema);
}

/**
 * A request's bodies: the exact JSON text sent and received (DESIGN.md,
 * "Data"). Text, not objects: tool schemas carry `$ref` keys and user objects
 * carry dotted keys, which the database refuses as field names, and text
 * keeps what a JavaScript object would lose. With them what reads of many
 * bodies walk by (workspace, time, buckets). The searchable text is in
 * request_texts.
 */
export const requestBodiesSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    day: { type: String, required: true },
    hour: { type: String, required: true },
    requestBody: { type: String, required: true },
    responseBody: { type: String, default: null },
  },
  { collection: 'request_bodies', versionKey: false },
);

export type RequestBodiesDoc = InferSchemaType<typeof requestBodiesSchema> & { _id: string };
export type RequestBodiesModel = Model<RequestBodiesDoc>;

export function requestBodiesModel(connection: Connection): RequestBodiesModel {
  return connection.model<RequestBodiesDoc>('RequestBodies', requestBodiesSchema);
}

/**
 * The searchable text of requests (prompt and answer, lower-cased: see
 * searchTextOf), packed: one document holds the texts of every request of a
 * workspace and UTC day that one write stored (a logRequests call, a batch
 * of finished runs), compressed (`packed`: deflate of the JSON of the ids,
 * start times and texts, see request.texts.ts), never updated but to drop a
 * deleted request's. The text filter reads packs, not a document per request:
 * FerretDB 1.x costs about 70 µs per document it reads and more per byte of
 * JSON it turns back into BSON, so a rare text over 10,000 requests read
 * 10,000 bodies (2.1 s a page); as arrays, their 348 packs took 320–430 ms to
 * read, compressed 47–80 ms (measured side by side on the 2-core dev machine).
 */
export const requestTextsSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    day: { type: String, required: true },
    packed: { type: Buffer, required: true },
  },
  { collection: 'request_texts', versionKey: false },
);
// The text filter on MongoDB: a workspace's packs, newest day first.
requestTextsSchema.index({ workspaceId: 1, day: -1 });

/** A pack as stored; `ids`, `at` and `texts` (parallel arrays) are what packs written uncompressed hold instead of `packed`. */
export type RequestTextsDoc = { _id: string; workspaceId: string; day: string; packed?: Buffer | { buffer: Uint8Array }; ids?: string[]; at?: Date[]; texts?: string[] };
export type RequestTextsModel = Model<RequestTextsDoc>;

export function requestTextsModel(connection: Connection): RequestTextsModel {
  return connection.model<RequestTextsDoc>('RequestTexts', requestTextsSchema);
}

/**
 * How many requests a workspace holds per UTC day, and per hour of the day
 * (`h`, keyed "00".."23"): the directory of the list's buckets on FerretDB.
 * Written before the requests it counts, so every stored request's day is
 * here; the counts are a guide to how finely to read (a day, or its hours),
 * never a promise: a deleted request is still counted, and an increment lost
 * to a race only makes a bucket look smaller than it is.
 */
export const requestDaySchema = new Schema(
  {
    /** `<workspaceId>|<day>`. */
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    day: { type: String, required: true },
    n: { type: Number, default: 0 },
    h: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'request_days', versionKey: false, minimize: false },
);

export type RequestDayDoc = { _id: string; workspaceId: string; day: string; n: number; h: Record<string, number> };
export type RequestDayModel = Model<RequestDayDoc>;

export function requestDayModel(connection: Connection): RequestDayModel {
  return connection.model<RequestDayDoc>('RequestDay', requestDaySchema);
}
