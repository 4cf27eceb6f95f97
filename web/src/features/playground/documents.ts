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

/** A function call the model made; `arguments` is JSON text (as the model wrote it). */
export interface ToolCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

/** For JSON output: whether the answer parses (and matches the schema, when one was given). */
export interface StructuredOutputCheck {
  valid: boolean;
  error: string | null;
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
        __typename: 'RunToolCallDelta';
        /** Which call the piece belongs to. */
        index: number;
        /** The call's id and name come with its first piece; later pieces carry `arguments` fragments. */
        callId: string | null;
        name: string | null;
        arguments: string | null;
      }
    | {
        __typename: 'RunCompleted';
        message: { content: string | null; toolCalls: ToolCall[] | null };
        finishReason: string | null;
        usage: Usage | null;
        /** USD; null when the model's price is unknown. */
        cost: number | null;
        structuredOutput: StructuredOutputCheck | null;
        latencyMs: number;
        ttftMs: number | null;
      }
    | { __typename: 'RunFailed'; error: RunError; latencyMs: number }
    | { __typename: 'RunCancelled'; partial: { content: string; toolCalls: ToolCall[] }; latencyMs: number }
    | {
        __typename: 'RunRetrying';
        /** The attempt about to start (2 for the first retry). */
        attempt: number;
        delayMs: number;
        error: RunError;
        /** Drop the text and tool calls streamed so far: the next attempt streams its own. */
        discardOutput: boolean;
      }
  );

export const RunEventsSubscription = gql<{ runEvents: RunEvent }, { runId: string; after?: string }>`
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      id
      runId
      ... on RunStarted { provider model }
      ... on RunDelta { text }
      ... on RunToolCallDelta { index callId name arguments }
      ... on RunCompleted {
        message {
          content
          toolCalls { id type function { name arguments } }
        }
        finishReason
        usage { promptTokens completionTokens totalTokens }
        cost
        structuredOutput { valid error }
        latencyMs
        ttftMs
      }
      ... on RunFailed { error { kind message status } latencyMs }
      ... on RunCancelled {
        partial {
          content
          toolCalls { id type function { name arguments } }
        }
        latencyMs
      }
      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }
    }
  }
`;

export const CancelRunMutation = gql<{ cancelRun: { id: string } }, { id: string }>`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) { id }
  }
`;
