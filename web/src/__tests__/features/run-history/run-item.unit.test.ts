import { firstWords, formatAge, originOf, shortId } from '../../../features/run-history/run-item';

describe('firstWords', () => {
  it('cuts what a run asked to its first words', () => {
    const prompt = 'Tell me about the tides of the North Sea and why they are so strong today';
    expect(firstWords(prompt)).toBe('Tell me about the tides of the North Sea and…');
    expect(firstWords(prompt, 3)).toBe('Tell me about…');
    expect(firstWords('  What is   in this picture? ')).toBe('What is in this picture?');
  });

  it('is null with nothing asked', () => {
    expect(firstWords(null)).toBeNull();
    expect(firstWords('   ')).toBeNull();
  });
});

describe('formatAge', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it('says how long ago in words', () => {
    expect(formatAge(ago(5_000), now)).toBe('just now');
    expect(formatAge(ago(50_000), now)).toBe('1 min ago');
    expect(formatAge(ago(3 * 60_000), now)).toBe('3 min ago');
    expect(formatAge(ago(59 * 60_000), now)).toBe('59 min ago');
    expect(formatAge(ago(2 * 3_600_000 + 5), now)).toBe('2 h ago');
    expect(formatAge(ago(30 * 3_600_000), now)).toBe('yesterday');
    expect(formatAge(ago(4 * 86_400_000), now)).toBe('4 days ago');
    expect(formatAge('2026-11-02T12:00:00Z', now)).toBe('2 Nov');
    expect(formatAge('2025-11-02T12:00:00Z', now)).toBe('2 Nov 2025');
  });

  it('treats a clock slightly ahead as now, and nonsense as nothing', () => {
    expect(formatAge(new Date(now + 3_000).toISOString(), now)).toBe('just now');
    expect(formatAge('not a date', now)).toBe('');
  });
});

describe('originOf', () => {
  it('names a replay before a fork', () => {
    expect(originOf({ replayOf: 'a', forkedFrom: 'b' })).toEqual({ kind: 'replay', id: 'a' });
    expect(originOf({ replayOf: null, forkedFrom: 'b' })).toEqual({ kind: 'fork', id: 'b' });
    expect(originOf({})).toBeNull();
  });

  it('shortens long ids', () => {
    expect(shortId('feae0257-6d9d-4e2c-9f9f-9108b5e396e1')).toBe('feae0257…');
    expect(shortId('abc')).toBe('abc');
  });
});
