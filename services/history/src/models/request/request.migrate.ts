import type { Logger } from '@reprise/runtime';
import { RequestDays, startedOf } from './request.buckets.js';
import { promptOfBody } from './request.extract.js';
import type { RequestBodiesModel, RequestDayModel, RequestModel } from './request.schema.js';

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
export async function moveBodiesApart(models: { requests: RequestModel; bodies: RequestBodiesModel; days: RequestDayModel }, logger: Logger): Promise<number> {
  const days = new RequestDays(models.days);
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
      searchText: d.searchText ?? '',
    }));
    try {
      await models.bodies.insertMany(bodies, { ordered: false, lean: true });
    } catch (err) {
      const e = err as { writeErrors?: { code?: number }[] };
      if (!e.writeErrors?.every((w) => w.code === 11000)) throw err;
    }
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
