/**
 * Latency and cost bands: each request's latency and cost reduced to the
 * band it falls in, stored beside the exact value, so a range filter can be
 * served by equalities. On FerretDB 1.x, which pushes only equalities down
 * to PostgreSQL, a range read every document of the workspace (`latency ≥
 * 5 s` over 10,000 requests: 1.3 s a page); one equality per band the range
 * touches reads only those bands' documents. On MongoDB the bands are `$in`
 * points on an index ending in the list order (request.schema.ts), merged in
 * order, so a rare range reads about a page of keys instead of walking the
 * list until the page is full. The exact range is still checked on each
 * document: a band only narrows.
 *
 * A band is named by its lower bound (as text: FerretDB pushes string
 * equalities down), and the first band also holds what lies below it. The
 * bounds are part of the stored data: changing them needs the migration to
 * run again (request.migrate.ts).
 */

export interface Bands {
  /** The field a band is stored in. */
  field: 'latencyBand' | 'costBand';
  /** Lower bounds, ascending. */
  lower: readonly number[];
}

/** Milliseconds, doubling to 2 s, then by the steps people filter on. */
export const LATENCY_BANDS: Bands = { field: 'latencyBand', lower: [0, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000] };
/** US dollars, by decades. */
export const COST_BANDS: Bands = { field: 'costBand', lower: [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10] };

/** The band `value` falls in, or null when there is no value (a range never matches it). */
export function bandOf(bands: Bands, value: number | null | undefined): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  let i = 0;
  while (i + 1 < bands.lower.length && value >= bands.lower[i + 1]!) i++;
  return String(bands.lower[i]);
}

/** The bands a range `[min, max]` (either end open) touches, lowest first. */
export function bandsWithin(bands: Bands, min: number | undefined, max: number | undefined): string[] {
  const { lower } = bands;
  if (min !== undefined && max !== undefined && min > max) return [];
  return lower.filter((lo, i) => {
    const hi = lower[i + 1] ?? Infinity;
    const from = i === 0 ? -Infinity : lo;
    return (min === undefined || hi > min) && (max === undefined || from <= max);
  }).map(String);
}

/** A request's two bands, for its list document. */
export function bandsOf(request: { latencyMs?: number | null; cost?: number | null }): { latencyBand: string | null; costBand: string | null } {
  return { latencyBand: bandOf(LATENCY_BANDS, request.latencyMs), costBand: bandOf(COST_BANDS, request.cost) };
}
