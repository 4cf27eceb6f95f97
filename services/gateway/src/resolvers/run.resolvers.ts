import { isTerminal, jsonTextOf, RUN_EVENT_FIELD, runEventSchema, runOwnedBy } from '@reprise/contracts';
import { GraphQLError } from 'graphql';
import type { Resolvers, StartRunInput } from '../__generated__/resolvers-types.js';
import type { GatewayContext } from '../context.js';
import { badUserInput, ErrorCode, notFound, UnreachableCaseError } from '../errors.js';
import type { RunEventPayload } from '../subscriptions/run-event-payloads.js';
import type { StreamSubscription } from '../subscriptions/stream-hub.js';
import { defined } from './graphql-input.js';
import { parseStartRunInput } from './start-run.input.js';

const STREAM_ID = /^\d+-\d+$/;

/**
 * Turns a stream subscription into run events, ending after the terminal one.
 * A plain iterator rather than an async generator: graphql-ws calls `return()`
 * when the client leaves, and a generator waiting on `next()` would not end
 * until the run's next event.
 */
function runEventIterator(entries: StreamSubscription, runId: string): AsyncIterableIterator<{ runEvents: RunEventPayload }> {
  let ended = false;
  const finish = async (): Promise<IteratorReturnResult<undefined>> => {
    await entries.return!();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      if (ended) return finish();
      const next = await entries.next();
      if (next.done) return finish();
      const { id, fields } = next.value;
      const json = fields[fields.indexOf(RUN_EVENT_FIELD) + 1];
      const event = runEventSchema.parse(JSON.parse(json ?? 'null'));
      if (isTerminal(event)) ended = true;
      // An event's `id` is its stream position; a tool call's own id travels as `callId`.
      const payload: RunEventPayload = event.type === 'tool_call_delta' ? { ...event, callId: event.id, id, runId } : { ...event, id, runId };
      return { done: false, value: { runEvents: payload } };
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** `forkedFrom` must name a request of the caller's workspace; checked before anything is queued. */
async function forkOf(input: StartRunInput, ctx: GatewayContext): Promise<{ forkedFrom?: string }> {
  if (!input.forkedFrom) return {};
  const record = await ctx.history.request(ctx.workspaceId, input.forkedFrom);
  if (!record) throw badUserInput([{ field: 'input.forkedFrom', message: 'no request with this id in this workspace' }]);
  return { forkedFrom: record.id };
}

export const runResolvers: Resolvers = {
  Query: {
    models: (_, __, ctx) => ctx.runner.models(ctx.workspaceId),
  },
  Mutation: {
    startRun: async (_, args, ctx) => {
      const { provider, model, request } = parseStartRunInput(args.input, ctx.limits);
      // Sent as text: a seed beyond 2^53 keeps its digits (jsonTextOf writes RawJson as is).
      const fork = await forkOf(args.input, ctx);
      const run = await ctx.runs.startRun(ctx.workspaceId, { provider, model, body: jsonTextOf(request), ...fork });
      return { id: run.runId, provider: run.provider, model: run.model };
    },
    startRuns: async (_, args, ctx) => {
      if (args.variants.length < 2 || args.variants.length > 6) {
        throw badUserInput([{ field: 'variants', message: `compare 2 to 6 variants, got ${args.variants.length}` }]);
      }
      const runs = args.variants.map((variant, i) => {
        const own = defined(variant);
        // A refusal names the variant's field where the variant set it, the shared input's otherwise.
        const fieldPath = (field: string) => (field.split('.')[0]! in own ? `variants.${i}.${field}` : `input.${field}`);
        const { provider, model, request } = parseStartRunInput({ ...args.input, ...own }, ctx.limits, fieldPath);
        return { provider, model, body: jsonTextOf(request) };
      });
      const fork = await forkOf(args.input, ctx);
      const group = await ctx.runs.startRunGroup(ctx.workspaceId, runs.map((run) => ({ ...run, ...fork })));
      return { id: group.groupId, runs: group.runs.map((r) => ({ id: r.runId, provider: r.provider, model: r.model })) };
    },
    cancelRun: async (_, args, ctx) => {
      // The runner checks ownership (runOwnedBy, as runEvents does here) and answers null for another workspace's run.
      const cancelled = await ctx.runner.cancelRun(ctx.workspaceId, args.id);
      if (!cancelled) throw notFound('run');
      return { id: args.id, provider: cancelled.provider, model: cancelled.model };
    },
  },
  Subscription: {
    runEvents: {
      subscribe: async (_, args, ctx) => {
        if (args.after && !STREAM_ID.test(args.after)) {
          throw new GraphQLError('after: not an event id', { extensions: { code: ErrorCode.BadUserInput, field: 'after' } });
        }
        // Another workspace's run reads exactly like one that does not exist.
        if (!(await runOwnedBy(ctx.redis, ctx.keys, args.runId, ctx.workspaceId))) throw notFound('run');
        const entries = await ctx.streams.subscribe(ctx.keys.runStream(args.runId), args.after ?? '0-0');
        return runEventIterator(entries, args.runId);
      },
    },
  },
  RunEvent: {
    __resolveType(event) {
      switch (event.type) {
        case 'started':
          return 'RunStarted';
        case 'delta':
          return 'RunDelta';
        case 'tool_call_delta':
          return 'RunToolCallDelta';
        case 'completed':
          return 'RunCompleted';
        case 'failed':
          return 'RunFailed';
        case 'cancelled':
          return 'RunCancelled';
        case 'retrying':
          return 'RunRetrying';
        case 'tool_results':
          return 'RunToolResults';
        default:
          throw new UnreachableCaseError(event);
      }
    },
  },
};
