import { bandOf, bandsOf, bandsWithin, COST_BANDS, LATENCY_BANDS } from '../../../models/request/request.bands.js';

describe('latency and cost bands', () => {
  it.each([
    [0, '0'],
    [-3, '0'],
    [249.9, '0'],
    [250, '250'],
    [4999, '2000'],
    [5000, '5000'],
    [59_999, '30000'],
    [60_000, '60000'],
    [10_000_000, '60000'],
  ])('latency %d ms is in band %s', (ms, band) => {
    expect(bandOf(LATENCY_BANDS, ms)).toBe(band);
  });

  it('gives no band to a missing value', () => {
    expect(bandsOf({ latencyMs: null, cost: undefined })).toEqual({ latencyBand: null, costBand: null });
    expect(bandsOf({ latencyMs: 300, cost: 0.001 })).toEqual({ latencyBand: '250', costBand: '0.001' });
  });

  it('names every band a range touches, and only those', () => {
    expect(bandsWithin(LATENCY_BANDS, 5000, undefined)).toEqual(['5000', '10000', '30000', '60000']);
    expect(bandsWithin(LATENCY_BANDS, undefined, 4999)).toEqual(['0', '250', '500', '1000', '2000']);
    expect(bandsWithin(LATENCY_BANDS, 250, 250)).toEqual(['250']);
    // A range that starts below every band still reaches the first, which holds what lies below it.
    expect(bandsWithin(LATENCY_BANDS, -10, -5)).toEqual(['0']);
    expect(bandsWithin(LATENCY_BANDS, 10, 5)).toEqual([]);
    expect(bandsWithin(COST_BANDS, 0.001, 0.001)).toEqual(['0.001']);
    expect(bandsWithin(COST_BANDS, undefined, undefined)).toEqual(COST_BANDS.lower.map(String));
  });
});
