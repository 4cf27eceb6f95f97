import type { RunError } from '@reprise/contracts';
import OpenAI from 'openai';

/**
 * Classifies what the SDK threw. The message is the provider's own text when
 * its error body had one, so the user sees what the provider said.
 */
export function toRunError(err: unknown): RunError {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', message: err.message };
  if (err instanceof OpenAI.APIConnectionError) return { kind: 'provider_error', message: err.message };
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const body = err.error as { message?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : err.message;
    const status = err.status;
    if (status === 429) return { kind: 'rate_limited', message, status };
    if (status === 401 || status === 403) return { kind: 'auth', message, status };
    if (status === 408) return { kind: 'timeout', message, status };
    if (status >= 500) return { kind: 'provider_error', message, status };
    return { kind: 'invalid_request', message, status };
  }
  // A stream cut mid-way surfaces as a plain Error from the body reader.
  if (err instanceof Error && /terminated|socket|ECONNRESET|aborted/i.test(err.message)) {
    return { kind: 'provider_error', message: `connection to the provider was lost: ${err.message}` };
  }
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
}
