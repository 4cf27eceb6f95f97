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

/**
 * Values (e.g. latency changes in ms, negative when the replay was faster)
 * in at most about `target` bins of a round width, their edges on multiples
 * of that width: zero is always an edge, so faster and slower never share a
 * bar. Empty for no values.
 */
export function binValues(values: readonly number[], target = 10): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  // All alike: one bar a step wide, starting at the value's step.
  const step = niceStep(max > min ? (max - min) / Math.max(1, target) : Math.abs(min) / 10 || 1);
  const start = Math.floor(min / step) * step;
  // The last edge above the largest value, so that it falls inside a bar.
  const count = Math.max(1, slot(max - start, step) + 1);
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({ from: round(start + i * step), to: round(start + (i + 1) * step), count: 0 }));
  for (const v of finite) {
    const i = Math.min(count - 1, slot(v - start, step));
    bins[i]!.count += 1;
  }
  return bins;
}

/** Which step-wide slot an offset falls in; a hair of slack, so 0.7 − 0.1 over 0.1 is 6 and not 5.999…. */
const slot = (offset: number, step: number) => Math.floor(offset / step + 1e-9);

/** Away with binary fractions' dust (0.30000000000000004) on the edges. */
const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** A bin's range in words, for the text alternative and the bars' titles. */
export function binLabel(bin: Bin, format: (n: number) => string = String): string {
  return `${format(bin.from)} to ${format(bin.to)}`;
}

/** The chart in one sentence for a screen reader: each bar's range and count. */
export function describeBins(bins: readonly Bin[], format: (n: number) => string = String, unit = 'replays'): string {
  if (bins.length === 0) return `No ${unit} yet.`;
  return bins.map((bin) => `${binLabel(bin, format)}: ${bin.count}`).join('; ') + '.';
}
