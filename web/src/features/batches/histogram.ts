/** One bar of a histogram: values from `from` (inclusive) to `to` (exclusive, but for the last bar). */
export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** The judge's ten buckets of width 0.1, as `summary.judgeScores.buckets` gives them. */
export function judgeBins(buckets: readonly number[]): Bin[] {
  return buckets.map((count, i) => ({ from: i / 10, to: (i + 1) / 10, count }));
}

/** The nearest step of the 1, 2, 5 × 10ⁿ series at or above `raw`, so axis labels read as round numbers. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** A bin's range in words, for the text alternative and the bars' titles. */
export function binLabel(bin: Bin, format: (n: number) => string = String): string {
  return `${format(bin.from)} to ${format(bin.to)}`;
}

/** The chart in one sentence for a screen reader: each bar's range and count. */
export function describeBins(bins: readonly Bin[], format: (n: number) => string = String, unit = 'replays'): string {
  if (bins.length === 0) return `No ${unit} yet.`;
  return bins.map((bin) => `${binLabel(bin, format)}: ${bin.count}`).join('; ') + '.';
}
