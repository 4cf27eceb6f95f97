import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RequestFilter } from '@reprise/contracts';
import { bandOf, bandsWithin, COST_BANDS, LATENCY_BANDS, type Bands } from '../../services/history/src/models/request/request.bands.js';

/**
 * What MongoDB would do with each history list query, derived without a
 * MongoDB: the indexes are read from request.schema.ts (each equality
 * index's comment names the filter it serves, `// filter.model`), every
 * index that can bound the query is a candidate, and each candidate's work
 * for one page is counted by walking the seeded requests in that index's
 * order, as MongoDB's plan trial would. The cheapest wins.
 */

const SCHEMA_FILE = fileURLToPath(new URL('../../services/history/src/models/request/request.schema.ts', import.meta.url));

export interface IndexSpec {
  keys: Array<[field: string, direction: 1 | -1]>;
  /** Filter fields its comment names (`filter.tagsAny, filter.tagsAll` → tagsAny, tagsAll). */
  serves: string[];
  /** `{ workspaceId: 1, model: 1, startedAt: -1, _id: -1 }` */
  text: string;
}

/** The `requestSchema.index(...)` calls of request.schema.ts, with the filters their comments name. */
export function readIndexes(file = SCHEMA_FILE): IndexSpec[] {
  const source = readFileSync(file, 'utf8');
  const specs: IndexSpec[] = [];
  for (const match of source.matchAll(/requestSchema\.index\(\s*(\{[^}]*\})[^;]*;[ \t]*(?:\/\/(.*))?/g)) {
    const keys = [...match[1]!.matchAll(/['"]?([\w.$]+)['"]?\s*:\s*(-?1)\b/g)].map(([, field, dir]) => [field!, Number(dir) as 1 | -1] as [string, 1 | -1]);
    const serves = [...(match[2] ?? '').matchAll(/filter\.(\w+)/g)].map((m) => m[1]!);
    specs.push({ keys, serves, text: `{ ${keys.map(([f, d]) => `${f}: ${d}`).join(', ')} }` });
  }
  return specs;
}

/** One stored request, reduced to what the filters look at. */
export interface Fact {
  id: string;
  startedAt: number;
  model: string;
  provider: string;
  status: string;
  source: string;
  tags: readonly string[];
  metadata: ReadonlyArray<readonly [string, unknown]>;
  latencyMs: number | null;
  cost: number | null;
  /** Bit i set: the searchable text contains the i-th of the texts searched for. */
  texts: number;
}

/** The list order: newest first, then `_id` descending. */
export function listOrder(a: Fact, b: Fact): number {
  return b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The keyset cursor of the page before: requests strictly after it in list order. */
export interface Position {
  startedAt: number;
  id: string;
}

const inList = <T>(list: readonly T[] | undefined, value: T) => !list || list.includes(value);

/** Whether a request is under the filter: the semantics of history's filter, on the reduced request. */
export function matches(f: Fact, filter: RequestFilter, textBit: (text: string) => number): boolean {
  if (!inList(filter.model, f.model) || !inList(filter.provider, f.provider) || !inList(filter.status, f.status) || !inList(filter.source, f.source)) return false;
  if (filter.tagsAny && !filter.tagsAny.some((t) => f.tags.includes(t))) return false;
  if (filter.tagsAll && !filter.tagsAll.every((t) => f.tags.includes(t))) return false;
  for (const { key, value } of filter.metadata ?? []) if (!f.metadata.some(([k, v]) => k === key && v === value)) return false;
  if (filter.startedAfter && f.startedAt < Date.parse(filter.startedAfter)) return false;
  if (filter.startedBefore && f.startedAt >= Date.parse(filter.startedBefore)) return false;
  if (filter.text && !(f.texts & textBit(filter.text))) return false;
  // A range never matches a missing value.
  if ((filter.minLatencyMs !== undefined || filter.maxLatencyMs !== undefined) && f.latencyMs === null) return false;
  if (filter.minLatencyMs !== undefined && f.latencyMs! < filter.minLatencyMs) return false;
  if (filter.maxLatencyMs !== undefined && f.latencyMs! > filter.maxLatencyMs) return false;
  if ((filter.minCost !== undefined || filter.maxCost !== undefined) && f.cost === null) return false;
  if (filter.minCost !== undefined && f.cost! < filter.minCost) return false;
  if (filter.maxCost !== undefined && f.cost! > filter.maxCost) return false;
  return true;
}

const after = (f: Fact, p: Position) => f.startedAt < p.startedAt || (f.startedAt === p.startedAt && f.id < p.id);

/**
 * The equality part of a filter one index can take as bounds: the field's
 * values as points. Lists are `$in` (several points); tagsAll and metadata
 * are one equality per value, of which one bounds the scan.
 */
interface Bound {
  field: string;
  /** How the bound reads in the plan. */
  label: string;
  points: number;
  test(f: Fact): boolean;
}

function boundsFor(field: string, filter: RequestFilter): Bound[] {
  const list = (values: readonly string[], get: (f: Fact) => string): Bound[] => [
    { field, label: `${field} ∈ {${values.join(', ')}}`, points: values.length, test: (f) => values.includes(get(f)) },
  ];
  switch (field) {
    case 'model':
      return filter.model ? list(filter.model, (f) => f.model) : [];
    case 'provider':
      return filter.provider ? list(filter.provider, (f) => f.provider) : [];
    case 'status':
      return filter.status ? list(filter.status, (f) => f.status) : [];
    case 'source':
      return filter.source ? list(filter.source, (f) => f.source) : [];
    case 'tagsAny':
      return filter.tagsAny ? [{ field, label: `tags ∈ {${filter.tagsAny.join(', ')}}`, points: filter.tagsAny.length, test: (f) => filter.tagsAny!.some((t) => f.tags.includes(t)) }] : [];
    case 'tagsAll':
      return (filter.tagsAll ?? []).map((tag) => ({ field, label: `tags = ${tag}`, points: 1, test: (f) => f.tags.includes(tag) }));
    case 'metadata':
      return (filter.metadata ?? []).map(({ key, value }) => ({
        field,
        label: `metadata ${key} = ${JSON.stringify(value)}`,
        points: 1,
        test: (f) => f.metadata.some(([k, v]) => k === key && v === value),
      }));
    // A range's bands as points (history's request.bands.ts); the index comment names both ends, one bound serves them.
    case 'minLatencyMs':
      return bandBound(LATENCY_BANDS, filter.minLatencyMs, filter.maxLatencyMs, (f) => f.latencyMs);
    case 'minCost':
      return bandBound(COST_BANDS, filter.minCost, filter.maxCost, (f) => f.cost);
    default:
      return [];
  }
}

function bandBound(bands: Bands, min: number | undefined, max: number | undefined, get: (f: Fact) => number | null): Bound[] {
  if (min === undefined && max === undefined) return [];
  const within = bandsWithin(bands, min, max);
  return [{ field: bands.field, label: `${bands.field} ∈ {${within.join(', ')}}`, points: within.length, test: (f) => within.includes(bandOf(bands, get(f)) ?? '') }];
}

export interface PlanEstimate {
  index: string;
  /** The bounds read from the index, e.g. `workspaceId, model ∈ {gpt-4o}, startedAt in range`. */
  bounds: string;
  /** How the list order comes about: from the index, a merge of several index scans, or an in-memory SORT. */
  sort: string;
  inMemorySort: boolean;
  /** Index keys read for one page (limit first + 1). */
  keysExamined: number;
  /** Documents fetched and checked against the rest of the filter. */
  docsExamined: number;
  /** Other candidates, with their documents examined. */
  alsoConsidered: string[];
}

export interface Expected {
  /** Requests under the filter, in the whole workspace. */
  matching: number;
  /** The page history should answer: ids in list order. */
  ids: string[];
}

/** MongoDB explodes `$in` points into merged index scans, up to this many (internalQueryMaxScansToExplode). */
const MAX_SCANS_TO_EXPLODE = 200;

/**
 * The plan MongoDB would pick for one page of the list under `filter`, and
 * its work counted over `facts` (sorted in list order).
 */
export function estimatePlan(
  indexes: readonly IndexSpec[],
  facts: readonly Fact[],
  filter: RequestFilter,
  limit: number,
  cursor: Position | undefined,
  textBit: (text: string) => number,
): PlanEstimate {
  const timeBounded = Boolean(filter.startedAfter || filter.startedBefore);
  const inTime = (f: Fact) =>
    (!filter.startedAfter || f.startedAt >= Date.parse(filter.startedAfter)) && (!filter.startedBefore || f.startedAt < Date.parse(filter.startedBefore));
  const candidates: Array<{ index: IndexSpec; bound: Bound | null }> = [];
  for (const index of indexes) {
    if (index.keys[0]?.[0] !== 'workspaceId') continue;
    if (index.serves.length === 0) candidates.push({ index, bound: null });
    for (const field of index.serves) for (const bound of boundsFor(field, filter)) candidates.push({ index, bound });
  }
  const results = candidates.map(({ index, bound }) => {
    // Keys after workspaceId and the bounded field: the list order if they are (startedAt, _id), both one way.
    const rest = index.keys.slice(bound ? 2 : 1);
    const ordered = rest.length >= 2 && rest[0]![0] === 'startedAt' && rest[1]![0] === '_id' && rest[0]![1] === rest[1]![1];
    const merged = Boolean(bound && bound.points > 1);
    const inMemorySort = !ordered || (merged && bound!.points > MAX_SCANS_TO_EXPLODE);
    // startedAt follows the point bounds, so a time range bounds the scan too.
    const rangeOnStartedAt = timeBounded && ordered;
    let keys = 0;
    let docs = 0;
    let found = 0;
    for (const f of facts) {
      if (bound && !bound.test(f)) continue;
      if (rangeOnStartedAt && !inTime(f)) continue;
      keys++;
      // The cursor is on (startedAt, _id), both in the index: checked on the key, before fetching.
      if (cursor && !after(f, cursor)) continue;
      docs++;
      if (matches(f, filter, textBit) && ++found === limit) break;
    }
    if (inMemorySort) {
      // A blocking sort reads every document in the bounds before returning any.
      keys = 0;
      docs = 0;
      for (const f of facts) {
        if ((bound && !bound.test(f)) || (rangeOnStartedAt && !inTime(f))) continue;
        keys++;
        docs++;
      }
    }
    return {
      index: index.text,
      bounds: ['workspaceId', bound?.label, rangeOnStartedAt ? 'startedAt in range' : null].filter(Boolean).join(', '),
      sort: inMemorySort ? 'in-memory SORT' : merged ? `no: merge of ${bound!.points} index scans in order` : 'no: index order',
      inMemorySort,
      keysExamined: keys,
      docsExamined: docs,
    };
  });
  results.sort((a, b) => a.docsExamined - b.docsExamined || a.keysExamined - b.keysExamined);
  const [best, ...others] = results;
  return { ...best!, alsoConsidered: others.map((o) => `${o.index}${o.bounds.includes('∈') || o.bounds.includes('=') ? ` (${o.bounds.split(', ')[1]})` : ''}: ${o.docsExamined} docs`) };
}

/** The requests under the filter in the workspace, and the page (after the cursor) history must answer. */
export function expectedPage(facts: readonly Fact[], filter: RequestFilter, first: number, cursor: Position | undefined, textBit: (text: string) => number): Expected {
  let matching = 0;
  const ids: string[] = [];
  for (const f of facts) {
    if (!matches(f, filter, textBit)) continue;
    matching++;
    if (ids.length < first && (!cursor || after(f, cursor))) ids.push(f.id);
  }
  return { matching, ids };
}
