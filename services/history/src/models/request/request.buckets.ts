import type { RequestDayModel } from './request.schema.js';

/** `date`'s UTC day, "2026-12-02". */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `date`'s UTC hour, "2026-12-02T13". */
export function hourOf(date: Date): string {
  return date.toISOString().slice(0, 13);
}

/** A request's start time with the buckets it falls in, its UTC day and hour. */
export interface Started {
  startedAt: Date;
  day: string;
  hour: string;
}

/** The start time and its buckets, the time formatted once: every document of a request and the directory carry them. */
export function startedOf(at: string | Date): Started {
  const startedAt = new Date(at);
  const iso = startedAt.toISOString();
  return { startedAt, day: iso.slice(0, 10), hour: iso.slice(0, 13) };
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
 * 2-core dev machine), and PostgreSQL finds its rows through the index on
 * `day` or `hour` that infra/local.sh adds (without it, a scan of every row).
 */
const DAY_BUCKET_MAX = 1000;

/**
 * Buckets walked before the rest is read in one query. A filter that few
 * requests match would otherwise cost a query per bucket, one PostgreSQL
 * scan each, over the whole history; the rest's query has the filter's
 * equalities pushed down all the same. It reads the walked buckets again
 * (FerretDB pushes no `startedAt` bound down), so a filter that nothing
 * pushed down narrows costs a plain query plus these: measured on the 2-core
 * dev machine over 10,000 requests of 30 days, with six buckets, `latency ≥
 * 5 s` took 17.3 s walking against 9.6 s plainly (the machine loaded), while
 * a page without a filter took 0.65 s against 12.8 s.
 */
const MAX_BUCKETS = 4;

/** Bounds of a walk: requests started at or after `after` (if given), and not after `until` (if given). */
export interface WalkBounds {
  after?: Date;
  until?: Date;
}

/** One stretch of the walk: a bucket, or the rest of the history below the last bucket. */
export type Stretch = { bucket: Bucket; rest?: undefined } | { bucket?: undefined; rest: Rest };

/** Counts held back per day before they are written anyway: the directory's sizes are a guide, not a tally. */
const FLUSH_EVERY = 200;
/** Days (per workspace) whose hours this process remembers having written; past it, it starts afresh. */
const KNOWN_DAYS_MAX = 10_000;

interface DayTally {
  workspaceId: string;
  day: string;
  /** Hours of the day this process has written to the directory (or is writing). */
  known: Set<string>;
  /** Counts not yet written, by hour ("00".."23"). */
  held: Map<string, number>;
  heldTotal: number;
}

/**
 * The directory of the list's buckets (see requestDaySchema): written before
 * the requests it counts, read to walk the history newest first.
 *
 * Written with care for FerretDB 1.x, where an update holds one PostgreSQL
 * connection for its read while it waits for another for its write: some
 * fifty updates at once take every connection of its pool, and the server
 * stops answering anyone (seen here: the record queue and a bulk ingest
 * upserting the directory together hung FerretDB until it was restarted).
 * So this process writes the directory one statement at a time, and only
 * when it must: a workspace's day or hour it has not written yet, which has
 * to be there before its requests are; other counts are held and go with
 * the next write, or once a day holds FLUSH_EVERY of them. Held counts are
 * lost if the process stops, which only makes a day look smaller than it is.
 */
export class RequestDays {
  private readonly tallies = new Map<string, DayTally>();
  /** The directory write in flight, if any: each waits for the one before. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly model: RequestDayModel) {}

  /** Counts requests about to be stored (by their `day` and `hour`, see startedOf); resolves once every day and hour they fall in is in the directory. */
  async count(requests: readonly { workspaceId: string; day: string; hour: string }[]): Promise<void> {
    let urgent = false;
    let due = false;
    for (const { workspaceId, day, hour: dayHour } of requests) {
      const key = `${workspaceId}|${day}`;
      let tally = this.tallies.get(key);
      if (!tally) {
        if (this.tallies.size >= KNOWN_DAYS_MAX) this.tallies.clear();
        this.tallies.set(key, (tally = { workspaceId, day, known: new Set(), held: new Map(), heldTotal: 0 }));
      }
      const hour = dayHour.slice(11);
      if (!tally.known.has(hour)) urgent = true;
      tally.held.set(hour, (tally.held.get(hour) ?? 0) + 1);
      if (++tally.heldTotal >= FLUSH_EVERY) due = true;
    }
    if (!urgent && !due) return;
    const write = this.writing.then(() => this.flush());
    this.writing = write.catch(() => undefined);
    // A day or hour not yet written must be before the requests are stored; held counts need not be waited for.
    if (urgent) await write;
  }

  /** Writes every held count in one statement; on failure they are held again, and the hours stay unknown. */
  private async flush(): Promise<void> {
    const taken = [...this.tallies.values()].filter((t) => t.heldTotal > 0).map((t) => ({ tally: t, held: t.held }));
    if (!taken.length) return;
    for (const { tally } of taken) {
      tally.held = new Map();
      tally.heldTotal = 0;
    }
    const ops = taken.map(({ tally, held }) => dayCountOp(tally.workspaceId, tally.day, held));
    try {
      await this.bulkWrite(ops);
      for (const { tally, held } of taken) for (const hour of held.keys()) tally.known.add(hour);
    } catch (err) {
      for (const { tally, held } of taken) {
        for (const [hour, n] of held) tally.held.set(hour, (tally.held.get(hour) ?? 0) + n);
        tally.heldTotal += [...held.values()].reduce((a, b) => a + b, 0);
      }
      throw err;
    }
  }

  private async bulkWrite(ops: ReturnType<typeof dayCountOp>[]): Promise<void> {
    try {
      await this.model.bulkWrite(ops, { ordered: false });
    } catch (err) {
      // Another process wrote the same new day first: those upserts failed, the rest were applied; now they are updates.
      const e = err as { writeErrors?: { code?: number; index?: number; err?: { index?: number } }[] };
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

/** The upsert that adds `byHour` ("00".."23" → count) to a workspace's day. */
function dayCountOp(workspaceId: string, day: string, byHour: ReadonlyMap<string, number>) {
  const n = [...byHour.values()].reduce((a, b) => a + b, 0);
  return {
    updateOne: {
      filter: { _id: `${workspaceId}|${day}` },
      update: { $setOnInsert: { workspaceId, day }, $inc: { n, ...Object.fromEntries([...byHour].map(([hour, k]) => [`h.${hour}`, k])) } },
      upsert: true,
    },
  };
}

/** The upserts that count requests in their days, one per workspace and day, all at once (for seeding a database). */
export function dayCountOps(requests: readonly { workspaceId: string; startedAt: Date }[]) {
  const days = new Map<string, { workspaceId: string; day: string; h: Map<string, number> }>();
  for (const { workspaceId, startedAt } of requests) {
    const day = dayOf(startedAt);
    const key = `${workspaceId}|${day}`;
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { workspaceId, day, h: new Map() }));
    const hour = hourOf(startedAt).slice(11);
    entry.h.set(hour, (entry.h.get(hour) ?? 0) + 1);
  }
  return [...days.values()].map((e) => dayCountOp(e.workspaceId, e.day, e.h));
}

/** The first instant of a bucket. */
function startOf(bucket: Bucket): Date {
  return new Date('day' in bucket ? `${bucket.day}T00:00:00.000Z` : `${bucket.hour}:00:00.000Z`);
}
