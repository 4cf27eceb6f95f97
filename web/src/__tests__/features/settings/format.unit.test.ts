import { formatWhen, isKeyOfSession } from '../../../features/settings/format';

const now = new Date('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('formatWhen', () => {
  it('says how long ago for the last day, the date after', () => {
    expect(formatWhen(ago(20_000), { now })).toBe('Just now');
    expect(formatWhen(ago(5 * 60_000), { now })).toBe('5 min ago');
    expect(formatWhen(ago(3 * 3_600_000), { now })).toBe('3 h ago');
    expect(formatWhen('2026-02-01T12:00:00Z', { now })).toBe('1 Feb');
    expect(formatWhen('2025-02-01T12:00:00Z', { now })).toBe('1 Feb 2025');
  });

  it('says never for no moment, in lower case inside a sentence', () => {
    expect(formatWhen(null, { now })).toBe('Never');
    expect(formatWhen(ago(1_000), { now, inSentence: true })).toBe('just now');
  });
});

describe('isKeyOfSession', () => {
  const key = { prefix: 'rp_Ab3dE9', revokedAt: null };
  it('is the listed key this page signed in with when the session key begins with its prefix', () => {
    expect(isKeyOfSession(key, 'rp_Ab3dE9xxxxxxxxxxxxxxxx')).toBe(true);
    expect(isKeyOfSession(key, 'rp_Zz3dE9xxxxxxxxxxxxxxxx')).toBe(false);
    expect(isKeyOfSession(key, null)).toBe(false);
  });

  it('is never a revoked key: the page could not be signed in with it', () => {
    expect(isKeyOfSession({ ...key, revokedAt: '2026-03-10T11:00:00Z' }, 'rp_Ab3dE9xxxxxxxxxxxxxxxx')).toBe(false);
  });
});
