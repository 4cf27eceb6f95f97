import type { RequestFilter } from '../../gql/graphql';

/** The rows ticked in the table: some ids, or every request matching the filter (loaded or not). */
export interface Selection {
  all: boolean;
  ids: ReadonlySet<string>;
}

export const NOTHING_SELECTED: Selection = { all: false, ids: new Set() };

export const isEmptySelection = (selection: Selection) => !selection.all && selection.ids.size === 0;

/**
 * The bulk replay form for the selection. The form reads exactly these two
 * parameters: `ids`, comma-separated, or `filter`, the RequestFilter as
 * JSON (the filter, not the ids, when every match is selected: the batch
 * then takes what matches when it starts, however many there are).
 */
export function bulkReplayHref(selection: Selection, filter: RequestFilter): string {
  if (selection.all) return `/batches/new?filter=${encodeURIComponent(JSON.stringify(filter))}`;
  return `/batches/new?ids=${[...selection.ids].map(encodeURIComponent).join(',')}`;
}

/** How many requests the selection holds; for "all matching", the count when it is known. */
export function selectedCount(selection: Selection, matching: number | null): number | null {
  return selection.all ? matching : selection.ids.size;
}
