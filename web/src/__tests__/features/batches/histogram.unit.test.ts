import { describeBins, judgeBins, niceStep } from '../../../features/batches/histogram';

describe('niceStep', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.03, 0.1, 1.5, 3, 7, 15, 120, 450].map(niceStep)).toEqual([0.05, 0.1, 2, 5, 10, 20, 200, 500]);
    expect(niceStep(0)).toBe(1);
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
