import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { resolvers } from '../resolvers/index.js';
import { typeDefs } from '../schema/load.js';

/**
 * Subscription events are shaped by graphql-jit (compiled-subscribe.ts); a
 * client must not be able to tell. Each event, through every field of every
 * RunEvent type, gives what graphql-js's execution gives: the same data in
 * the same key order, and the same errors for a payload that breaks the
 * schema.
 */
const schema = makeExecutableSchema({ typeDefs, resolvers });
const EVERY_FIELD = parse(`subscription Every($runId: ID!, $after: String) {
  runEvents(runId: $runId, after: $after) {
    __typename id runId
    ... on RunStarted { provider model at }
    ... on RunDelta { text }
    ... on RunToolCallDelta { index callId name arguments }
    ... on RunToolResults { step results { step callId name arguments fromCallId } }
    ... on RunCompleted {
      message { role content toolCalls { id type function { name arguments } } }
      finishReason usage { promptTokens completionTokens totalTokens } cost
      structuredOutput { valid error } latencyMs ttftMs
    }
    ... on RunCancelled { partial { content toolCalls { id function { name arguments } } } latencyMs }
    ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }
    ... on RunFailed { error { kind message status } latencyMs }
  }
}`);
const ALIASED = parse(`subscription ($runId: ID!) { e: runEvents(runId: $runId) { kind: __typename ... on RunDelta { t: text, text } } }`);

const base = { id: '1700000000000-3', runId: 'run-1' };
const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } };
const events: [string, Record<string, unknown>][] = [
  ['started', { ...base, type: 'started', provider: 'simulator', model: 'sim-fast', at: '2026-12-01T00:00:00.000Z' }],
  ['a delta', { ...base, type: 'delta', text: ' héllo "world"\n' }],
  ['a tool-call delta with nulls', { ...base, type: 'tool_call_delta', index: 1, callId: null, name: null, arguments: '{"ci' }],
  ['tool results', { ...base, type: 'tool_results', step: 1, results: [{ step: 1, callId: 'c2', name: 'f', arguments: '{}', fromCallId: 'c1' }] }],
  [
    'completed with tool calls',
    {
      ...base,
      type: 'completed',
      message: { role: 'assistant', content: null, toolCalls: [call] },
      finishReason: 'tool_calls',
      usage: { promptTokens: 10, completionTokens: 4, totalTokens: 14 },
      cost: 0.000123,
      structuredOutput: { valid: false, error: 'not JSON' },
      latencyMs: 420,
      ttftMs: null,
    },
  ],
  ['cancelled', { ...base, type: 'cancelled', partial: { content: 'par', toolCalls: [] }, latencyMs: 12 }],
  ['retrying', { ...base, type: 'retrying', attempt: 2, delayMs: 1000, error: { kind: 'rate_limited', message: 'slow down', status: 429 }, discardOutput: true }],
  ['failed', { ...base, type: 'failed', error: { kind: 'provider_error', message: 'bad key', status: null }, latencyMs: 3 }],
  ['a payload breaking the schema (a required field missing)', { ...base, type: 'failed', error: null, latencyMs: 3 }],
  ['a payload breaking the schema (a wrong type)', { ...base, type: 'delta', text: { not: 'a string' } }],
];

describe.each([
  ['every field', EVERY_FIELD],
  ['aliases', ALIASED],
])('a compiled subscription document (%s)', (_name, document) => {
  const compiled = compileQuery(schema, document);
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled));
  const variableValues = { runId: 'run-1' };

  it.each(events)('shapes %s as graphql-js does', async (_event, payload) => {
    const root = { runEvents: payload };
    const expected = await execute({ schema, document, rootValue: root, variableValues, contextValue: {} });
    const actual = await compiled.query(root, {}, variableValues);
    // The data as text (key order included); errors by value (graphql-jit writes `data` before `errors`, which no client reads).
    expect(JSON.stringify(actual.data)).toBe(JSON.stringify(expected.data));
    expect(JSON.parse(JSON.stringify(actual.errors ?? null))).toEqual(JSON.parse(JSON.stringify(expected.errors ?? null)));
  });
});
