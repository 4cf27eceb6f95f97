import { parseJsonText, spliceMembers } from '@reprise/contracts';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { Int64Scalar } from './int64.scalar.js';
import { replayInputOf, unansweredMessage, unansweredToolCalls, type ReplayInputValue, type ReplayNote } from './replay-input.js';
import { parseOverrides } from './replay.overrides.js';
import { bodiesOf, type RequestParent } from './request-bodies.js';

/** The provider ids a workspace can run, asked once per operation (a list of requests shares it). */
const providerIdsByContext = new WeakMap<GatewayContext, Promise<Set<string>>>();
export function providerIdsOf(ctx: GatewayContext): Promise<Set<string>> {
  let ids = providerIdsByContext.get(ctx);
  if (!ids) providerIdsByContext.set(ctx, (ids = ctx.runner.providers(ctx.workspaceId).then((list) => new Set(list.map((p) => p.id)))));
  return ids;
}

/** `replayInput` and `replayNotes` come from one reading of the body. */
const replays = new WeakMap<RequestParent, Promise<{ input: ReplayInputValue; notes: ReplayNote[] }>>();
function replayOf(record: RequestParent, ctx: GatewayContext) {
  let replay = replays.get(record);
  if (!replay) {
    const input = Promise.all([providerIdsOf(ctx), bodiesOf(record, ctx)]).then(([ids, bodies]) => replayInputOf(bodies.requestBody, record, ids));
    replays.set(record, (replay = input));
  }
  return replay;
}

export const replayResolvers: Resolvers = {
  Int64: Int64Scalar,
  Request: {
    replayInput: async (record, _, ctx) => (await replayOf(record, ctx)).input,
    replayNotes: async (record, _, ctx) => (await replayOf(record, ctx)).notes,
    reusedToolResults: (record) => record.reusedToolResults ?? [],
    judge: (record) => record.judge ?? null,
  },
  Mutation: {
    replayRequest: async (_, args, ctx) => {
      // Everything is checked before the request is read, and the request before anything is queued.
      const overrides = parseOverrides(args.overrides, ctx.limits);
      const record = await ctx.history.request(ctx.workspaceId, args.id);
      if (!record) throw badUserInput([{ field: 'id', message: 'no logged request with this id in this workspace' }]);
      let stored;
      try {
        stored = parseJsonText(record.requestBody);
      } catch {
        throw badUserInput([{ field: 'id', message: 'the stored request body is not JSON and cannot be replayed' }]);
      }
      if (stored.kind !== 'object') throw badUserInput([{ field: 'id', message: 'the stored request body is not a JSON object' }]);
      const messages = overrides.messages ?? (JSON.parse(record.requestBody) as { messages?: unknown }).messages;
      const open = unansweredToolCalls(messages);
      if (open.length) throw badUserInput([{ field: overrides.messages ? 'overrides.messages' : 'id', message: unansweredMessage(open) }]);
      // The logged provider when this workspace has one by that id ("openai" logged by an app, say); else the default.
      const provider = overrides.provider ?? ((await providerIdsOf(ctx)).has(record.provider) ? record.provider : undefined);
      const run = await ctx.runs.startRun(
        ctx.workspaceId,
        {
          provider,
          model: overrides.model ?? record.model,
          body: spliceMembers(record.requestBody, overrides.fields, stored),
          source: 'replay',
          replayOf: record.id,
          // With the conversation overridden, the recorded results are still read from the logged one.
          ...(args.options?.reuseToolResults ? { reuseToolResults: true, ...(overrides.messages ? { toolResultsFrom: record.requestBody } : {}) } : {}),
        },
        'overrides',
      );
      return { id: run.runId, provider: run.provider, model: run.model };
    },
  },
};
