/** One bar of a distribution: values from `from` (inclusive) to `to` (exclusive, but for the last bar). */
export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** The nearest step of the 1, 2, 5 × 10ⁿ series at or above `raw`, so the bars' edges read as round numbers. */
function roundStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Which step-wide slot an offset falls in; a hair of slack, so 0.7 − 0.1 over 0.1 is 6 and not 5.999…. */
const slot = (offset: number, step: number) => Math.floor(offset / step + 1e-9);

/** Away with binary fractions' dust (0.30000000000000004) on the edges. */
const round = (n: number) => Math.round(n * 1e9) / 1e9;

/**
 * Values (latency changes in ms, cost changes in USD: negative when the
 * replay did better) in at most about `target` bars of a round width, their
 * edges on multiples of that width: zero is always an edge, so better and
 * worse never share a bar. Bars are at least `minWidth` wide (1 for
 * milliseconds: no bars of 0.1 ms). Empty for no values.
 */
export function binValues(values: readonly number[], target = 10, minWidth = 0): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let min = finite[0]!;
  let max = finite[0]!;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // All alike: one bar a step wide, starting at the value's step.
  const step = Math.max(minWidth, roundStep(max > min ? (max - min) / Math.max(1, target) : Math.abs(min) / 10 || 1));
  const start = Math.floor(min / step) * step;
  // The last edge above the largest value, so that it falls inside a bar.
  const count = Math.max(1, slot(max - start, step) + 1);
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({ from: round(start + i * step), to: round(start + (i + 1) * step), count: 0 }));
  for (const v of finite) bins[Math.min(count - 1, slot(v - start, step))]!.count += 1;
  return bins;
}
