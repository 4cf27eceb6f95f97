import { randomBytes } from 'node:crypto';
import { parseEncryptionKey, SecretBox } from '../../providers/secret-box.js';

const key = randomBytes(32);
const box = new SecretBox(key);

describe('SecretBox', () => {
  it('opens what it sealed, and seals the same text differently each time (random IV)', () => {
    const a = box.seal('sk-secret', 'ws/p/apiKey');
    const b = box.seal('sk-secret', 'ws/p/apiKey');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain('sk-secret');
    expect(box.open(a, 'ws/p/apiKey')).toBe('sk-secret');
  });

  it('refuses a value sealed for another context, under another key, or altered', () => {
    const sealed = box.seal('sk-secret', 'ws/p/apiKey');
    expect(() => box.open(sealed, 'ws/other/apiKey')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'ws/p/apiKey')).toThrow();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'ws/p/apiKey')).toThrow();
    expect(() => box.open('plaintext', 'ws/p/apiKey')).toThrow(/sealed value/);
  });
});

describe('parseEncryptionKey', () => {
  it('reads 32 bytes as hex, base64 or base64url', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['not base64 or hex', 'this is not a key at all, is it?'],
    ['empty', ''],
  ])('refuses a key that is %s', (_name, text) => {
    expect(() => parseEncryptionKey(text)).toThrow(/32 bytes/);
  });
});
