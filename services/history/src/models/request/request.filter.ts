import type { RequestFilter } from '@reprise/contracts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One metadata entry as the `metaKV` field stores it: `["key",value]` as JSON
 * text, which keeps `1` and `"1"` apart and needs no separator that a key
 * could contain (PostgreSQL, under FerretDB, refuses \u0000 in text).
 */
export function metaKV(key: string, value: string | number | boolean): string {
  return JSON.stringify([key, value]);
}

/** The database query for a workspace's requests under a filter (see the indexes in request.schema.ts). */
export function filterQuery(workspaceId: string, filter: RequestFilter): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  const query: Record<string, unknown> = { workspaceId };
  if (filter.model) query.model = { $in: filter.model };
  if (filter.provider) query.provider = { $in: filter.provider };
  if (filter.status) query.status = { $in: filter.status };
  if (filter.source) query.source = { $in: filter.source };
  if (filter.tagsAny) and.push({ tags: { $in: filter.tagsAny } });
  if (filter.tagsAll) for (const tag of filter.tagsAll) and.push({ tags: tag });
  for (const { key, value } of filter.metadata ?? []) and.push({ metaKV: metaKV(key, value) });
  if (filter.startedAfter || filter.startedBefore) {
    query.startedAt = {
      ...(filter.startedAfter ? { $gte: new Date(filter.startedAfter) } : {}),
      ...(filter.startedBefore ? { $lt: new Date(filter.startedBefore) } : {}),
    };
  }
  if (filter.text) query.searchText = { $regex: escapeRegExp(filter.text.toLowerCase()) };
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
