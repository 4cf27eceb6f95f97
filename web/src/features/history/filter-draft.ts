import type { RequestSource, RequestStatus } from '../../gql/graphql';
import { NO_FILTER, type HistoryFilter, type MetadataCondition } from './request-filter';

export type MetadataType = 'text' | 'number' | 'boolean';

export interface MetadataDraft {
  key: string;
  value: string;
  /** Metadata values are matched with their type: `3` does not find `"3"`. */
  type: MetadataType;
}

/** The filter bar's fields as typed: text, until Filter turns them into a HistoryFilter. */
export interface FilterDraft {
  text: string;
  /** Comma-separated, as are providers and tags. */
  models: string;
  providers: string;
  statuses: RequestStatus[];
  sources: RequestSource[];
  tags: string;
  tagMode: 'any' | 'all';
  metadata: MetadataDraft[];
  /** `datetime-local` values, in the browser's time zone. */
  startedAfter: string;
  startedBefore: string;
  minLatencyMs: string;
  maxLatencyMs: string;
  minCost: string;
  maxCost: string;
  batchId: string;
  replayOf: string;
}

/**
 * Problems by field, named as the API names them under `filter.` (so that
 * the gateway's BAD_USER_INPUT `extensions.field` lands on the same input):
 * `minCost`, `startedBefore`, `metadata.1.value`...
 */
export type DraftErrors = Record<string, string>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as a `datetime-local` value in the browser's zone; seconds only when there are some. */
export function localInputOf(iso: string): string {
  const d = new Date(iso);
  const minutes = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() ? `${minutes}:${pad(d.getSeconds())}` : minutes;
}

/** A `datetime-local` value (local time, no zone) as an ISO instant; null when it is not a time. */
export function isoOfLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const list = (values: string[]) => values.join(', ');

function metadataDraft({ key, value }: MetadataCondition): MetadataDraft {
  if (typeof value === 'number') return { key, value: String(value), type: 'number' };
  if (typeof value === 'boolean') return { key, value: String(value), type: 'boolean' };
  return { key, value, type: 'text' };
}

export function draftFromFilter(filter: HistoryFilter): FilterDraft {
  const number = (n: number | null) => (n === null ? '' : String(n));
  return {
    text: filter.text,
    models: list(filter.models),
    providers: list(filter.providers),
    statuses: filter.statuses,
    sources: filter.sources,
    tags: list(filter.tags),
    tagMode: filter.tagMode,
    metadata: filter.metadata.map(metadataDraft),
    startedAfter: filter.startedAfter ? localInputOf(filter.startedAfter) : '',
    startedBefore: filter.startedBefore ? localInputOf(filter.startedBefore) : '',
    minLatencyMs: number(filter.minLatencyMs),
    maxLatencyMs: number(filter.maxLatencyMs),
    minCost: number(filter.minCost),
    maxCost: number(filter.maxCost),
    batchId: filter.batchId,
    replayOf: filter.replayOf,
  };
}

export const EMPTY_DRAFT: FilterDraft = draftFromFilter(NO_FILTER);

const splitList = (text: string) => [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))];

/** The draft as a filter, or what is wrong with it, field by field. */
export function filterFromDraft(draft: FilterDraft): { filter: HistoryFilter; errors: null } | { filter: null; errors: DraftErrors } {
  const errors: DraftErrors = {};

  const amount = (field: keyof FilterDraft, text: string): number | null => {
    if (text.trim() === '') return null;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      errors[field] = 'Enter a number, 0 or more.';
      return null;
    }
    return n;
  };
  const minLatencyMs = amount('minLatencyMs', draft.minLatencyMs);
  const maxLatencyMs = amount('maxLatencyMs', draft.maxLatencyMs);
  const minCost = amount('minCost', draft.minCost);
  const maxCost = amount('maxCost', draft.maxCost);
  if (minLatencyMs !== null && maxLatencyMs !== null && maxLatencyMs < minLatencyMs) errors.maxLatencyMs = 'Must not be below the minimum.';
  if (minCost !== null && maxCost !== null && maxCost < minCost) errors.maxCost = 'Must not be below the minimum.';

  const instant = (field: 'startedAfter' | 'startedBefore'): string | null => {
    const value = draft[field].trim();
    if (!value) return null;
    const iso = isoOfLocalInput(value);
    if (!iso) errors[field] = 'Enter a date and time.';
    return iso;
  };
  const startedAfter = instant('startedAfter');
  const startedBefore = instant('startedBefore');
  if (startedAfter && startedBefore && startedBefore <= startedAfter) errors.startedBefore = 'Must be later than the start.';

  const text = draft.text.trim();
  if (text.length > 500) errors.text = 'At most 500 characters.';

  const metadata: MetadataCondition[] = [];
  draft.metadata.forEach((row, i) => {
    const key = row.key.trim();
    if (!key && !row.value.trim()) return;
    if (!key) {
      errors[`metadata.${i}.key`] = 'Enter a key.';
      return;
    }
    if (row.type === 'number') {
      const n = row.value.trim() === '' ? Number.NaN : Number(row.value);
      if (!Number.isFinite(n)) errors[`metadata.${i}.value`] = 'Enter a number.';
      else metadata.push({ key, value: n });
    } else if (row.type === 'boolean') {
      if (row.value !== 'true' && row.value !== 'false') errors[`metadata.${i}.value`] = 'Choose true or false.';
      else metadata.push({ key, value: row.value === 'true' });
    } else if (row.value === '') {
      errors[`metadata.${i}.value`] = 'Enter a value.';
    } else {
      metadata.push({ key, value: row.value });
    }
  });

  if (Object.keys(errors).length) return { filter: null, errors };
  return {
    errors: null,
    filter: {
      text,
      models: splitList(draft.models),
      providers: splitList(draft.providers),
      statuses: draft.statuses,
      sources: draft.sources,
      tags: splitList(draft.tags),
      tagMode: draft.tagMode,
      metadata,
      startedAfter,
      startedBefore,
      minLatencyMs,
      maxLatencyMs,
      minCost,
      maxCost,
      batchId: draft.batchId.trim(),
      replayOf: draft.replayOf.trim(),
    },
  };
}

/** Where a refused filter field's message goes: `filter.minCost` → `minCost`, `filter.metadata.0.value` → `metadata.0.value`. */
export function draftFieldOf(apiField: string): string | null {
  if (!apiField.startsWith('filter.')) return null;
  const field = apiField.slice('filter.'.length);
  // The API's list fields carry their index (model.0); the bar has one input for the list.
  const [head] = field.split('.');
  const listInputs: Record<string, string> = { model: 'models', provider: 'providers', tagsAny: 'tags', tagsAll: 'tags', status: 'statuses', source: 'sources' };
  return head && listInputs[head] ? listInputs[head] : field;
}
