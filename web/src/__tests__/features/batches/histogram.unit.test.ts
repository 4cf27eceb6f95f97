import { binValues, describeBins, judgeBins, niceStep } from '../../../features/batches/histogram';

describe('niceStep', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.03, 0.1, 1.5, 3, 7, 15, 120, 450].map(niceStep)).toEqual([0.05, 0.1, 2, 5, 10, 20, 200, 500]);
    expect(niceStep(0)).toBe(1);
  });
});

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
});

describe('judgeBins', () => {
  it('spans the ten buckets of width 0.1', () => {
    const bins = judgeBins([0, 0, 0, 0, 0, 0, 0, 4, 1, 2]);
    expect(bins).toHaveLength(10);
    expect(bins[7]).toEqual({ from: 0.7, to: 0.8, count: 4 });
    expect(bins[9]).toEqual({ from: 0.9, to: 1, count: 2 });
  });
});

describe('describeBins', () => {
  it('names every bar and its count', () => {
    expect(describeBins([{ from: 0, to: 0.5, count: 2 }, { from: 0.5, to: 1, count: 3 }], (n) => n.toFixed(1))).toBe('0.0 to 0.5: 2; 0.5 to 1.0: 3.');
    expect(describeBins([])).toBe('No replays yet.');
  });
});
