import { gql } from '@urql/core';
import { cacheExchange, type Cache, type Data, type KeyingConfig, type UpdatesConfig } from '@urql/exchange-graphcache';
import schema from './schema.generated.json' with { type: 'json' };

/**
 * Types whose `id: ID!` names one thing across the workspace: Graphcache
 * normalises them by it, so a Request edited in the detail is the same
 * Request the table's row and the run sidebar show.
 */
export const ENTITIES = ['ApiKey', 'Batch', 'Provider', 'Request', 'Run', 'RunGroup'] as const;

/**
 * Every other object type, stored inside the entity or field that holds it
 * (key `null`). Some of them have an `id` that is not unique: a run event's
 * is its position in that run's stream, a tool call's is the provider's call
 * id (`call_0` in many runs), a provider model's is the model name (the same
 * in several providers). Keyed by it, two runs' events or two providers'
 * models would overwrite each other.
 */
export const EMBEDDED = [
  // Requests and their lists
  'RequestConnection',
  'RequestEdge',
  'PageInfo',
  'RequestStats',
  'Usage',
  'RunError',
  'ReplayInput',
  'ReplayMessage',
  'ReplayContentPart',
  'ReplayInputAudio',
  'ReplayFile',
  'ReplayToolCall',
  'ReplayTool',
  'ReplayToolChoice',
  'ReplayResponseFormat',
  'ReplayNote',
  'ReusedToolResult',
  'JudgeVerdict',
  // Runs and their events
  'Model',
  'RunStarted',
  'RunDelta',
  'RunToolCallDelta',
  'RunCompleted',
  'RunCancelled',
  'RunRetrying',
  'RunFailed',
  'RunToolResults',
  'AssistantMessage',
  'PartialOutput',
  'ToolCall',
  'FunctionCall',
  'StructuredOutputCheck',
  // Bulk replays
  'BatchConnection',
  'BatchEdge',
  'BatchCounts',
  'BatchJudge',
  'BatchProgress',
  'BatchSummary',
  'BatchResultConnection',
  'BatchResultEdge',
  'BatchResult',
  'BulkReplayEstimate',
  'EstimateModel',
  'Comparison',
  'TextChange',
  'FieldDifference',
  'JsonComparison',
  'Deltas',
  'DeltaStats',
  'DeltaBin',
  'FailureCount',
  'JudgeScores',
  // Providers and keys
  'ProviderModel',
  'ModelSupports',
  'ProviderLimits',
  'ProviderTestResult',
  'CreatedApiKey',
] as const;

export const keys: KeyingConfig = Object.fromEntries(EMBEDDED.map((name) => [name, () => null]));

/** Query.<name>(...) for every set of arguments the cache holds. */
const fieldsOf = (cache: Cache, name: string) => cache.inspectFields('Query').filter((field) => field.fieldName === name);

function invalidateAll(cache: Cache, ...names: string[]) {
  for (const name of names) for (const field of fieldsOf(cache, name)) cache.invalidate('Query', field.fieldKey);
}

/** Takes the requests out of every `requests` list held, in place: the pages keep their other rows and their cursors. */
function removeFromLists(cache: Cache, ids: readonly string[]) {
  const gone = new Set(ids.map((id) => cache.keyOfEntity({ __typename: 'Request', id })));
  for (const field of fieldsOf(cache, 'requests')) {
    const connection = cache.resolve('Query', field.fieldKey);
    if (typeof connection !== 'string') continue;
    const edges = cache.resolve(connection, 'edges');
    if (!Array.isArray(edges)) continue;
    const kept = edges.filter((edge) => typeof edge !== 'string' || !gone.has(cache.resolve(edge, 'node') as string | null));
    if (kept.length !== edges.length) cache.link(connection, 'edges', kept as string[]);
  }
}

const TERMINAL_BATCH = new Set(['COMPLETED', 'CANCELLED', 'BUDGET_EXCEEDED', 'FAILED']);

/**
 * What the answers of mutations and subscriptions change beyond the entities
 * they return (those update themselves): lists that gain or lose an item,
 * counts, and lists derived from another type.
 */
