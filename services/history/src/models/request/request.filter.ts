import type { RequestFilter } from '@reprise/contracts';

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
 * stored with the bodies (see BodyStore.matching).
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
  }
  if (filter.minCost !== undefined || filter.maxCost !== undefined) {
    query.cost = {
      ...(filter.minCost !== undefined ? { $gte: filter.minCost } : {}),
      ...(filter.maxCost !== undefined ? { $lte: filter.maxCost } : {}),
    };
  }
  if (and.length) query.$and = and;
  return query;
}
