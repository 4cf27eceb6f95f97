import type { RequestFilter } from '@reprise/contracts';
import { bandsWithin, COST_BANDS, LATENCY_BANDS } from './request.bands.js';

/**
 * One metadata entry as the `metaKV` field stores it: `["key",value]` as JSON
 * text, which keeps `1` and `"1"` apart and needs no separator that a key
 * could contain (PostgreSQL, under FerretDB, refuses \u0000 in text).
 */
export function metaKV(key: string, value: string | number | boolean): string {
  return JSON.stringify([key, value]);
}

/**
 * One value or any of several. One is a plain equality, which FerretDB
 * pushes down to PostgreSQL; it pushes no `$in` (MongoDB plans both alike).
 */
function oneOf<T>(values: readonly T[]): T | { $in: readonly T[] } {
  return values.length === 1 ? values[0]! : { $in: values };
}

/**
 * The database query for a workspace's requests under a filter (see the
 * indexes in request.schema.ts), all but its text: the searchable text is
 * stored apart, packed (see TextStore.matching). A latency or cost range
 * also names the bands it touches (request.bands.ts).
 */
export function filterQuery(workspaceId: string, filter: RequestFilter): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  const query: Record<string, unknown> = { workspaceId };
  if (filter.model) query.model = oneOf(filter.model);
  if (filter.provider) query.provider = oneOf(filter.provider);
  if (filter.status) query.status = oneOf(filter.status);
  if (filter.source) query.source = oneOf(filter.source);
  // A field's first condition at the top, where FerretDB can push an equality down; others under $and.
  const on = (field: string, condition: unknown) => (field in query ? and.push({ [field]: condition }) : (query[field] = condition));
  if (filter.tagsAny) on('tags', oneOf(filter.tagsAny));
  for (const tag of filter.tagsAll ?? []) on('tags', tag);
  for (const { key, value } of filter.metadata ?? []) on('metaKV', metaKV(key, value));
  if (filter.startedAfter || filter.startedBefore) {
    query.startedAt = {
      ...(filter.startedAfter ? { $gte: new Date(filter.startedAfter) } : {}),
      ...(filter.startedBefore ? { $lt: new Date(filter.startedBefore) } : {}),
    };
  }
  if (filter.batchId) query.batchId = filter.batchId;
  if (filter.replayOf) query.replayOf = filter.replayOf;
  if (filter.minLatencyMs !== undefined || filter.maxLatencyMs !== undefined) {
    query.latencyMs = {
      ...(filter.minLatencyMs !== undefined ? { $gte: filter.minLatencyMs } : {}),
      ...(filter.maxLatencyMs !== undefined ? { $lte: filter.maxLatencyMs } : {}),
    };
    query.latencyBand = oneOf(bandsWithin(LATENCY_BANDS, filter.minLatencyMs, filter.maxLatencyMs));
  }
  if (filter.minCost !== undefined || filter.maxCost !== undefined) {
    query.cost = {
      ...(filter.minCost !== undefined ? { $gte: filter.minCost } : {}),
      ...(filter.maxCost !== undefined ? { $lte: filter.maxCost } : {}),
    };
    query.costBand = oneOf(bandsWithin(COST_BANDS, filter.minCost, filter.maxCost));
  }
  if (and.length) query.$and = and;
  return query;
}

/** The fields whose `$in` a FerretDB read splits into one query per value (see `onePerValue`). */
const SPLIT_FIELDS = ['latencyBand', 'costBand'] as const;

/**
 * The query as queries of one equality each, for FerretDB, which pushes an
 * equality down to PostgreSQL but no `$in`: a band's `$in` (of the field
 * with the fewest values, when both are there) becomes one query per band,
 * whose results together are the query's. Anything else is one query.
 */
export function onePerValue(query: Record<string, unknown>): Record<string, unknown>[] {
  let best: { field: string; values: unknown[] } | null = null;
  for (const field of SPLIT_FIELDS) {
    const condition = query[field] as { $in?: unknown[] } | undefined;
    if (condition && typeof condition === 'object' && Array.isArray(condition.$in) && (!best || condition.$in.length < best.values.length)) {
      best = { field, values: condition.$in };
    }
  }
  if (!best) return [query];
  const { field, values } = best;
  return values.map((value) => ({ ...query, [field]: value }));
}
