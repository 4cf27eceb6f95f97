import type { FieldIssue } from '@reprise/contracts';
import { GraphQLError } from 'graphql';

/** Every code the public API puts in `extensions.code`. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  NotFound: 'NOT_FOUND',
  /** The thing exists but its state does not allow this now (resume a completed batch); the message says why. */
  Conflict: 'CONFLICT',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  /** A model provider refused or failed a call made on the caller's behalf; the message is the provider's own. */
  ProviderError: 'PROVIDER_ERROR',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Refused input: the message and `extensions.field` name the first bad field; `issues` lists them all. */
export function badUserInput(issues: FieldIssue[]): GraphQLError {
  const first = issues[0] ?? { field: 'input', message: 'invalid input' };
  return new GraphQLError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), {
    extensions: { code: ErrorCode.BadUserInput, field: first.field, issues },
  });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: ErrorCode.NotFound } });
}

/** What a provider answered, passed on: its own message, and its HTTP status when it sent one. */
export function providerError(error: { kind: string; message: string; status?: number | undefined }): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: ErrorCode.ProviderError, kind: error.kind, ...(error.status === undefined ? {} : { status: error.status }) },
  });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Conflict } });
}

export function serviceUnavailable(service: string): GraphQLError {
  return new GraphQLError(`the ${service} service is unavailable, try again shortly`, {
    extensions: { code: ErrorCode.ServiceUnavailable },
  });
}

export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`unreachable case: ${JSON.stringify(value)}`);
  }
}
