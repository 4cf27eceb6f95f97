import { binValues } from '../../../models/request/histogram.js';

/** A batch summary's distributions (latency and cost changes) as bars of a round width. */
describe('binValues', () => {
  it('bins latency changes on round edges, zero among them', () => {
    const bins = binValues([-100, -35, -20, 0, 10, 50], 10);
    // A range of 150 in about 10 bins: a width of 20, from −100.
    expect(bins.map((b) => [b.from, b.to])).toEqual([
      [-100, -80],
      [-80, -60],
      [-60, -40],
      [-40, -20],
      [-20, 0],
      [0, 20],
      [20, 40],
      [40, 60],
    ]);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 1, 1, 2, 0, 1]);
  });

  it('counts every value once, the largest in the last bar', () => {
    const values = Array.from({ length: 57 }, (_, i) => i * 3.7 - 40);
    const bins = binValues(values);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(57);
    expect(bins.at(-1)!.to).toBeGreaterThan(Math.max(...values));
    expect(bins[0]!.from).toBeLessThanOrEqual(Math.min(...values));
  });

  it('makes one bar of values all alike, and none of none', () => {
    expect(binValues([120, 120, 120])).toEqual([{ from: 120, to: 140, count: 3 }]);
    expect(binValues([0, 0])).toEqual([{ from: 0, to: 1, count: 2 }]);
    expect(binValues([])).toEqual([]);
    expect(binValues([Number.NaN])).toEqual([]);
  });

  it('keeps binary fractions off the edges', () => {
    const bins = binValues([0.1, 0.2, 0.3, 0.7], 10);
    // A width of 0.1 (0.6 over 10 bars, rounded up): the edges exact, 0.7 in a bar of its own.
    expect(bins.map((b) => [b.from, b.to])).toEqual([
      [0.1, 0.2],
      [0.2, 0.3],
      [0.3, 0.4],
      [0.4, 0.5],
      [0.5, 0.6],
      [0.6, 0.7],
      [0.7, 0.8],
    ]);
    expect(bins.map((b) => b.count)).toEqual([1, 1, 1, 0, 0, 0, 1]);
  });

  it('keeps bars at least as wide as asked, so changes within a millisecond make one 1 ms bar', () => {
    expect(binValues([-334, -333.6, -333.1], 10, 1)).toEqual([{ from: -334, to: -333, count: 3 }]);
  });
});
