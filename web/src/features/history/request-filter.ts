import type { RequestFilter, RequestSource, RequestStatus } from '../../gql/graphql';

export const STATUSES: RequestStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];
export const SOURCES: RequestSource[] = ['API', 'PLAYGROUND', 'REPLAY', 'BULK'];

export type MetadataValue = string | number | boolean;
export interface MetadataCondition {
  key: string;
  value: MetadataValue;
}

/**
 * The History page's filter as the URL holds it: every condition of the
 * API's RequestFilter the page offers, so that a filtered view can be shared
 * and reloaded. Lists match any of their values, as the API's do.
 */
export interface HistoryFilter {
  text: string;
  models: string[];
  providers: string[];
  statuses: RequestStatus[];
  sources: RequestSource[];
  tags: string[];
  /** Whether a request needs one of `tags` (tagsAny) or all of them (tagsAll). */
  tagMode: 'any' | 'all';
  metadata: MetadataCondition[];
  /** ISO 8601, inclusive. */
  startedAfter: string | null;
  /** ISO 8601, exclusive. */
  startedBefore: string | null;
  minLatencyMs: number | null;
  maxLatencyMs: number | null;
  minCost: number | null;
  maxCost: number | null;
  /** The replays of one bulk replay. */
  batchId: string;
  /** The replays of one request. */
  replayOf: string;
}

export const NO_FILTER: HistoryFilter = {
  text: '',
  models: [],
  providers: [],
  statuses: [],
  sources: [],
  tags: [],
  tagMode: 'any',
  metadata: [],
  startedAfter: null,
  startedBefore: null,
  minLatencyMs: null,
  maxLatencyMs: null,
  minCost: null,
  maxCost: null,
  batchId: '',
  replayOf: '',
};

const isStatus = (value: string): value is RequestStatus => (STATUSES as string[]).includes(value);
const isSource = (value: string): value is RequestSource => (SOURCES as string[]).includes(value);

/** Non-negative finite numbers only: the API refuses the rest, and a hand-edited URL should not break the page. */
function numberParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function dateParam(value: string | null): string | null {
  if (!value) return null;
  return Number.isNaN(Date.parse(value)) ? null : new Date(value).toISOString();
}

/** One `meta` parameter: `["key",value]` as JSON, so that `1` and `"1"` stay apart and any key fits. */
function metadataParam(value: string): MetadataCondition | null {
  try {
    const pair: unknown = JSON.parse(value);
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const [key, v] = pair as unknown[];
    if (typeof key !== 'string' || key === '') return null;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return null;
    return { key, value: v };
  } catch {
    return null;
  }
}

const unique = <T>(values: T[]) => [...new Set(values)];
const nonEmpty = (values: string[]) => unique(values.map((v) => v.trim()).filter(Boolean));

/** The filter a query string holds; what it cannot read is left out rather than refused. */
export function filterFromSearch(params: URLSearchParams): HistoryFilter {
  return {
    text: (params.get('text') ?? '').trim(),
    models: nonEmpty(params.getAll('model')),
    providers: nonEmpty(params.getAll('provider')),
    statuses: unique(params.getAll('status').map((s) => s.toUpperCase()).filter(isStatus)),
    sources: unique(params.getAll('source').map((s) => s.toUpperCase()).filter(isSource)),
    tags: nonEmpty(params.getAll('tag')),
    tagMode: params.get('tagMode') === 'all' ? 'all' : 'any',
    metadata: params.getAll('meta').flatMap((m) => metadataParam(m) ?? []),
    startedAfter: dateParam(params.get('after')),
    startedBefore: dateParam(params.get('before')),
    minLatencyMs: numberParam(params.get('minLatency')),
    maxLatencyMs: numberParam(params.get('maxLatency')),
    minCost: numberParam(params.get('minCost')),
    maxCost: numberParam(params.get('maxCost')),
    batchId: (params.get('batch') ?? '').trim(),
    replayOf: (params.get('replayOf') ?? '').trim(),
  };
}

/**
 * The query string of a filter: only the conditions set, in a fixed order,
 * so that an empty filter and a bare /history share one URL. Enum values are
 * lower-case there (`status=failed`), as people type them.
 */
export function searchFromFilter(filter: HistoryFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.text.trim()) params.set('text', filter.text.trim());
  for (const model of filter.models) params.append('model', model);
  for (const provider of filter.providers) params.append('provider', provider);
  for (const status of filter.statuses) params.append('status', status.toLowerCase());
  for (const source of filter.sources) params.append('source', source.toLowerCase());
  for (const tag of filter.tags) params.append('tag', tag);
  if (filter.tags.length > 1 && filter.tagMode === 'all') params.set('tagMode', 'all');
  for (const { key, value } of filter.metadata) params.append('meta', JSON.stringify([key, value]));
  if (filter.startedAfter) params.set('after', filter.startedAfter);
  if (filter.startedBefore) params.set('before', filter.startedBefore);
  if (filter.minLatencyMs !== null) params.set('minLatency', String(filter.minLatencyMs));
  if (filter.maxLatencyMs !== null) params.set('maxLatency', String(filter.maxLatencyMs));
  if (filter.minCost !== null) params.set('minCost', String(filter.minCost));
  if (filter.maxCost !== null) params.set('maxCost', String(filter.maxCost));
  if (filter.batchId) params.set('batch', filter.batchId);
  if (filter.replayOf) params.set('replayOf', filter.replayOf);
  return params;
}

