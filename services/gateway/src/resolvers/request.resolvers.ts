import type { Resolvers } from '../__generated__/resolvers-types.js';
import { badUserInput, notFound } from '../errors.js';
import { bodiesOf, type RequestParent } from './request-bodies.js';
import { toFilter, toLogItems } from './request.input.js';

function found<T extends RequestParent>(record: T | null): T {
  if (!record) throw notFound('request');
  return record;
}

export const requestResolvers: Resolvers = {
  Request: {
    requestBody: async (record, _, ctx) => (await bodiesOf(record, ctx)).requestBody,
    responseBody: async (record, _, ctx) => (await bodiesOf(record, ctx)).responseBody,
  },
  Query: {
    request: (_, args, ctx) => ctx.history.request(ctx.workspaceId, args.id),
    requests: async (_, args, ctx) => {
      const first = args.first ?? 20;
      if (first < 1 || first > 200) throw badUserInput([{ field: 'first', message: 'must be between 1 and 200' }]);
      const page = await ctx.history.requests(ctx.workspaceId, toFilter(args.filter), first, args.after ?? undefined);
      return {
        edges: page.items.map((item) => ({ cursor: item.cursor, node: item.record })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    requestStats: (_, args, ctx) => ctx.history.stats(ctx.workspaceId, toFilter(args.filter)),
  },
  Mutation: {
    logRequest: async (_, args, ctx) => {
      const [id] = await ctx.history.log(ctx.workspaceId, toLogItems([args.input], 'input'), 'input');
      return id!;
    },
    logRequests: (_, args, ctx) => ctx.history.log(ctx.workspaceId, toLogItems(args.inputs, 'inputs'), 'inputs'),
    setTags: async (_, args, ctx) => found(await ctx.history.setTags(ctx.workspaceId, args.id, args.tags)),
    setScore: async (_, args, ctx) => found(await ctx.history.setScore(ctx.workspaceId, args.id, args.score ?? null)),
    deleteRequests: async (_, args, ctx) => {
      if (args.ids.length === 0) return 0;
      if (args.ids.length > 1000) throw badUserInput([{ field: 'ids', message: 'at most 1000 ids per call' }]);
      return ctx.history.deleteRequests(ctx.workspaceId, args.ids);
    },
  },
};
