import type { RequestFilter, RequestStatus } from '../../gql/graphql';

/** The filter bar's fields, as they stand in the URL's query string (so a filtered table has a URL). */
export interface FilterFields {
  text: string;
  model: string;
  status: RequestStatus | '';
  tag: string;
}

export const STATUSES: RequestStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

const isStatus = (value: string): value is RequestStatus => (STATUSES as string[]).includes(value);

export function fieldsFromSearch(params: URLSearchParams): FilterFields {
  const status = params.get('status') ?? '';
  return {
    text: params.get('text') ?? '',
    model: params.get('model') ?? '',
    status: isStatus(status) ? status : '',
    tag: params.get('tag') ?? '',
  };
}

/** Only the fields filled in, so that an empty bar and a bare /history share one URL. */
export function searchFromFields(fields: FilterFields): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value.trim()) params.set(name, value.trim());
  return params;
}

/** What `requests(filter:)` receives; an empty field is no condition. */
export function requestFilter(fields: FilterFields): RequestFilter {
  const filter: RequestFilter = {};
  if (fields.text.trim()) filter.text = fields.text.trim();
  if (fields.model.trim()) filter.model = [fields.model.trim()];
  if (fields.status) filter.status = [fields.status];
  if (fields.tag.trim()) filter.tagsAny = [fields.tag.trim()];
  return filter;
}