/** What `requests(filter:)` receives; a condition not set is left out (the API refuses empty lists). */
export function requestFilter(filter: HistoryFilter): RequestFilter {
  const out: RequestFilter = {};
  if (filter.text.trim()) out.text = filter.text.trim();
  if (filter.models.length) out.model = filter.models;
  if (filter.providers.length) out.provider = filter.providers;
  if (filter.statuses.length) out.status = filter.statuses;
  if (filter.sources.length) out.source = filter.sources;
  if (filter.tags.length) {
    if (filter.tagMode === 'all') out.tagsAll = filter.tags;
    else out.tagsAny = filter.tags;
  }
  if (filter.metadata.length) out.metadata = filter.metadata.map(({ key, value }) => ({ key, value }));
  if (filter.startedAfter) out.startedAfter = filter.startedAfter;
  if (filter.startedBefore) out.startedBefore = filter.startedBefore;
  if (filter.minLatencyMs !== null) out.minLatencyMs = filter.minLatencyMs;
  if (filter.maxLatencyMs !== null) out.maxLatencyMs = filter.maxLatencyMs;
  if (filter.minCost !== null) out.minCost = filter.minCost;
  if (filter.maxCost !== null) out.maxCost = filter.maxCost;
  if (filter.batchId) out.batchId = filter.batchId;
  if (filter.replayOf) out.replayOf = filter.replayOf;
  return out;
}

export function isEmptyFilter(filter: HistoryFilter): boolean {
  return searchFromFilter(filter).size === 0;
}

/** One condition of the filter as the bar lists it under itself, with the filter it leaves when removed. */
export interface FilterChip {
  key: string;
  label: string;
  without: HistoryFilter;
}

const usd = (n: number) => `$${n}`;

function rangeLabel(name: string, min: number | null, max: number | null, unit: (n: number) => string): string {
  if (min !== null && max !== null) return `${name} ${unit(min)}–${unit(max)}`;
  if (min !== null) return `${name} ≥ ${unit(min)}`;
  return `${name} ≤ ${unit(max!)}`;
}

/** Every condition set, each removable on its own; `formatDate` writes the time range's ends. */
export function filterChips(filter: HistoryFilter, formatDate: (iso: string) => string): FilterChip[] {
  const chips: FilterChip[] = [];
  const chip = (key: string, label: string, change: Partial<HistoryFilter>) => chips.push({ key, label, without: { ...filter, ...change } });
  if (filter.text) chip('text', `text “${filter.text}”`, { text: '' });
  for (const model of filter.models) chip(`model:${model}`, `model ${model}`, { models: filter.models.filter((m) => m !== model) });
  for (const provider of filter.providers) chip(`provider:${provider}`, `provider ${provider}`, { providers: filter.providers.filter((p) => p !== provider) });
  for (const status of filter.statuses) chip(`status:${status}`, `status ${status.toLowerCase()}`, { statuses: filter.statuses.filter((s) => s !== status) });
  for (const source of filter.sources) chip(`source:${source}`, `source ${source.toLowerCase()}`, { sources: filter.sources.filter((s) => s !== source) });
  const tagWord = filter.tags.length > 1 ? (filter.tagMode === 'all' ? 'tag (all of)' : 'tag (any of)') : 'tag';
  for (const tag of filter.tags) chip(`tag:${tag}`, `${tagWord} ${tag}`, { tags: filter.tags.filter((t) => t !== tag) });
  filter.metadata.forEach((m, i) =>
    chip(`meta:${i}`, `${m.key} = ${typeof m.value === 'string' ? `“${m.value}”` : String(m.value)}`, {
      metadata: filter.metadata.filter((_, j) => j !== i),
    }),
  );
  if (filter.startedAfter) chip('after', `from ${formatDate(filter.startedAfter)}`, { startedAfter: null });
  if (filter.startedBefore) chip('before', `before ${formatDate(filter.startedBefore)}`, { startedBefore: null });
  if (filter.minLatencyMs !== null || filter.maxLatencyMs !== null) {
    chip('latency', rangeLabel('latency', filter.minLatencyMs, filter.maxLatencyMs, (n) => `${n} ms`), { minLatencyMs: null, maxLatencyMs: null });
  }
  if (filter.minCost !== null || filter.maxCost !== null) {
    chip('cost', rangeLabel('cost', filter.minCost, filter.maxCost, usd), { minCost: null, maxCost: null });
  }
  if (filter.batchId) chip('batch', `in bulk replay ${filter.batchId}`, { batchId: '' });
  if (filter.replayOf) chip('replayOf', `replays of ${filter.replayOf}`, { replayOf: '' });
  return chips;
}
