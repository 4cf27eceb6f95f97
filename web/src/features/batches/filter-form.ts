import type { RequestFilter, RequestSource } from '../../gql/graphql';

/** The filter form's fields as typed; lists are comma-separated, times are the browser's local time. */
export interface FilterFormFields {
  model: string;
  tags: string;
  source: RequestSource | '';
  from: string;
  to: string;
  text: string;
}

const list = (text: string) => [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];

/** An instant as a datetime-local input shows it: local time, to the minute. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (local time) as the ISO instant the API takes; null when empty or not a time. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function formFieldsOf(filter: RequestFilter): FilterFormFields {
  return {
    model: (filter.model ?? []).join(', '),
    tags: (filter.tagsAny ?? []).join(', '),
    // The form offers one source; a filter from History with several keeps them until this field is edited.
    source: filter.source?.length === 1 ? filter.source[0]! : '',
    from: toLocalInput(filter.startedAfter),
    to: toLocalInput(filter.startedBefore),
    text: filter.text ?? '',
  };
}

/**
 * The filter with the form's fields applied. Conditions the form has no
 * field for (status, metadata, costs... as History may link with) are kept.
 */
export function applyFormFields(base: RequestFilter, fields: FilterFormFields): RequestFilter {
  const { model: _m, tagsAny: _t, startedAfter: _a, startedBefore: _b, text: _x, source, ...kept } = base;
  const filter: RequestFilter = { ...kept };
  // Several sources (the form shows none of them) stay until one is picked.
  if (!fields.source && source && source.length > 1) filter.source = source;
  const models = list(fields.model);
  if (models.length) filter.model = models;
  const tags = list(fields.tags);
  if (tags.length) filter.tagsAny = tags;
  if (fields.source) filter.source = [fields.source];
  const from = fromLocalInput(fields.from);
  if (from) filter.startedAfter = from;
  const to = fromLocalInput(fields.to);
  if (to) filter.startedBefore = to;
  if (fields.text.trim()) filter.text = fields.text.trim();
  return filter;
}
