import type { RunError } from '@reprise/contracts';
import OpenAI from 'openai';

export interface ProviderFailure {
  error: RunError;
  /** What the provider asked us to wait (Retry-After / retry-after-ms), if it said. */
  retryAfterMs: number | null;
  /** The caller stopped the request (a cancel), not the provider. */
  aborted: boolean;
}

function retryAfter(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get('retry-after-ms')) return ms;
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * Classifies what the SDK threw. The message is the provider's own text when
 * its error body had one, so the user sees what the provider said.
 */
export function classifyFailure(err: unknown): ProviderFailure {
  const plain = (error: RunError, retryAfterMs: number | null = null): ProviderFailure => ({ error, retryAfterMs, aborted: false });
  if (err instanceof OpenAI.APIUserAbortError) return { error: { kind: 'internal', message: 'cancelled' }, retryAfterMs: null, aborted: true };
  if (err instanceof OpenAI.APIConnectionTimeoutError) return plain({ kind: 'timeout', message: err.message });
  if (err instanceof OpenAI.APIConnectionError) return plain({ kind: 'provider_error', message: err.message });
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const body = err.error as { message?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : err.message;
    const status = err.status;
    const wait = retryAfter(err.headers as Headers | undefined);
    if (status === 429) return plain({ kind: 'rate_limited', message, status }, wait);
    if (status === 401 || status === 403) return plain({ kind: 'auth', message, status });
    if (status === 408) return plain({ kind: 'timeout', message, status }, wait);
    if (status >= 500) return plain({ kind: 'provider_error', message, status }, wait);
    return plain({ kind: 'invalid_request', message, status });
  }
  // Errors from Node's own fetch are checked by shape, not instanceof: they
  // may come from another realm than ours (a VM context, a worker).
  const { name, message } = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(err);
  if (name === 'AbortError') return { error: { kind: 'internal', message: 'cancelled' }, retryAfterMs: null, aborted: true };
  // A stream cut mid-way surfaces as a plain error from the body reader.
  if (/terminated|socket|ECONNRESET|aborted|other side closed/i.test(text)) {
    return plain({ kind: 'provider_error', message: `connection to the provider was lost: ${text}` });
  }
  return plain({ kind: 'internal', message: text });
}

/** Backoff settings for provider retries. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 4 */
  maxAttempts: number;
  /** @default 500 */
  baseDelayMs: number;
  /** @default 30_000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Whether a failed attempt is worth another, and after how long: 429, 5xx,
 * timeouts and lost connections are; 400, 401, 403, 404 never are. The wait
 * is exponential with full jitter, but never shorter than the provider's own
 * Retry-After.
 */
export function nextRetry(failure: ProviderFailure, attempt: number, policy: RetryPolicy): number | null {
  if (failure.aborted || attempt >= policy.maxAttempts) return null;
  const { kind } = failure.error;
  if (kind !== 'rate_limited' && kind !== 'provider_error' && kind !== 'timeout') return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  return Math.min(policy.maxDelayMs * 4, Math.max(jittered, failure.retryAfterMs ?? 0));
}
