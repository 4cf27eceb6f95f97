import type { VerifiedKey } from '@reprise/contracts';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { HistoryClient } from '../clients/history.client.js';
import { ErrorCode } from '../errors.js';

export interface AuthenticatorOptions {
  history: HistoryClient;
  /**
   * How long a verified key is trusted without asking history again. A key
   * revoked through another gateway is refused here after at most this long;
   * through this one, at once. @default 5000
   */
  cacheMs?: number;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } } });
}

/** The key in an `Authorization: Bearer <key>` value (HTTP header or connection_init payload). */
export function bearerKey(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Resolves API keys to workspaces, with a short cache: every request needs one. */
export class Authenticator {
  private readonly cache: LRUCache<string, VerifiedKey>;
  private readonly history: HistoryClient;

  constructor({ history, cacheMs = 5000 }: AuthenticatorOptions) {
    this.history = history;
    this.cache = new LRUCache({ max: 10_000, ttl: cacheMs });
  }

  /** The caller's key's workspace; UNAUTHENTICATED for a missing, unknown or revoked key. */
  async authenticate(authorization: unknown): Promise<VerifiedKey> {
    const key = bearerKey(authorization);
    if (!key) throw unauthenticated('An API key is required: send "Authorization: Bearer <key>"');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const verified = await this.history.verifyKey(key);
    if (!verified) throw unauthenticated('This API key is unknown or revoked');
    this.cache.set(key, verified);
    return verified;
  }

  /** Forgets a revoked key at once. */
  forget(keyId: string): void {
    for (const [key, verified] of this.cache.entries()) if (verified.keyId === keyId) this.cache.delete(key);
  }
}
