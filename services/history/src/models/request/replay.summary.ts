import type { BatchResultSummary, RunErrorKind } from '@reprise/contracts';
import { binValues } from './histogram.js';
import type { RequestDoc } from './request.schema.js';

/** The fields of a replay the summary reads (the projection of its one pass). */
export const SUMMARY_FIELDS = {
  _id: 0,
  status: 1,
  error: 1,
  outcome: 1,
  toolCallsChanged: 1,
  jsonOutput: 1,
  jsonInvalid: 1,
  latencyDeltaMs: 1,
  costDelta: 1,
  judge: 1,
} as const;
export type SummaryRow = Partial<Pick<RequestDoc, Exclude<keyof typeof SUMMARY_FIELDS, '_id'>>>;

/** The value at rank ⌈p·n⌉ of the sorted values (the same rank rule as the request stats), or null for none. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const mean = (values: number[]): number | null => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

/**
 * Adds up a batch's replays, one row at a time, in the process: FerretDB
 * 1.24 has no $avg and answers $sum of a field with 0, and a percentile
 * needs the values anyway. Memory: two numbers per replay, a few MB at the
 * largest batch (100,000).
 */
export class SummaryAccumulator {
  private count = 0;
  private unchanged = 0;
  private toolCallsChanged = 0;
  private jsonChecked = 0;
  private jsonInvalid = 0;
  private readonly failures = new Map<RunErrorKind, number>();
  private readonly latencyDeltas: number[] = [];
  private readonly costDeltas: number[] = [];
  private readonly scores: number[] = [];

  add(row: SummaryRow): void {
    this.count++;
    if (row.outcome === 'unchanged') this.unchanged++;
    if (row.toolCallsChanged) this.toolCallsChanged++;
    if (row.jsonOutput) this.jsonChecked++;
    if (row.jsonOutput && row.jsonInvalid) this.jsonInvalid++;
    // A cancelled replay is no failure of a kind: it is counted only as not unchanged.
    if (row.status === 'failed') {
      const kind = (row.error?.kind ?? 'internal') as RunErrorKind;
      this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
    }
    if (typeof row.latencyDeltaMs === 'number') this.latencyDeltas.push(row.latencyDeltaMs);
    if (typeof row.costDelta === 'number') this.costDeltas.push(row.costDelta);
    if (typeof row.judge?.score === 'number') this.scores.push(row.judge.score);
  }

  result(): BatchResultSummary {
    const share = (n: number, of: number) => (of ? n / of : 0);
    const buckets = Array.from({ length: 10 }, () => 0);
    // [0.9, 1] is one bucket: a perfect score is no eleventh.
    for (const s of this.scores) buckets[Math.min(9, Math.max(0, Math.floor(s * 10)))]!++;
    return {
      count: this.count,
      identicalShare: share(this.unchanged, this.count),
      changedToolCallsShare: share(this.toolCallsChanged, this.count),
      invalidJsonShare: share(this.jsonInvalid, this.jsonChecked),
      failuresByKind: [...this.failures].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
      latencyDeltaMs: { mean: mean(this.latencyDeltas), p95: percentile(this.latencyDeltas, 0.95), bins: binValues(this.latencyDeltas, 10, 1) },
      costDelta: { mean: mean(this.costDeltas), p95: percentile(this.costDeltas, 0.95), bins: binValues(this.costDeltas) },
      judgeScores: { count: this.scores.length, mean: mean(this.scores), buckets },
    };
  }
}
