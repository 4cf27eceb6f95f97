import { gql } from '@urql/core';

// Hand-typed documents until the codegen client preset lands (STYLE.md §10);
// the shapes mirror services/gateway/src/schema/run.graphql.

export interface Model {
  provider: string;
  providerLabel: string;
  name: string;
  isDefault: boolean;
}

export const ModelsQuery = gql<{ models: Model[] }>`
  query Models {
    models { provider providerLabel name isDefault }
  }
`;

export interface MessageInput {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface StartRunInput {
  provider: string;
  model: string;
  messages: MessageInput[];
}

export const StartRunMutation = gql<{ startRun: { id: string; provider: string; model: string } }, { input: StartRunInput }>`
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) { id provider model }
  }
`;

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type RunErrorKind = 'RATE_LIMITED' | 'TIMEOUT' | 'AUTH' | 'INVALID_REQUEST' | 'PROVIDER_ERROR' | 'INTERNAL';

export interface RunError {
  kind: RunErrorKind;
  message: string;
  status: number | null;
}

interface RunEventBase {
  /** A Redis Stream id (`ms-seq`), increasing within a run. */
  id: string;
  runId: string;
}

export type RunEvent = RunEventBase &
  (
    | { __typename: 'RunStarted'; provider: string; model: string }
    | { __typename: 'RunDelta'; text: string }
    | {
        __typename: 'RunCompleted';
        message: { content: string | null };
        finishReason: string | null;
        usage: Usage | null;
        latencyMs: number;
        ttftMs: number | null;
      }
    | { __typename: 'RunFailed'; error: RunError; latencyMs: number }
  );

export const RunEventsSubscription = gql<{ runEvents: RunEvent }, { runId: string; after?: string }>`
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      id
      runId
      ... on RunStarted { provider model }
      ... on RunDelta { text }
      ... on RunCompleted {
        message { content }
        finishReason
        usage { promptTokens completionTokens totalTokens }
        latencyMs
        ttftMs
      }
      ... on RunFailed { error { kind message status } latencyMs }
    }
  }
`;
