import type { CombinedError } from '@urql/core';

/** `extensions.code` of the gateway's refusal of a missing, unknown or revoked API key. */
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

/** The graphql-ws close code the gateway refuses a connection's key with (its reason starts `UNAUTHENTICATED`). */
export const UNAUTHORIZED_CLOSE_CODE = 4401;

/** Whether the gateway refused the request's API key (HTTP 401 with an UNAUTHENTICATED error). */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  if (!error) return false;
  return error.graphQLErrors.some((e) => e.extensions?.code === UNAUTHENTICATED) || (error.response as Response | undefined)?.status === 401;
}

/** Whether a WebSocket close event is the gateway refusing the key sent in connection_init. */
export function isUnauthorizedClose(event: unknown): event is { code: number; reason: string } {
  return typeof event === 'object' && event !== null && (event as { code?: unknown }).code === UNAUTHORIZED_CLOSE_CODE;
}

/** `extensions.code` of a refusal of the caller's input; `extensions.field` names the first bad field. */
export const BAD_USER_INPUT = 'BAD_USER_INPUT';

/** One field the gateway refused, by its path in the operation's arguments (`filter.minCost`, `inputs.3.requestBody`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * Every field a BAD_USER_INPUT refusal names, each with its own message: the
 * gateway's `extensions.issues`, else the one `extensions.field` with the
 * error's message. Empty for any other error.
 */
export function fieldIssues(error: CombinedError | undefined): FieldIssue[] {
  if (!error) return [];
  return error.graphQLErrors.flatMap((e): FieldIssue[] => {
    if (e.extensions?.code !== BAD_USER_INPUT) return [];
    const issues = e.extensions.issues;
    if (Array.isArray(issues)) {
      return issues.flatMap((issue: unknown) => {
        const { field, message } = (issue ?? {}) as { field?: unknown; message?: unknown };
        return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
      });
    }
    return typeof e.extensions.field === 'string' ? [{ field: e.extensions.field, message: e.message }] : [];
  });
}

/** The words to show for a failed operation: the server's first message, else the network's. */
export function errorMessage(error: CombinedError): string {
  return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
}
