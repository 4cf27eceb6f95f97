import { formatDuration, formatScore, formatShare } from '../../../features/history/format';

describe('history figures', () => {
  it('write scores, durations and shares', () => {
    expect(formatScore(null)).toBe('—');
    expect(formatScore(0.75)).toBe('0.75');
    expect(formatScore(0.12345)).toBe('0.123');
    expect(formatScore(-2)).toBe('-2');
    expect(formatDuration(840)).toBe('840 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.093)).toBe('9%');
    expect(formatShare(0.004)).toBe('0.4%');
    expect(formatShare(1)).toBe('100%');
  });
});
