import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Provider credentials at rest: AES-256-GCM under one 32-byte key from env
 * (DESIGN.md, "Promises"). A sealed value reads `v1.<iv>.<tag>.<ciphertext>`
 * (base64url parts); the version names the scheme and key, so a later key
 * rotation can tell old values from new ones.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/**
 * Reads the key as 64 hex characters or as base64 (standard or URL-safe) of
 * 32 bytes; anything else is refused, so a typo cannot silently become a
 * different key.
 */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error(`must be ${KEY_BYTES} bytes, as 64 hex characters or base64 (e.g. \`openssl rand -base64 32\`)`);
}

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer | string) {
    this.key = typeof key === 'string' ? parseEncryptionKey(key) : key;
    if (this.key.length !== KEY_BYTES) throw new Error(`the encryption key must be ${KEY_BYTES} bytes`);
  }

  /**
   * Encrypts `plaintext` bound to `context` (authenticated, not stored): a
   * value copied into another document or field, whose context differs, no
   * longer opens.
   */
  seal(plaintext: string, context: string): string {
    // A fresh random IV per value: GCM's security rests on never reusing one under the same key.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Decrypts a sealed value; throws when it was altered, sealed under another key or for another context. */
  open(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error(`not a sealed value of version ${VERSION}`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
