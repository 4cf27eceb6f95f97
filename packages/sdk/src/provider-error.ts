import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { LogErrorInput, RunErrorKind } from './log-input.js';
import { isA } from './same-class.js';

/** The caller gave up (its signal aborted): the request is cancelled rather than failed. */
export function isAbort(err: unknown): boolean {
  return isA(err, APIUserAbortError) || (err instanceof Error && err.name === 'AbortError');
}

/** How Reprise classifies a provider's HTTP status. */
export function errorKindOf(status: number | undefined): RunErrorKind {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 401 || status === 403) return 'AUTH';
  if (status === 400 || status === 404 || status === 422) return 'INVALID_REQUEST';
  return 'PROVIDER_ERROR';
}

/** What the openai SDK threw, as Reprise records it: the message from the provider's error body when it sent one. */
export function toLogError(err: unknown): LogErrorInput {
  // Checked before APIError: the SDK's connection errors are APIErrors without a status.
  if (isA(err, APIConnectionTimeoutError)) return { kind: 'TIMEOUT', message: err.message };
  if (isA(err, APIError)) {
    const { status, message } = err;
    const body: unknown = err.error;
    const bodyMessage = body !== null && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : undefined;
    return {
      kind: errorKindOf(status),
      message: bodyMessage || message,
      ...(typeof status === 'number' ? { status } : {}),
    };
  }
  return { kind: 'PROVIDER_ERROR', message: err instanceof Error ? err.message : String(err) };
}
