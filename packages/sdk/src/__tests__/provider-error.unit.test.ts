import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { errorKindOf, isAbort, toLogError } from '../provider-error.js';

describe('provider errors', () => {
  it.each([
    [429, 'RATE_LIMITED'],
    [401, 'AUTH'],
    [403, 'AUTH'],
    [400, 'INVALID_REQUEST'],
    [404, 'INVALID_REQUEST'],
    [422, 'INVALID_REQUEST'],
    [500, 'PROVIDER_ERROR'],
    [503, 'PROVIDER_ERROR'],
    [409, 'PROVIDER_ERROR'],
    [undefined, 'PROVIDER_ERROR'],
  ])('status %s is %s', (status, kind) => {
    expect(errorKindOf(status)).toBe(kind);
  });

  it('takes the message from the error body and keeps the status', () => {
    const err = APIError.generate(429, { error: { message: 'Rate limit reached', type: 'requests' } }, undefined, new Headers());
    expect(toLogError(err)).toEqual({ kind: 'RATE_LIMITED', message: 'Rate limit reached', status: 429 });
  });

  it('falls back to the SDK message when the body is not JSON', () => {
    const err = APIError.generate(502, undefined, 'Bad gateway', new Headers());
    expect(toLogError(err)).toEqual({ kind: 'PROVIDER_ERROR', message: '502 Bad gateway', status: 502 });
  });

  it('maps a connection timeout to TIMEOUT and other connection errors to PROVIDER_ERROR', () => {
    expect(toLogError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'TIMEOUT' });
    expect(toLogError(new APIConnectionError({ message: 'socket hang up' }))).toEqual({ kind: 'PROVIDER_ERROR', message: 'socket hang up' });
    expect(toLogError(new Error('boom'))).toEqual({ kind: 'PROVIDER_ERROR', message: 'boom' });
  });

  it('treats an abort as a cancel', () => {
    expect(isAbort(new APIUserAbortError())).toBe(true);
    expect(isAbort(new APIConnectionTimeoutError())).toBe(false);
  });

  it('recognizes the errors of another copy of the openai package (its CommonJS build beside the ESM one)', () => {
    const other = (() => {
      class APIError extends Error {
        constructor(
          readonly status: number | undefined,
          readonly error: unknown,
          message: string,
        ) {
          super(message);
        }
      }
      class RateLimitError extends APIError {}
      class APIConnectionError extends APIError {}
      class APIConnectionTimeoutError extends APIConnectionError {}
      return { RateLimitError, APIConnectionTimeoutError };
    })();
    expect(toLogError(new other.RateLimitError(429, { message: 'slow down' }, '429 slow down'))).toEqual({ kind: 'RATE_LIMITED', message: 'slow down', status: 429 });
    expect(toLogError(new other.APIConnectionTimeoutError(undefined, undefined, 'Request timed out.'))).toEqual({ kind: 'TIMEOUT', message: 'Request timed out.' });
  });
});
