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
