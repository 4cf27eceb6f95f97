import type { RequestDayModel } from './request.schema.js';

/** `date`'s UTC day, "2026-12-02". */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `date`'s UTC hour, "2026-12-02T13". */
export function hourOf(date: Date): string {
  return date.toISOString().slice(0, 13);
}

/** A bucket of the list: an equality FerretDB pushes down to PostgreSQL. */
export type Bucket = { day: string } | { hour: string };

/** Where a walk of the buckets stopped, so the rest can be read in one query: requests started before `before`. */
export interface Rest {
  before: Date;
}

/**
 * A day read as a whole up to this many requests, and hour by hour above:
 * a bucket costs FerretDB about 70 µs per request it holds (measured on the
 * 2-core dev machine) plus one scan of the collection's rows by PostgreSQL.
 */
const DAY_BUCKET_MAX = 1000;

/**
 * Buckets walked before the rest is read in one query. A filter that few
 * requests match would otherwise cost a query per bucket, one PostgreSQL
 * scan each, over the whole history; the rest's query has the filter's
 * equalities pushed down all the same, and reads no more than a plain query.
 */
const MAX_BUCKETS = 6;

/** Bounds of a walk: requests started at or after `after` (if given), and not after `until` (if given). */
export interface WalkBounds {
  after?: Date;
  until?: Date;
}

/** One stretch of the walk: a bucket, or the rest of the history below the last bucket. */
export type Stretch = { bucket: Bucket; rest?: undefined } | { bucket?: undefined; rest: Rest };

/**
 * The directory of the list's buckets (see requestDaySchema): counted before
 * the requests are stored, read to walk the history newest first.
 */
export class RequestDays {
  constructor(private readonly model: RequestDayModel) {}

  /**
   * Counts requests about to be stored: one upsert per workspace and day.
   * Run before they are inserted, so that no stored request is missing from
   * the walk; a retried write counts twice, which only makes a day look
   * larger. Two first writes of a day at once: one finds the other's
   * document and is applied to it when retried.
   */
  async count(requests: readonly { workspaceId: string; startedAt: Date }[]): Promise<void> {
    const ops = dayCountOps(requests);
    if (!ops.length) return;
    try {
      await this.model.bulkWrite(ops, { ordered: false });
    } catch (err) {
      // Only the upserts that raced another first write failed; the rest were applied.
      const e = err as { code?: number; writeErrors?: { code?: number; index?: number; err?: { index?: number } }[] };
      const failed = e.writeErrors?.length ? e.writeErrors : null;
      if (!failed || !failed.every((w) => w.code === 11000)) throw err;
      await this.model.bulkWrite(failed.map((w) => ops[w.index ?? w.err?.index ?? 0]!), { ordered: false });
    }
  }

  /**
   * The stretches a walk of the workspace's history reads, newest first:
   * days, or the hours of a large day, within the bounds; after
   * MAX_BUCKETS buckets, the rest in one stretch.
   */
  async *walk(workspaceId: string, bounds: WalkBounds): AsyncGenerator<Stretch> {
    const lastDay = bounds.until && dayOf(bounds.until);
    const lastHour = bounds.until && hourOf(bounds.until);
    const firstDay = bounds.after && dayOf(bounds.after);
    const firstHour = bounds.after && hourOf(bounds.after);
    const days = (await this.model.find({ workspaceId }, { day: 1, n: 1, h: 1 }).lean<{ day: string; n: number; h: Record<string, number> }[]>())
      .filter((d) => (!lastDay || d.day <= lastDay) && (!firstDay || d.day >= firstDay))
      .sort((a, b) => (a.day < b.day ? 1 : -1));
    let walked = 0;
    let last: Bucket | null = null;
    for (const day of days) {
      const buckets: Bucket[] =
        day.n <= DAY_BUCKET_MAX
          ? [{ day: day.day }]
          : Object.keys(day.h ?? {})
              .filter((hh) => (day.h[hh] ?? 0) > 0)
              .map((hh) => `${day.day}T${hh}`)
              .filter((hour) => (!lastHour || hour <= lastHour) && (!firstHour || hour >= firstHour))
              .sort()
              .reverse()
              .map((hour) => ({ hour }));
      for (const bucket of buckets) {
        if (walked === MAX_BUCKETS && last) {
          yield { rest: { before: startOf(last) } };
          return;
        }
        walked++;
        last = bucket;
        yield { bucket };
      }
    }
  }
}

/** The upserts that count requests in their days (see RequestDays.count): one per workspace and day. */
export function dayCountOps(requests: readonly { workspaceId: string; startedAt: Date }[]) {
  const days = new Map<string, { workspaceId: string; day: string; n: number; h: Map<string, number> }>();
  for (const { workspaceId, startedAt } of requests) {
    const day = dayOf(startedAt);
    const key = `${workspaceId}|${day}`;
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { workspaceId, day, n: 0, h: new Map() }));
    entry.n++;
    const hour = hourOf(startedAt).slice(11);
    entry.h.set(hour, (entry.h.get(hour) ?? 0) + 1);
  }
  return [...days].map(([_id, e]) => ({
    updateOne: {
      filter: { _id },
      update: {
        $setOnInsert: { workspaceId: e.workspaceId, day: e.day },
        $inc: { n: e.n, ...Object.fromEntries([...e.h].map(([hour, n]) => [`h.${hour}`, n])) },
      },
      upsert: true,
    },
  }));
}

/** The first instant of a bucket. */
function startOf(bucket: Bucket): Date {
  return new Date('day' in bucket ? `${bucket.day}T00:00:00.000Z` : `${bucket.hour}:00:00.000Z`);
}