export const updates: UpdatesConfig = {
  Mutation: {
    deleteRequests(_result, args, cache) {
      const ids = (args.ids as string[] | undefined) ?? [];
      removeFromLists(cache, ids);
      for (const id of ids) cache.invalidate({ __typename: 'Request', id });
      invalidateAll(cache, 'requestStats');
    },
    // Logged requests may belong to any list and count: those held are fetched again when next shown.
    logRequest(_result, _args, cache) {
      invalidateAll(cache, 'requests', 'requestStats');
    },
    logRequests(_result, _args, cache) {
      invalidateAll(cache, 'requests', 'requestStats');
    },
    // A request's tags decide whether it is in a tag-filtered list: those lists (and their counts) are fetched again.
    setTags(_result, _args, cache) {
      for (const name of ['requests', 'requestStats']) {
        for (const field of fieldsOf(cache, name)) {
          const filter = field.arguments?.filter as { tagsAny?: unknown; tagsAll?: unknown } | null | undefined;
          if (filter?.tagsAny || filter?.tagsAll) cache.invalidate('Query', field.fieldKey);
        }
      }
    },
    startBulkReplay(_result, _args, cache) {
      invalidateAll(cache, 'batches');
    },
    createApiKey(_result, _args, cache) {
      invalidateAll(cache, 'apiKeys');
    },
    createProvider(_result, _args, cache) {
      invalidateAll(cache, 'providers', 'models');
    },
    deleteProvider(_result, args, cache) {
      cache.invalidate({ __typename: 'Provider', id: args.id as string });
      invalidateAll(cache, 'providers', 'models');
    },
    // `models` is every provider's models, flattened: a change to one provider's list changes it.
    updateProvider(_result, _args, cache) {
      invalidateAll(cache, 'models');
    },
    addModel(_result, _args, cache) {
      invalidateAll(cache, 'models');
    },
    removeModel(_result, _args, cache) {
      invalidateAll(cache, 'models');
    },
    refreshModels(_result, _args, cache) {
      invalidateAll(cache, 'models');
    },
  },
  Subscription: {
    // The batch's progress is its state: the list and the batch page show it without asking again.
    batchProgress(result, _args, cache) {
      const progress = (result as { batchProgress?: Data | null }).batchProgress;
      if (!progress || typeof progress.batchId !== 'string') return;
      // An update older than what the cache holds (a query's answer read after it) changes nothing.
      const held = cache.resolve({ __typename: 'Batch', id: progress.batchId }, 'version');
      if (typeof held === 'number' && typeof progress.version === 'number' && progress.version < held) return;
      const fields = ['status', 'costUsd', 'version'].filter((name) => progress[name] !== undefined);
      const counts = progress.counts && typeof progress.counts === 'object' ? (progress.counts as Data) : null;
      const countFields = counts ? Object.keys(counts).filter((name) => name !== '__typename') : [];
      if (fields.length || countFields.length) {
        const selection = [...fields, ...(countFields.length ? [`counts { ${countFields.join(' ')} }`] : [])].join(' ');
        cache.writeFragment(gql(`fragment BatchProgressOnBatch on Batch { id ${selection} }`), {
          __typename: 'Batch',
          id: progress.batchId,
          ...Object.fromEntries(fields.map((name) => [name, progress[name]])),
          ...(countFields.length ? { counts: { __typename: 'BatchCounts', ...counts } } : {}),
        });
      }
      // An ended batch has recorded its replays: they are requests, in History's lists and counts.
      if (typeof progress.status === 'string' && TERMINAL_BATCH.has(progress.status)) {
        invalidateAll(cache, 'requests', 'requestStats');
        for (const field of fieldsOf(cache, 'batchResults')) {
          if (field.arguments?.batchId === progress.batchId) cache.invalidate('Query', field.fieldKey);
        }
      }
    },
  },
};

/**
 * The normalised cache: entities by id shared between every query that holds
 * them, and the schema, so that a query whose missing fields may be null is
 * answered from the cache at once (and fetched in the background).
 */
export function normalisedCache() {
  return cacheExchange({ schema, keys, updates });
}
