import { randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Bucket } from './request.buckets.js';
import { insertUnordered } from './request.insert.js';
import type { RequestTextsDoc, RequestTextsModel } from './request.schema.js';

/** One request's searchable text, as a write hands it over. */
export interface TextEntry {
  _id: string;
  workspaceId: string;
  day: string;
  startedAt: Date;
  /** searchTextOf: lower-cased prompt and answer; an empty one is not stored. */
  searchText: string;
}

/** Where a text search looks: a bucket of the list, or before a time, and never after `atOrBefore` (a page's cursor). */
export interface TextScope {
  bucket?: Bucket;
  before?: Date;
  atOrBefore?: Date;
}

/** What a pack holds, uncompressed: parallel arrays, start times in ms. */
export interface PackContent {
  ids: string[];
  at: number[];
  texts: string[];
}

/** The packs of one write: one per workspace and day (see requestTextsSchema), compressed. */
export function textPacksOf(entries: readonly TextEntry[]): { _id: string; workspaceId: string; day: string; packed: Buffer }[] {
  const packs = new Map<string, { workspaceId: string; day: string; content: PackContent }>();
  for (const e of entries) {
    if (!e.searchText) continue;
    const key = `${e.workspaceId}|${e.day}`;
    let pack = packs.get(key);
    if (!pack) packs.set(key, (pack = { workspaceId: e.workspaceId, day: e.day, content: { ids: [], at: [], texts: [] } }));
    pack.content.ids.push(e._id);
    pack.content.at.push(e.startedAt.getTime());
    pack.content.texts.push(e.searchText);
  }
  return [...packs.values()].map(({ workspaceId, day, content }) => ({ _id: randomUUID(), workspaceId, day, packed: compress(content) }));
}

/** Deflate's fastest level: every write compresses its packs (at the default level, 8.5 ms of history's CPU per 1,000 logged records). */
function compress(content: PackContent): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(content)), { level: 1 });
}

/** A pack's content, compressed or (as first written) in arrays. */
export function unpack(doc: RequestTextsDoc): PackContent {
  if (doc.packed) {
    const bytes = Buffer.isBuffer(doc.packed) ? doc.packed : Buffer.from((doc.packed as { buffer: Uint8Array }).buffer);
    return JSON.parse(inflateRawSync(bytes).toString()) as PackContent;
  }
  return { ids: doc.ids ?? [], at: (doc.at ?? []).map((d) => new Date(d).getTime()), texts: doc.texts ?? [] };
}

/** A match of the text filter: the request's id and start time (ms). */
export interface Hit {
  id: string;
  at: number;
}

/** Newest first, then by id descending: the list's order. */
const inListOrder = (a: Hit, b: Hit) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The searchable text of a workspace's requests (request_texts), read for
 * the text filter: packs are read a day at a time, newest first, and each
 * text checked here for the substring (as `$regex` of the literal did).
 */
export class TextStore {
  constructor(private readonly model: RequestTextsModel) {}

  async add(entries: readonly TextEntry[]): Promise<void> {
    const packs = textPacksOf(entries);
    if (packs.length) await insertUnordered(this.model, packs);
  }

  /**
   * Ids of the workspace's requests whose searchable text holds `text`
   * (lower-cased), within `scope`, newest first, in chunks of `chunk` (the
   * last may be shorter): a chunk is given once the days that fill it are
   * read, so the list stops reading when its page is full, and each chunk
   * costs the list one query of the requests. A request stored twice (a record
   * delivered again) is given once. Each match comes with its start time.
   */
  async *matching(workspaceId: string, text: string, scope: TextScope = {}, chunk = 500): AsyncGenerator<Hit[]> {
    const needle = text.toLowerCase();
    const bucket = scope.bucket;
    const day = bucket ? ('day' in bucket ? bucket.day : bucket.hour.slice(0, 10)) : undefined;
    const hour = bucket && 'hour' in bucket ? bucket.hour : undefined;
    const before = scope.before?.getTime() ?? Infinity;
    const until = scope.atOrBefore?.getTime() ?? Infinity;
    // A bucket is one day, an equality FerretDB pushes down; otherwise days newest first (MongoDB reads them from its index).
    const lastDay = [scope.before && new Date(before - 1), scope.atOrBefore].filter((d): d is Date => Boolean(d)).map((d) => d.toISOString().slice(0, 10)).sort()[0];
    const query = day ? { workspaceId, day } : { workspaceId, ...(lastDay ? { day: { $lte: lastDay } } : {}) };
    const seen = new Set<string>();
    /** The day being read's matches, and the ids of the days before it, in list order, not yet given. */
    let hits: Hit[] = [];
    let hitsDay: string | null = null;
    let ready: Hit[] = [];
    // Days come newest first, so a day's matches in list order follow the day before's: chunks are whole (but the last), in list order.
    const dayDone = () => {
      hits.sort(inListOrder);
      for (const h of hits) ready.push(h);
      hits = [];
    };
    const take = function* (all: boolean) {
      while (ready.length >= chunk || (all && ready.length)) {
        yield ready.slice(0, chunk);
        ready = ready.slice(chunk);
      }
    };
    for await (const row of this.model.find(query).sort({ day: -1 }).lean<RequestTextsDoc>().cursor({ batchSize: 100 })) {
      const doc = row as unknown as RequestTextsDoc;
      if (doc.day !== hitsDay) {
        dayDone();
        yield* take(false);
        hitsDay = doc.day;
      }
      const pack = unpack(doc);
      for (let i = 0; i < pack.ids.length; i++) {
        const at = pack.at[i]!;
        if (at >= before || at > until || !pack.texts[i]!.includes(needle)) continue;
        const id = pack.ids[i]!;
        if (hour && new Date(at).toISOString().slice(0, 13) !== hour) continue;
        if (seen.has(id)) continue;
        seen.add(id);
        hits.push({ id, at });
      }
    }
    dayDone();
    yield* take(true);
  }

  /** Every id `matching` would give, at once (for totals and selections, which read every match anyway). */
  async allMatching(workspaceId: string, text: string): Promise<Set<string>> {
    const all = new Set<string>();
    for await (const hits of this.matching(workspaceId, text, {}, 5000)) for (const { id } of hits) all.add(id);
    return all;
  }

  /**
   * Drops the texts of deleted requests: each of the workspace's packs that
   * held one is written again without them, or removed (packs are
   * compressed, so every pack of the workspace is read to find them).
   */
  async deleteMany(workspaceId: string, ids: readonly string[]): Promise<void> {
    const gone = new Set(ids);
    for await (const row of this.model.find({ workspaceId }).lean<RequestTextsDoc>().cursor({ batchSize: 100 })) {
      const doc = row as unknown as RequestTextsDoc;
      const pack = unpack(doc);
      const keep = pack.ids.flatMap((id, i) => (gone.has(id) ? [] : [i]));
      if (keep.length === pack.ids.length) continue;
      if (keep.length === 0) await this.model.deleteOne({ _id: doc._id, workspaceId });
      else {
        const content = { ids: keep.map((i) => pack.ids[i]!), at: keep.map((i) => pack.at[i]!), texts: keep.map((i) => pack.texts[i]!) };
        await this.model.collection.updateOne({ _id: doc._id as never, workspaceId }, { $set: { packed: compress(content) }, $unset: { ids: 1, at: 1, texts: 1 } });
      }
    }
  }
}
