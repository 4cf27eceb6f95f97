import type { FailStatus } from './options.js';

/** OpenAI's error body: the SDK builds its error classes and messages from it. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** An error answered with OpenAI's status and body; anything else thrown is a simulator bug. */
export class OpenAIHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
  }
}

export function invalidRequest(message: string, param: string | null = null): OpenAIHttpError {
  return new OpenAIHttpError(400, { error: { message, type: 'invalid_request_error', param, code: null } });
}

export function notFound(message: string): OpenAIHttpError {
  return new OpenAIHttpError(404, { error: { message, type: 'invalid_request_error', param: null, code: null } });
}

/** OpenAI shows the start and end of a rejected key, never all of it. */
function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
}

/** The error a `fail=` marker or `x-sim-fail` header asks for, shaped as OpenAI sends it. */
export function simulatedFailure(status: FailStatus, context: { apiKey: string; retryAfterSec: number }): OpenAIHttpError {
  switch (status) {
    case 400:
      return invalidRequest('This is a simulated invalid request (requested with fail=400).');
    case 401:
      return new OpenAIHttpError(401, {
        error: {
          message: `Incorrect API key provided: ${maskKey(context.apiKey)}. This is a simulated authentication failure (requested with fail=401).`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
    case 429:
      return new OpenAIHttpError(
        429,
        {
          error: {
            message: `Rate limit reached for simulated requests (requested with fail=429). Please try again in ${context.retryAfterSec}s.`,
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
        { 'retry-after': String(context.retryAfterSec), 'x-ratelimit-remaining-requests': '0' },
      );
    case 500:
      return new OpenAIHttpError(500, {
        error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null },
      });
    case 503:
      return new OpenAIHttpError(503, {
        error: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', param: null, code: null },
      });
    default: {
      const unreachable: never = status;
      throw new Error(`Unhandled simulated failure ${String(unreachable)}`);
    }
  }
}
