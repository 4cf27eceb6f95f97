/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query VerifyApiKey {\n    apiKeys { id }\n  }\n": typeof types.VerifyApiKeyDocument,
    "\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.HistoryRequestsDocument,
    "\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n": typeof types.ReplayRequestDocument,
    "\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n": typeof types.RequestDetailDocument,
    "\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n": typeof types.SetRequestTagsDocument,
    "\n  query ReplayBanner($id: ID!) {\n    request(id: $id) {\n      id\n      model\n      replayNotes { kind field message }\n    }\n  }\n": typeof types.ReplayBannerDocument,
    "\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n": typeof types.ModelsDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n": typeof types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n": typeof types.CancelRunDocument,
    "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n": typeof types.RunEventsDocument,
};
const documents: Documents = {
    "\n  query VerifyApiKey {\n    apiKeys { id }\n  }\n": types.VerifyApiKeyDocument,
    "\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.HistoryRequestsDocument,
    "\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n": types.ReplayRequestDocument,
    "\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n": types.RequestDetailDocument,
    "\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n": types.SetRequestTagsDocument,
    "\n  query ReplayBanner($id: ID!) {\n    request(id: $id) {\n      id\n      model\n      replayNotes { kind field message }\n    }\n  }\n": types.ReplayBannerDocument,
    "\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n": types.ModelsDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n": types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n": types.CancelRunDocument,
    "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n": types.RunEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyApiKey {\n    apiKeys { id }\n  }\n"): (typeof documents)["\n  query VerifyApiKey {\n    apiKeys { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n"): (typeof documents)["\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n"): (typeof documents)["\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n"): (typeof documents)["\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplayBanner($id: ID!) {\n    request(id: $id) {\n      id\n      model\n      replayNotes { kind field message }\n    }\n  }\n"): (typeof documents)["\n  query ReplayBanner($id: ID!) {\n    request(id: $id) {\n      id\n      model\n      replayNotes { kind field message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n"): (typeof documents)["\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n"): (typeof documents)["\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n"): (typeof documents)["\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n"): (typeof documents)["\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;