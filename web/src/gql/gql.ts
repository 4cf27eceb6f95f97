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
    "\n  fragment BatchControlState on Batch {\n    id status version costUsd counts { total queued running completed failed cancelled skipped }\n  }\n": typeof types.BatchControlStateFragmentDoc,
    "\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchControlState }\n  }\n": typeof types.PauseBatchDocument,
    "\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchControlState }\n  }\n": typeof types.ResumeBatchDocument,
    "\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { ...BatchControlState }\n  }\n": typeof types.CancelBatchDocument,
    "\n  mutation RetryFailed($id: ID!) {\n    retryFailed(id: $id) { ...BatchControlState }\n  }\n": typeof types.RetryFailedDocument,
    "\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          version\n          costUsd\n          budgetUsd\n          overrides\n          createdAt\n          counts { total queued running completed failed cancelled skipped }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.BatchListDocument,
    "\n  mutation StartBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {\n    startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id }\n  }\n": typeof types.StartBulkReplayDocument,
    "\n  query BatchResults($batchId: ID!, $filter: BatchResultFilter, $first: Int, $after: String) {\n    batchResults(batchId: $batchId, filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          original { id provider model status output latencyMs cost usage { promptTokens completionTokens } }\n          replay {\n            id\n            provider\n            model\n            status\n            output\n            latencyMs\n            cost\n            usage { promptTokens completionTokens }\n            error { kind message status }\n            judge { score reason model }\n          }\n          comparison {\n            sameText\n            textDiff { op text }\n            toolCallsChanged\n            toolCallDifferences { path kind original replay }\n            json { valid error differences { path kind original replay } }\n            deltas { promptTokens completionTokens latencyMs cost }\n          }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.BatchResultsDocument,
    "\n  query BatchPage($id: ID!) {\n    batch(id: $id) {\n      id\n      name\n      status\n      costUsd\n      concurrency\n      budgetUsd\n      reuseToolResults\n      overrides\n      selection\n      createdAt\n      startedAt\n      endedAt\n      message\n      version\n      judge { provider model rubric }\n      counts { total queued running completed failed cancelled skipped }\n      estimate { count estimatedCostUsd }\n      summary {\n        count\n        identicalShare\n        changedToolCallsShare\n        invalidJsonShare\n        failuresByKind { kind count }\n        latencyDeltaMs { mean p95 bins { from to count } }\n        costDelta { mean p95 }\n        judgeScores { count mean buckets }\n      }\n    }\n  }\n": typeof types.BatchPageDocument,
    "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      batchId\n      status\n      costUsd\n      ratePerSecond\n      etaSeconds\n      at\n      version\n      counts { total queued running completed failed cancelled skipped }\n    }\n  }\n": typeof types.BatchProgressDocument,
    "\n  query EstimateBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides) {\n    estimateBulkReplay(selection: $selection, overrides: $overrides) {\n      count\n      inputTokens\n      outputTokens\n      estimatedCostUsd\n      encoding\n      models { provider model count }\n    }\n  }\n": typeof types.EstimateBulkReplayDocument,
    "\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost score tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.HistoryRequestsDocument,
    "\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n": typeof types.ReplayRequestDocument,
    "\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      endedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      forkedFrom\n      batchId\n      runId\n      externalId\n      metadata\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n": typeof types.RequestDetailDocument,
    "\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n": typeof types.SetRequestTagsDocument,
    "\n  mutation SetRequestScore($id: ID!, $score: Float) {\n    setScore(id: $id, score: $score) { id score }\n  }\n": typeof types.SetRequestScoreDocument,
    "\n  mutation DeleteRequests($ids: [ID!]!) {\n    deleteRequests(ids: $ids)\n  }\n": typeof types.DeleteRequestsDocument,
    "\n  query HistoryStats($filter: RequestFilter) {\n    requestStats(filter: $filter) { count errorRate cost latencyP50 latencyP95 }\n  }\n": typeof types.HistoryStatsDocument,
    "\n  query RecordedRequest($id: ID!) {\n    request(id: $id) { id }\n  }\n": typeof types.RecordedRequestDocument,
    "\n  query PlaygroundModelSupports {\n    providers {\n      id\n      models { id supports { tools structuredOutput images } }\n    }\n  }\n": typeof types.PlaygroundModelSupportsDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n": typeof types.CancelRunDocument,
    "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n": typeof types.RunEventsDocument,
    "\n  mutation StartRuns($input: StartRunInput!, $variants: [RunVariantInput!]!) {\n    startRuns(input: $input, variants: $variants) {\n      id\n      runs { id provider model }\n    }\n  }\n": typeof types.StartRunsDocument,
    "\n  mutation PlaygroundReplay($id: ID!, $overrides: ReplayOverrides) {\n    replayRequest(id: $id, overrides: $overrides) { id provider model }\n  }\n": typeof types.PlaygroundReplayDocument,
    "\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n": typeof types.ModelsDocument,
    "\n  query PlaygroundRequest($id: ID!) {\n    request(id: $id) {\n      id\n      runId\n      source\n      provider\n      model\n      status\n      output\n      responseBody\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      cost\n      latencyMs\n      ttftMs\n      replayOf\n      forkedFrom\n      replayNotes { kind field message }\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          parts {\n            type\n            text\n            imageUrl\n            detail\n            inputAudio { data format }\n            file { fileId fileData filename }\n            raw\n          }\n          name\n          toolCallId\n          toolCalls { id name arguments }\n          extra\n        }\n        temperature\n        topP\n        maxTokens\n        maxCompletionTokens\n        stop\n        seed\n        presencePenalty\n        frequencyPenalty\n        user\n        logitBias\n        reasoningEffort\n        n\n        tools { name description parameters strict }\n        toolChoice { mode function }\n        parallelToolCalls\n        responseFormat { type name description schema strict }\n        extra\n      }\n    }\n  }\n": typeof types.PlaygroundRequestDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n": typeof types.StartRunDocument,
    "\n  query RunHistory($filter: RequestFilter!, $first: Int!) {\n    requests(filter: $filter, first: $first) {\n      edges {\n        node {\n          id\n          model\n          status\n          source\n          startedAt\n          replayOf\n          forkedFrom\n          prompt\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n": typeof types.RunHistoryDocument,
    "\n  query NewestRun($filter: RequestFilter!) {\n    requests(filter: $filter, first: 1) {\n      edges { node { id } }\n    }\n  }\n": typeof types.NewestRunDocument,
    "\n  query SettingsApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revokedAt }\n  }\n": typeof types.SettingsApiKeysDocument,
    "\n  mutation SettingsCreateApiKey($name: String!) {\n    createApiKey(name: $name) {\n      key\n      apiKey { id name prefix createdAt lastUsedAt revokedAt }\n    }\n  }\n": typeof types.SettingsCreateApiKeyDocument,
    "\n  mutation SettingsRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id name prefix createdAt lastUsedAt revokedAt }\n  }\n": typeof types.SettingsRevokeApiKeyDocument,
    "\n  mutation SettingsUpdateProvider($id: ID!, $input: UpdateProviderInput!) {\n    updateProvider(id: $id, input: $input) { ...SettingsProviderFields }\n  }\n": typeof types.SettingsUpdateProviderDocument,
    "\n  mutation SettingsCreateProvider($input: CreateProviderInput!) {\n    createProvider(input: $input) { ...SettingsProviderFields }\n  }\n": typeof types.SettingsCreateProviderDocument,
    "\n  mutation SettingsTestProvider($id: ID!) {\n    testProvider(id: $id) { ok call model status message latencyMs }\n  }\n": typeof types.SettingsTestProviderDocument,
    "\n  mutation SettingsRefreshModels($providerId: ID!) {\n    refreshModels(providerId: $providerId) { ...SettingsProviderFields }\n  }\n": typeof types.SettingsRefreshModelsDocument,
    "\n  mutation SettingsDeleteProvider($id: ID!) {\n    deleteProvider(id: $id)\n  }\n": typeof types.SettingsDeleteProviderDocument,
    "\n  mutation SettingsAddModel($providerId: ID!, $input: ModelInput!) {\n    addModel(providerId: $providerId, input: $input) { ...SettingsProviderFields }\n  }\n": typeof types.SettingsAddModelDocument,
    "\n  mutation SettingsRemoveModel($providerId: ID!, $modelId: String!) {\n    removeModel(providerId: $providerId, modelId: $modelId) { ...SettingsProviderFields }\n  }\n": typeof types.SettingsRemoveModelDocument,
    "\n  fragment SettingsProviderFields on Provider {\n    id name kind baseURL apiKeyLast4 organization project apiVersion headers builtIn createdAt updatedAt\n    models { id label inputPricePerM outputPricePerM supports { tools structuredOutput images streaming } source }\n    limits { rpm concurrency }\n  }\n": typeof types.SettingsProviderFieldsFragmentDoc,
    "\n  query SettingsProviders {\n    providers { ...SettingsProviderFields }\n  }\n": typeof types.SettingsProvidersDocument,
    "fragment BatchProgressOnBatch on Batch { id  }": typeof types.BatchProgressOnBatchFragmentDoc,
};
const documents: Documents = {
    "\n  query VerifyApiKey {\n    apiKeys { id }\n  }\n": types.VerifyApiKeyDocument,
    "\n  fragment BatchControlState on Batch {\n    id status version costUsd counts { total queued running completed failed cancelled skipped }\n  }\n": types.BatchControlStateFragmentDoc,
    "\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchControlState }\n  }\n": types.PauseBatchDocument,
    "\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchControlState }\n  }\n": types.ResumeBatchDocument,
    "\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { ...BatchControlState }\n  }\n": types.CancelBatchDocument,
    "\n  mutation RetryFailed($id: ID!) {\n    retryFailed(id: $id) { ...BatchControlState }\n  }\n": types.RetryFailedDocument,
    "\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          version\n          costUsd\n          budgetUsd\n          overrides\n          createdAt\n          counts { total queued running completed failed cancelled skipped }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.BatchListDocument,
    "\n  mutation StartBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {\n    startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id }\n  }\n": types.StartBulkReplayDocument,
    "\n  query BatchResults($batchId: ID!, $filter: BatchResultFilter, $first: Int, $after: String) {\n    batchResults(batchId: $batchId, filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          original { id provider model status output latencyMs cost usage { promptTokens completionTokens } }\n          replay {\n            id\n            provider\n            model\n            status\n            output\n            latencyMs\n            cost\n            usage { promptTokens completionTokens }\n            error { kind message status }\n            judge { score reason model }\n          }\n          comparison {\n            sameText\n            textDiff { op text }\n            toolCallsChanged\n            toolCallDifferences { path kind original replay }\n            json { valid error differences { path kind original replay } }\n            deltas { promptTokens completionTokens latencyMs cost }\n          }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.BatchResultsDocument,
    "\n  query BatchPage($id: ID!) {\n    batch(id: $id) {\n      id\n      name\n      status\n      costUsd\n      concurrency\n      budgetUsd\n      reuseToolResults\n      overrides\n      selection\n      createdAt\n      startedAt\n      endedAt\n      message\n      version\n      judge { provider model rubric }\n      counts { total queued running completed failed cancelled skipped }\n      estimate { count estimatedCostUsd }\n      summary {\n        count\n        identicalShare\n        changedToolCallsShare\n        invalidJsonShare\n        failuresByKind { kind count }\n        latencyDeltaMs { mean p95 bins { from to count } }\n        costDelta { mean p95 }\n        judgeScores { count mean buckets }\n      }\n    }\n  }\n": types.BatchPageDocument,
    "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      batchId\n      status\n      costUsd\n      ratePerSecond\n      etaSeconds\n      at\n      version\n      counts { total queued running completed failed cancelled skipped }\n    }\n  }\n": types.BatchProgressDocument,
    "\n  query EstimateBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides) {\n    estimateBulkReplay(selection: $selection, overrides: $overrides) {\n      count\n      inputTokens\n      outputTokens\n      estimatedCostUsd\n      encoding\n      models { provider model count }\n    }\n  }\n": types.EstimateBulkReplayDocument,
    "\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost score tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.HistoryRequestsDocument,
    "\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n": types.ReplayRequestDocument,
    "\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      endedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      forkedFrom\n      batchId\n      runId\n      externalId\n      metadata\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n": types.RequestDetailDocument,
    "\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n": types.SetRequestTagsDocument,
    "\n  mutation SetRequestScore($id: ID!, $score: Float) {\n    setScore(id: $id, score: $score) { id score }\n  }\n": types.SetRequestScoreDocument,
    "\n  mutation DeleteRequests($ids: [ID!]!) {\n    deleteRequests(ids: $ids)\n  }\n": types.DeleteRequestsDocument,
    "\n  query HistoryStats($filter: RequestFilter) {\n    requestStats(filter: $filter) { count errorRate cost latencyP50 latencyP95 }\n  }\n": types.HistoryStatsDocument,
    "\n  query RecordedRequest($id: ID!) {\n    request(id: $id) { id }\n  }\n": types.RecordedRequestDocument,
    "\n  query PlaygroundModelSupports {\n    providers {\n      id\n      models { id supports { tools structuredOutput images } }\n    }\n  }\n": types.PlaygroundModelSupportsDocument,
    "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n": types.CancelRunDocument,
    "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n": types.RunEventsDocument,
    "\n  mutation StartRuns($input: StartRunInput!, $variants: [RunVariantInput!]!) {\n    startRuns(input: $input, variants: $variants) {\n      id\n      runs { id provider model }\n    }\n  }\n": types.StartRunsDocument,
    "\n  mutation PlaygroundReplay($id: ID!, $overrides: ReplayOverrides) {\n    replayRequest(id: $id, overrides: $overrides) { id provider model }\n  }\n": types.PlaygroundReplayDocument,
    "\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n": types.ModelsDocument,
    "\n  query PlaygroundRequest($id: ID!) {\n    request(id: $id) {\n      id\n      runId\n      source\n      provider\n      model\n      status\n      output\n      responseBody\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      cost\n      latencyMs\n      ttftMs\n      replayOf\n      forkedFrom\n      replayNotes { kind field message }\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          parts {\n            type\n            text\n            imageUrl\n            detail\n            inputAudio { data format }\n            file { fileId fileData filename }\n            raw\n          }\n          name\n          toolCallId\n          toolCalls { id name arguments }\n          extra\n        }\n        temperature\n        topP\n        maxTokens\n        maxCompletionTokens\n        stop\n        seed\n        presencePenalty\n        frequencyPenalty\n        user\n        logitBias\n        reasoningEffort\n        n\n        tools { name description parameters strict }\n        toolChoice { mode function }\n        parallelToolCalls\n        responseFormat { type name description schema strict }\n        extra\n      }\n    }\n  }\n": types.PlaygroundRequestDocument,
    "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n": types.StartRunDocument,
    "\n  query RunHistory($filter: RequestFilter!, $first: Int!) {\n    requests(filter: $filter, first: $first) {\n      edges {\n        node {\n          id\n          model\n          status\n          source\n          startedAt\n          replayOf\n          forkedFrom\n          prompt\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n": types.RunHistoryDocument,
    "\n  query NewestRun($filter: RequestFilter!) {\n    requests(filter: $filter, first: 1) {\n      edges { node { id } }\n    }\n  }\n": types.NewestRunDocument,
    "\n  query SettingsApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revokedAt }\n  }\n": types.SettingsApiKeysDocument,
    "\n  mutation SettingsCreateApiKey($name: String!) {\n    createApiKey(name: $name) {\n      key\n      apiKey { id name prefix createdAt lastUsedAt revokedAt }\n    }\n  }\n": types.SettingsCreateApiKeyDocument,
    "\n  mutation SettingsRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id name prefix createdAt lastUsedAt revokedAt }\n  }\n": types.SettingsRevokeApiKeyDocument,
    "\n  mutation SettingsUpdateProvider($id: ID!, $input: UpdateProviderInput!) {\n    updateProvider(id: $id, input: $input) { ...SettingsProviderFields }\n  }\n": types.SettingsUpdateProviderDocument,
    "\n  mutation SettingsCreateProvider($input: CreateProviderInput!) {\n    createProvider(input: $input) { ...SettingsProviderFields }\n  }\n": types.SettingsCreateProviderDocument,
    "\n  mutation SettingsTestProvider($id: ID!) {\n    testProvider(id: $id) { ok call model status message latencyMs }\n  }\n": types.SettingsTestProviderDocument,
    "\n  mutation SettingsRefreshModels($providerId: ID!) {\n    refreshModels(providerId: $providerId) { ...SettingsProviderFields }\n  }\n": types.SettingsRefreshModelsDocument,
    "\n  mutation SettingsDeleteProvider($id: ID!) {\n    deleteProvider(id: $id)\n  }\n": types.SettingsDeleteProviderDocument,
    "\n  mutation SettingsAddModel($providerId: ID!, $input: ModelInput!) {\n    addModel(providerId: $providerId, input: $input) { ...SettingsProviderFields }\n  }\n": types.SettingsAddModelDocument,
    "\n  mutation SettingsRemoveModel($providerId: ID!, $modelId: String!) {\n    removeModel(providerId: $providerId, modelId: $modelId) { ...SettingsProviderFields }\n  }\n": types.SettingsRemoveModelDocument,
    "\n  fragment SettingsProviderFields on Provider {\n    id name kind baseURL apiKeyLast4 organization project apiVersion headers builtIn createdAt updatedAt\n    models { id label inputPricePerM outputPricePerM supports { tools structuredOutput images streaming } source }\n    limits { rpm concurrency }\n  }\n": types.SettingsProviderFieldsFragmentDoc,
    "\n  query SettingsProviders {\n    providers { ...SettingsProviderFields }\n  }\n": types.SettingsProvidersDocument,
    "fragment BatchProgressOnBatch on Batch { id  }": types.BatchProgressOnBatchFragmentDoc,
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
export function graphql(source: "\n  fragment BatchControlState on Batch {\n    id status version costUsd counts { total queued running completed failed cancelled skipped }\n  }\n"): (typeof documents)["\n  fragment BatchControlState on Batch {\n    id status version costUsd counts { total queued running completed failed cancelled skipped }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchControlState }\n  }\n"): (typeof documents)["\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchControlState }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchControlState }\n  }\n"): (typeof documents)["\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchControlState }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { ...BatchControlState }\n  }\n"): (typeof documents)["\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { ...BatchControlState }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFailed($id: ID!) {\n    retryFailed(id: $id) { ...BatchControlState }\n  }\n"): (typeof documents)["\n  mutation RetryFailed($id: ID!) {\n    retryFailed(id: $id) { ...BatchControlState }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          version\n          costUsd\n          budgetUsd\n          overrides\n          createdAt\n          counts { total queued running completed failed cancelled skipped }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query BatchList($first: Int, $after: String) {\n    batches(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          version\n          costUsd\n          budgetUsd\n          overrides\n          createdAt\n          counts { total queued running completed failed cancelled skipped }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {\n    startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id }\n  }\n"): (typeof documents)["\n  mutation StartBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {\n    startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchResults($batchId: ID!, $filter: BatchResultFilter, $first: Int, $after: String) {\n    batchResults(batchId: $batchId, filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          original { id provider model status output latencyMs cost usage { promptTokens completionTokens } }\n          replay {\n            id\n            provider\n            model\n            status\n            output\n            latencyMs\n            cost\n            usage { promptTokens completionTokens }\n            error { kind message status }\n            judge { score reason model }\n          }\n          comparison {\n            sameText\n            textDiff { op text }\n            toolCallsChanged\n            toolCallDifferences { path kind original replay }\n            json { valid error differences { path kind original replay } }\n            deltas { promptTokens completionTokens latencyMs cost }\n          }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query BatchResults($batchId: ID!, $filter: BatchResultFilter, $first: Int, $after: String) {\n    batchResults(batchId: $batchId, filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          original { id provider model status output latencyMs cost usage { promptTokens completionTokens } }\n          replay {\n            id\n            provider\n            model\n            status\n            output\n            latencyMs\n            cost\n            usage { promptTokens completionTokens }\n            error { kind message status }\n            judge { score reason model }\n          }\n          comparison {\n            sameText\n            textDiff { op text }\n            toolCallsChanged\n            toolCallDifferences { path kind original replay }\n            json { valid error differences { path kind original replay } }\n            deltas { promptTokens completionTokens latencyMs cost }\n          }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchPage($id: ID!) {\n    batch(id: $id) {\n      id\n      name\n      status\n      costUsd\n      concurrency\n      budgetUsd\n      reuseToolResults\n      overrides\n      selection\n      createdAt\n      startedAt\n      endedAt\n      message\n      version\n      judge { provider model rubric }\n      counts { total queued running completed failed cancelled skipped }\n      estimate { count estimatedCostUsd }\n      summary {\n        count\n        identicalShare\n        changedToolCallsShare\n        invalidJsonShare\n        failuresByKind { kind count }\n        latencyDeltaMs { mean p95 bins { from to count } }\n        costDelta { mean p95 }\n        judgeScores { count mean buckets }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchPage($id: ID!) {\n    batch(id: $id) {\n      id\n      name\n      status\n      costUsd\n      concurrency\n      budgetUsd\n      reuseToolResults\n      overrides\n      selection\n      createdAt\n      startedAt\n      endedAt\n      message\n      version\n      judge { provider model rubric }\n      counts { total queued running completed failed cancelled skipped }\n      estimate { count estimatedCostUsd }\n      summary {\n        count\n        identicalShare\n        changedToolCallsShare\n        invalidJsonShare\n        failuresByKind { kind count }\n        latencyDeltaMs { mean p95 bins { from to count } }\n        costDelta { mean p95 }\n        judgeScores { count mean buckets }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      batchId\n      status\n      costUsd\n      ratePerSecond\n      etaSeconds\n      at\n      version\n      counts { total queued running completed failed cancelled skipped }\n    }\n  }\n"): (typeof documents)["\n  subscription BatchProgress($batchId: ID!) {\n    batchProgress(batchId: $batchId) {\n      batchId\n      status\n      costUsd\n      ratePerSecond\n      etaSeconds\n      at\n      version\n      counts { total queued running completed failed cancelled skipped }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EstimateBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides) {\n    estimateBulkReplay(selection: $selection, overrides: $overrides) {\n      count\n      inputTokens\n      outputTokens\n      estimatedCostUsd\n      encoding\n      models { provider model count }\n    }\n  }\n"): (typeof documents)["\n  query EstimateBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides) {\n    estimateBulkReplay(selection: $selection, overrides: $overrides) {\n      count\n      inputTokens\n      outputTokens\n      estimatedCostUsd\n      encoding\n      models { provider model count }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost score tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query HistoryRequests($filter: RequestFilter, $first: Int, $after: String) {\n    requests(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node { id startedAt model provider status output latencyMs cost score tags }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n"): (typeof documents)["\n  mutation ReplayRequest($id: ID!) {\n    replayRequest(id: $id) { id provider model }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      endedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      forkedFrom\n      batchId\n      runId\n      externalId\n      metadata\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n"): (typeof documents)["\n  query RequestDetail($id: ID!) {\n    request(id: $id) {\n      id\n      source\n      provider\n      model\n      status\n      startedAt\n      endedAt\n      requestBody\n      responseBody\n      output\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      latencyMs\n      ttftMs\n      cost\n      tags\n      score\n      replayOf\n      forkedFrom\n      batchId\n      runId\n      externalId\n      metadata\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          name\n          toolCallId\n          parts { type text imageUrl }\n          toolCalls { id name arguments }\n        }\n        tools { name }\n      }\n      replayNotes { kind field message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n"): (typeof documents)["\n  mutation SetRequestTags($id: ID!, $tags: [String!]!) {\n    setTags(id: $id, tags: $tags) { id tags }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRequestScore($id: ID!, $score: Float) {\n    setScore(id: $id, score: $score) { id score }\n  }\n"): (typeof documents)["\n  mutation SetRequestScore($id: ID!, $score: Float) {\n    setScore(id: $id, score: $score) { id score }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRequests($ids: [ID!]!) {\n    deleteRequests(ids: $ids)\n  }\n"): (typeof documents)["\n  mutation DeleteRequests($ids: [ID!]!) {\n    deleteRequests(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryStats($filter: RequestFilter) {\n    requestStats(filter: $filter) { count errorRate cost latencyP50 latencyP95 }\n  }\n"): (typeof documents)["\n  query HistoryStats($filter: RequestFilter) {\n    requestStats(filter: $filter) { count errorRate cost latencyP50 latencyP95 }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecordedRequest($id: ID!) {\n    request(id: $id) { id }\n  }\n"): (typeof documents)["\n  query RecordedRequest($id: ID!) {\n    request(id: $id) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaygroundModelSupports {\n    providers {\n      id\n      models { id supports { tools structuredOutput images } }\n    }\n  }\n"): (typeof documents)["\n  query PlaygroundModelSupports {\n    providers {\n      id\n      models { id supports { tools structuredOutput images } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n"): (typeof documents)["\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n"): (typeof documents)["\n  subscription RunEvents($runId: ID!, $after: String) {\n    runEvents(runId: $runId, after: $after) {\n      __typename\n      id\n      runId\n      ... on RunStarted { provider model }\n      ... on RunDelta { text }\n      ... on RunToolCallDelta { index callId name arguments }\n      ... on RunCompleted {\n        message {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        finishReason\n        usage { promptTokens completionTokens totalTokens }\n        cost\n        structuredOutput { valid error }\n        latencyMs\n        ttftMs\n      }\n      ... on RunFailed { error { kind message status } latencyMs }\n      ... on RunCancelled {\n        partial {\n          content\n          toolCalls { id type function { name arguments } }\n        }\n        latencyMs\n      }\n      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRuns($input: StartRunInput!, $variants: [RunVariantInput!]!) {\n    startRuns(input: $input, variants: $variants) {\n      id\n      runs { id provider model }\n    }\n  }\n"): (typeof documents)["\n  mutation StartRuns($input: StartRunInput!, $variants: [RunVariantInput!]!) {\n    startRuns(input: $input, variants: $variants) {\n      id\n      runs { id provider model }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaygroundReplay($id: ID!, $overrides: ReplayOverrides) {\n    replayRequest(id: $id, overrides: $overrides) { id provider model }\n  }\n"): (typeof documents)["\n  mutation PlaygroundReplay($id: ID!, $overrides: ReplayOverrides) {\n    replayRequest(id: $id, overrides: $overrides) { id provider model }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n"): (typeof documents)["\n  query Models {\n    models { provider providerLabel name isDefault }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaygroundRequest($id: ID!) {\n    request(id: $id) {\n      id\n      runId\n      source\n      provider\n      model\n      status\n      output\n      responseBody\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      cost\n      latencyMs\n      ttftMs\n      replayOf\n      forkedFrom\n      replayNotes { kind field message }\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          parts {\n            type\n            text\n            imageUrl\n            detail\n            inputAudio { data format }\n            file { fileId fileData filename }\n            raw\n          }\n          name\n          toolCallId\n          toolCalls { id name arguments }\n          extra\n        }\n        temperature\n        topP\n        maxTokens\n        maxCompletionTokens\n        stop\n        seed\n        presencePenalty\n        frequencyPenalty\n        user\n        logitBias\n        reasoningEffort\n        n\n        tools { name description parameters strict }\n        toolChoice { mode function }\n        parallelToolCalls\n        responseFormat { type name description schema strict }\n        extra\n      }\n    }\n  }\n"): (typeof documents)["\n  query PlaygroundRequest($id: ID!) {\n    request(id: $id) {\n      id\n      runId\n      source\n      provider\n      model\n      status\n      output\n      responseBody\n      error { kind message status }\n      usage { promptTokens completionTokens totalTokens }\n      cost\n      latencyMs\n      ttftMs\n      replayOf\n      forkedFrom\n      replayNotes { kind field message }\n      replayInput {\n        provider\n        model\n        messages {\n          role\n          content\n          parts {\n            type\n            text\n            imageUrl\n            detail\n            inputAudio { data format }\n            file { fileId fileData filename }\n            raw\n          }\n          name\n          toolCallId\n          toolCalls { id name arguments }\n          extra\n        }\n        temperature\n        topP\n        maxTokens\n        maxCompletionTokens\n        stop\n        seed\n        presencePenalty\n        frequencyPenalty\n        user\n        logitBias\n        reasoningEffort\n        n\n        tools { name description parameters strict }\n        toolChoice { mode function }\n        parallelToolCalls\n        responseFormat { type name description schema strict }\n        extra\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n"): (typeof documents)["\n  mutation StartRun($input: StartRunInput!) {\n    startRun(input: $input) { id provider model }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunHistory($filter: RequestFilter!, $first: Int!) {\n    requests(filter: $filter, first: $first) {\n      edges {\n        node {\n          id\n          model\n          status\n          source\n          startedAt\n          replayOf\n          forkedFrom\n          prompt\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n"): (typeof documents)["\n  query RunHistory($filter: RequestFilter!, $first: Int!) {\n    requests(filter: $filter, first: $first) {\n      edges {\n        node {\n          id\n          model\n          status\n          source\n          startedAt\n          replayOf\n          forkedFrom\n          prompt\n        }\n      }\n      pageInfo { hasNextPage }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewestRun($filter: RequestFilter!) {\n    requests(filter: $filter, first: 1) {\n      edges { node { id } }\n    }\n  }\n"): (typeof documents)["\n  query NewestRun($filter: RequestFilter!) {\n    requests(filter: $filter, first: 1) {\n      edges { node { id } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revokedAt }\n  }\n"): (typeof documents)["\n  query SettingsApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revokedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsCreateApiKey($name: String!) {\n    createApiKey(name: $name) {\n      key\n      apiKey { id name prefix createdAt lastUsedAt revokedAt }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsCreateApiKey($name: String!) {\n    createApiKey(name: $name) {\n      key\n      apiKey { id name prefix createdAt lastUsedAt revokedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id name prefix createdAt lastUsedAt revokedAt }\n  }\n"): (typeof documents)["\n  mutation SettingsRevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { id name prefix createdAt lastUsedAt revokedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsUpdateProvider($id: ID!, $input: UpdateProviderInput!) {\n    updateProvider(id: $id, input: $input) { ...SettingsProviderFields }\n  }\n"): (typeof documents)["\n  mutation SettingsUpdateProvider($id: ID!, $input: UpdateProviderInput!) {\n    updateProvider(id: $id, input: $input) { ...SettingsProviderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsCreateProvider($input: CreateProviderInput!) {\n    createProvider(input: $input) { ...SettingsProviderFields }\n  }\n"): (typeof documents)["\n  mutation SettingsCreateProvider($input: CreateProviderInput!) {\n    createProvider(input: $input) { ...SettingsProviderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsTestProvider($id: ID!) {\n    testProvider(id: $id) { ok call model status message latencyMs }\n  }\n"): (typeof documents)["\n  mutation SettingsTestProvider($id: ID!) {\n    testProvider(id: $id) { ok call model status message latencyMs }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRefreshModels($providerId: ID!) {\n    refreshModels(providerId: $providerId) { ...SettingsProviderFields }\n  }\n"): (typeof documents)["\n  mutation SettingsRefreshModels($providerId: ID!) {\n    refreshModels(providerId: $providerId) { ...SettingsProviderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsDeleteProvider($id: ID!) {\n    deleteProvider(id: $id)\n  }\n"): (typeof documents)["\n  mutation SettingsDeleteProvider($id: ID!) {\n    deleteProvider(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsAddModel($providerId: ID!, $input: ModelInput!) {\n    addModel(providerId: $providerId, input: $input) { ...SettingsProviderFields }\n  }\n"): (typeof documents)["\n  mutation SettingsAddModel($providerId: ID!, $input: ModelInput!) {\n    addModel(providerId: $providerId, input: $input) { ...SettingsProviderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRemoveModel($providerId: ID!, $modelId: String!) {\n    removeModel(providerId: $providerId, modelId: $modelId) { ...SettingsProviderFields }\n  }\n"): (typeof documents)["\n  mutation SettingsRemoveModel($providerId: ID!, $modelId: String!) {\n    removeModel(providerId: $providerId, modelId: $modelId) { ...SettingsProviderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsProviderFields on Provider {\n    id name kind baseURL apiKeyLast4 organization project apiVersion headers builtIn createdAt updatedAt\n    models { id label inputPricePerM outputPricePerM supports { tools structuredOutput images streaming } source }\n    limits { rpm concurrency }\n  }\n"): (typeof documents)["\n  fragment SettingsProviderFields on Provider {\n    id name kind baseURL apiKeyLast4 organization project apiVersion headers builtIn createdAt updatedAt\n    models { id label inputPricePerM outputPricePerM supports { tools structuredOutput images streaming } source }\n    limits { rpm concurrency }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsProviders {\n    providers { ...SettingsProviderFields }\n  }\n"): (typeof documents)["\n  query SettingsProviders {\n    providers { ...SettingsProviderFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment BatchProgressOnBatch on Batch { id  }"): (typeof documents)["fragment BatchProgressOnBatch on Batch { id  }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;