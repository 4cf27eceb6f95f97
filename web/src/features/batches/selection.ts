import type { ReplaySelection, RequestFilter, RequestSource, RequestStatus } from '../../gql/graphql';

/**
 * What a new bulk replay takes, as the URL gives it. History links to
 * `/batches/new?ids=a,b,c` (rows picked) or `?filter=<RequestFilter as JSON>`
 * ("all matching this filter"); with neither, the page asks for a filter.
 */
export type UrlSelection =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'filter'; filter: RequestFilter }
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string };

const SOURCES: RequestSource[] = ['API', 'PLAYGROUND', 'REPLAY', 'BULK'];
const STATUSES: RequestStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const listOf = (item: Check): Check => (v) => Array.isArray(v) && v.every(item);
const oneOf = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const isMetadata: Check = (v) =>
  typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string' && ['string', 'number', 'boolean'].includes(typeof (v as { value?: unknown }).value);

/** Every RequestFilter field and the shape its value must have; the gateway would refuse anything else with a less helpful message. */
const FIELDS: Record<keyof RequestFilter, Check> = {
  model: listOf(isString),
  provider: listOf(isString),
  status: listOf(oneOf(STATUSES)),
  source: listOf(oneOf(SOURCES)),
  tagsAny: listOf(isString),
  tagsAll: listOf(isString),
  metadata: listOf(isMetadata),
  startedAfter: isString,
  startedBefore: isString,
  text: isString,
  batchId: isString,
  replayOf: isString,
  minLatencyMs: isNumber,
  maxLatencyMs: isNumber,
  minCost: isNumber,
  maxCost: isNumber,
};

/** A RequestFilter read from JSON text, or why it is not one (naming the field), as a clause: "it is not JSON". */
export function parseFilter(json: string): { filter: RequestFilter } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { reason: 'it is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'it is not an object' };
  const filter: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const check = FIELDS[key as keyof RequestFilter];
    if (!check) return { reason: `it has an unknown field "${key}"` };
    // A null field is no condition, as GraphQL reads it.
    if (field === null) continue;
    if (!check(field)) return { reason: `its "${key}" is malformed` };
    filter[key] = field;
  }
  return { filter: filter as RequestFilter };
}

/** The selection the URL's query string names; `ids` wins when both are given, as History never sends both. */
export function selectionFromSearch(params: URLSearchParams): UrlSelection {
  const ids = params.get('ids');
  if (ids !== null) {
    const list = [...new Set(ids.split(',').map((id) => id.trim()).filter(Boolean))];
    return list.length ? { kind: 'ids', ids: list } : { kind: 'invalid', reason: 'The address names no request ids.' };
  }
  const filter = params.get('filter');
  if (filter !== null) {
    const parsed = parseFilter(filter);
    return 'filter' in parsed ? { kind: 'filter', filter: parsed.filter } : { kind: 'invalid', reason: `The filter in the address cannot be used: ${parsed.reason}.` };
  }
  return { kind: 'none' };
}

/** The query string for a filter chosen on this page: the same form History links with, so the page has one URL per selection. */
export function searchForFilter(filter: RequestFilter): string {
  return `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}

/** What `estimateBulkReplay` and `startBulkReplay` take, or null while there is nothing selected. */
export function replaySelection(selection: UrlSelection): ReplaySelection | null {
  if (selection.kind === 'ids') return { ids: selection.ids };
  if (selection.kind === 'filter') return { filter: selection.filter };
  return null;
}

const SOURCE_WORDS: Record<RequestSource, string> = {
  API: 'logged through the API',
  PLAYGROUND: 'run in the playground',
  REPLAY: 'replays',
  BULK: 'from bulk replays',
};

const either = (values: readonly string[], word = 'or') =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} ${word} ${values.at(-1)}`;

const moment = (iso: string) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
};

function range(min: number | null | undefined, max: number | null | undefined, unit: (n: number) => string): string | null {
  if (min != null && max != null) return `from ${unit(min)} to ${unit(max)}`;
  if (min != null) return `at least ${unit(min)}`;
  if (max != null) return `at most ${unit(max)}`;
  return null;
}

/** Each condition of a filter in words, in the order a person would say them. */
export function filterConditions(filter: RequestFilter): string[] {
  const parts: string[] = [];
  if (filter.model?.length) parts.push(`model ${either(filter.model)}`);
  if (filter.provider?.length) parts.push(`provider ${either(filter.provider)}`);
  if (filter.status?.length) parts.push(either(filter.status.map((s) => s.toLowerCase())));
  if (filter.source?.length) parts.push(either(filter.source.map((s) => SOURCE_WORDS[s])));
  if (filter.tagsAny?.length) parts.push(`tagged ${either(filter.tagsAny)}`);
  if (filter.tagsAll?.length) parts.push(filter.tagsAll.length === 1 ? `tagged ${filter.tagsAll[0]}` : `tagged ${either(filter.tagsAll, 'and')} (all of them)`);
  for (const { key, value } of filter.metadata ?? []) parts.push(`metadata ${key} = ${JSON.stringify(value)}`);
  if (filter.startedAfter) parts.push(`from ${moment(filter.startedAfter)}`);
  if (filter.startedBefore) parts.push(`before ${moment(filter.startedBefore)}`);
  if (filter.text) parts.push(`containing “${filter.text}”`);
  if (filter.batchId) parts.push(`results of bulk replay ${filter.batchId}`);
  if (filter.replayOf) parts.push(`replays of request ${filter.replayOf}`);
  const latency = range(filter.minLatencyMs, filter.maxLatencyMs, (n) => `${n.toLocaleString('en')} ms`);
  if (latency) parts.push(`latency ${latency}`);
  const cost = range(filter.minCost, filter.maxCost, (n) => `$${n}`);
  if (cost) parts.push(`cost ${cost}`);
  return parts;
}

/** The selection in one sentence: "3 requests picked in History", "Requests tagged support, containing “refund”". */
export function describeSelection(selection: UrlSelection): string {
  switch (selection.kind) {
    case 'ids':
      return selection.ids.length === 1 ? '1 request picked in History' : `${selection.ids.length.toLocaleString('en')} requests picked in History`;
    case 'filter': {
      const parts = filterConditions(selection.filter);
      return parts.length ? `Requests: ${parts.join('; ')}` : 'Every request of this workspace';
    }
    case 'none':
      return 'Nothing selected yet';
    case 'invalid':
      return selection.reason;
  }
}

/**
 * A batch's selection as stored (`Batch.selection`: `{ filter }` or `{ ids }`,
 * the filter in the services' spelling, enum values in lower case) in the
 * page's terms, so that it reads as the new-batch page said it.
 */
export function selectionOfStored(stored: Record<string, unknown>): UrlSelection {
  if (Array.isArray(stored.ids)) return { kind: 'ids', ids: stored.ids.map(String) };
  if (typeof stored.filter !== 'object' || stored.filter === null) return { kind: 'invalid', reason: 'The selection is not recorded.' };
  const filter = { ...(stored.filter as Record<string, unknown>) };
  for (const key of ['status', 'source']) {
    if (Array.isArray(filter[key])) filter[key] = (filter[key] as unknown[]).map((v) => String(v).toUpperCase());
  }
  const parsed = parseFilter(JSON.stringify(filter));
  return 'filter' in parsed ? { kind: 'filter', filter: parsed.filter } : { kind: 'invalid', reason: `The recorded filter cannot be shown: ${parsed.reason}.` };
}
