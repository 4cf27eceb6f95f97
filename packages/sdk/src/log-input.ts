// The shapes of the gateway's `logRequests` mutation (services/gateway/src/schema/request.graphql),
// spelled as GraphQL wants them: enum values in capitals.

export type RequestStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED';

export type RunErrorKind = 'RATE_LIMITED' | 'TIMEOUT' | 'AUTH' | 'INVALID_REQUEST' | 'PROVIDER_ERROR' | 'INTERNAL';

/** Flat: string, number and boolean values under any key. */
export type Metadata = Record<string, string | number | boolean>;

export interface LogErrorInput {
  kind?: RunErrorKind;
  message: string;
  /** The provider's HTTP status, when there was one. */
  status?: number;
}

export interface UsageInput {
  promptTokens: number;
  completionTokens: number;
  totalTokens?: number;
}

/** One request made elsewhere, as `logRequests(inputs: [LogRequestInput!]!)` takes it. */
export interface LogRequestInput {
  /** Where the call went: `openai`, `azure-openai`, or any name. */
  provider: string;
  /** Defaults to the request body's `model`. */
  model?: string;
  /** The chat completions request as sent, as JSON text. */
  requestBody: string;
  /** The chat completion as received, as JSON text. */
  responseBody?: string;
  /** Defaults to FAILED when an error is given, else COMPLETED. */
  status?: RequestStatus;
  error?: LogErrorInput;
  /** ISO 8601. */
  startedAt: string;
  endedAt?: string;
  latencyMs?: number;
  ttftMs?: number;
  /** Defaults to the response's usage. */
  usage?: UsageInput;
  /** USD; computed from the model's price when absent. */
  cost?: number;
  tags?: string[];
  metadata?: Metadata;
  score?: number;
  /** Logging the same externalId twice stores it once and returns the same id. */
  externalId?: string;
}

export const LOG_REQUESTS = /* GraphQL */ `
  mutation LogRequests($inputs: [LogRequestInput!]!) {
    logRequests(inputs: $inputs)
  }
`;
