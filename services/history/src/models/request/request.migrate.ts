import type { Logger } from '@reprise/runtime';
import type { Connection } from 'mongoose';
import { bandOf, COST_BANDS, LATENCY_BANDS } from './request.bands.js';
import { RequestDays, startedOf } from './request.buckets.js';
import { promptOfBody } from './request.extract.js';
import type { RequestBodiesModel, RequestDayModel, RequestModel, RequestTextsModel } from './request.schema.js';
import { TextStore, type TextEntry } from './request.texts.js';

/** Requests moved at a time. */
const CHUNK = 200;

/** A request as stored before the bodies had a collection of their own. */
interface Whole {
  _id: string;
  workspaceId: string;
  startedAt: Date;
  requestBody: string;
  responseBody?: string | null;
  searchText?: string;
}

/**
 * Moves the bodies of requests stored before they had a collection of their
 * own (request_bodies) out of their documents, and gives each the buckets the
 * list walks by (day, hour, and their count in request_days). Run at start,
 * before the API listens; a database written by this version has nothing to
 * move, and this costs it one query. Each step can be repeated: a start that
 * stops halfway moves the rest the next time (bodies already copied are left
 * as they are, and a day counted twice only looks larger, see RequestDays).
 */
export async function moveBodiesApart(models: { requests: RequestModel; bodies: RequestBodiesModel; days: RequestDayModel; texts: RequestTextsModel }, logger: Logger): Promise<number> {
  const days = new RequestDays(models.days);
  const texts = new TextStore(models.texts);
  // The driver's collection, not the model: the fields read and unset are no longer the schema's, which mongoose would strip.
  const requests = models.requests.collection;
  const rows = requests.find<Whole>(
    { requestBody: { $exists: true } },
    { projection: { workspaceId: 1, startedAt: 1, requestBody: 1, responseBody: 1, searchText: 1 }, batchSize: CHUNK },
  );
  let moved = 0;
  let chunk: Whole[] = [];
  const flush = async () => {
    const started = chunk.map((d) => ({ workspaceId: d.workspaceId, ...startedOf(d.startedAt) }));
    await days.count(started);
    const bodies = chunk.map((d, i) => ({
      _id: d._id,
      ...started[i]!,
      requestBody: d.requestBody,
      responseBody: d.responseBody ?? null,
    }));
    try {
      await models.bodies.insertMany(bodies, { ordered: false, lean: true });
    } catch (err) {
      const e = err as { writeErrors?: { code?: number }[] };
      if (!e.writeErrors?.every((w) => w.code === 11000)) throw err;
    }
    // A text moved twice (a start that stopped halfway) is read once: the text filter gives each id once.
    await texts.add(chunk.map((d, i) => ({ _id: d._id, workspaceId: d.workspaceId, day: started[i]!.day, startedAt: started[i]!.startedAt, searchText: d.searchText ?? '' })));
    await requests.bulkWrite(
      chunk.map((d, i) => ({
        updateOne: {
          filter: { _id: d._id as never },
          update: { $set: { day: started[i]!.day, hour: started[i]!.hour, prompt: promptOfBody(d.requestBody) }, $unset: { requestBody: 1, responseBody: 1, searchText: 1 } },
        },
      })),
      { ordered: false },
    );
    moved += chunk.length;
    logger.info({ moved }, 'moved stored requests\' bodies to request_bodies');
    chunk = [];
  };
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length) await flush();
  return moved;
}

/** The marker of a migration done, in the `migrations` collection. */
const BANDS_MARKER = 'request-bands-v1';

/**
 * Gives the requests stored before the bands existed (request.bands.ts)
 * their latency and cost bands: without them a range filter would miss
 * those requests. One `updateMany` per band and field, over what has no band
 * yet: on FerretDB 1.x each reads the whole collection in its own process
 * (nothing here pushes down), so this is 18 passes, once; an update by
 * `_id` would cost a table scan per request there. Run at start, before the
 * API listens; once every pass is done a marker says so, and later starts
 * read only that. Repeatable: a start that stops halfway does the rest (a
 * request given its band keeps it).
 */
export async function addBands(connection: Connection, models: { requests: RequestModel }, logger: Logger): Promise<number> {
  const migrations = connection.collection<{ _id: string; at: Date }>('migrations');
  if (await migrations.findOne({ _id: BANDS_MARKER })) return 0;
  let updated = 0;
  for (const bands of [LATENCY_BANDS, COST_BANDS]) {
    const value = bands === LATENCY_BANDS ? 'latencyMs' : 'cost';
    for (const [i, lower] of bands.lower.entries()) {
      const upper = bands.lower[i + 1];
      const range = { ...(i > 0 ? { $gte: lower } : {}), ...(upper !== undefined ? { $lt: upper } : {}) };
      // The first band holds what lies below it; the last what lies above.
      const inBand = Object.keys(range).length ? range : { $type: 'number' };
      const result = await models.requests.collection.updateMany({ [bands.field]: { $exists: false }, [value]: inBand }, { $set: { [bands.field]: bandOf(bands, lower) } });
      updated += result.modifiedCount;
    }
    // Requests without a value get the band `null`, which no range reads.
    await models.requests.collection.updateMany({ [bands.field]: { $exists: false } }, { $set: { [bands.field]: null } });
  }
  if (updated) logger.info({ updated }, 'gave stored requests their latency and cost bands');
  await migrations.updateOne({ _id: BANDS_MARKER }, { $set: { at: new Date() } }, { upsert: true });
  return updated;
}

const TEXTS_MARKER = 'request-texts-v1';

/**
 * Moves the searchable text of requests stored before request_texts existed
 * out of their bodies' documents into packs (see requestTextsSchema), read
 * in one pass, packed a thousand at a time, then dropped from the bodies in
 * one statement: on FerretDB 1.x an update by `_id` costs a table scan each.
 * Run at start, before the API listens, once: a marker says it is done. A
 * start that stops halfway moves them all again; a text moved twice is read
 * once (the text filter gives each id once).
 */
export async function moveTextsApart(connection: Connection, models: { bodies: RequestBodiesModel; texts: RequestTextsModel }, logger: Logger): Promise<number> {
  const migrations = connection.collection<{ _id: string; at: Date }>('migrations');
  if (await migrations.findOne({ _id: TEXTS_MARKER })) return 0;
  const texts = new TextStore(models.texts);
  const bodies = models.bodies.collection;
  let moved = 0;
  let chunk: TextEntry[] = [];
  const rows = bodies.find<TextEntry>({ searchText: { $exists: true } }, { projection: { workspaceId: 1, day: 1, startedAt: 1, searchText: 1 }, batchSize: 1000 });
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === 1000) {
      await texts.add(chunk);
      moved += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length) await texts.add(chunk);
  moved += chunk.length;
  if (moved) {
    await bodies.updateMany({ searchText: { $exists: true } }, { $unset: { searchText: 1 } });
    logger.info({ moved }, "moved stored requests' searchable text to request_texts");
  }
  await migrations.updateOne({ _id: TEXTS_MARKER }, { $set: { at: new Date() } }, { upsert: true });
  return moved;
}
