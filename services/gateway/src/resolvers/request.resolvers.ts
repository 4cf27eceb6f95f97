import type { RequestRecord } from '@reprise/contracts';
import type { GatewayContext } from '../context.js';
import { badUserInput, notFound } from '../errors.js';
import { toFilter, toLogItems, type LogRequestInput, type RequestFilterInput } from './request.input.js';

function found(record: RequestRecord | null): RequestRecord {
  if (!record) throw notFound('request');
  return record;
}

export const requestResolvers = {
  Query: {
    request: (_: unknown, args: { id: string }, ctx: GatewayContext) => ctx.history.request(ctx.workspaceId, args.id),
    requests: async (_: unknown, args: { filter?: RequestFilterInput | null; first: number; after?: string | null }, ctx: GatewayContext) => {
      if (args.first < 1 || args.first > 200) throw badUserInput([{ field: 'first', message: 'must be between 1 and 200' }]);
      const page = await ctx.history.requests(ctx.workspaceId, toFilter(args.filter), args.first, args.after ?? undefined);
      return {
        edges: page.items.map((item) => ({ cursor: item.cursor, node: item.record })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    requestStats: (_: unknown, args: { filter?: RequestFilterInput | null }, ctx: GatewayContext) =>
      ctx.history.stats(ctx.workspaceId, toFilter(args.filter)),
  },
  Mutation: {
    logRequest: async (_: unknown, args: { input: LogRequestInput }, ctx: GatewayContext) => {
      const [id] = await ctx.history.log(ctx.workspaceId, toLogItems([args.input], 'input'), 'input');
      return id;
    },
    logRequests: (_: unknown, args: { inputs: LogRequestInput[] }, ctx: GatewayContext) =>
      ctx.history.log(ctx.workspaceId, toLogItems(args.inputs, 'inputs'), 'inputs'),
    setTags: async (_: unknown, args: { id: string; tags: string[] }, ctx: GatewayContext) =>
      found(await ctx.history.setTags(ctx.workspaceId, args.id, args.tags)),
    setScore: async (_: unknown, args: { id: string; score?: number | null }, ctx: GatewayContext) =>
      found(await ctx.history.setScore(ctx.workspaceId, args.id, args.score ?? null)),
    deleteRequests: (_: unknown, args: { ids: string[] }, ctx: GatewayContext) => {
      if (args.ids.length === 0) return 0;
      if (args.ids.length > 1000) throw badUserInput([{ field: 'ids', message: 'at most 1000 ids per call' }]);
      return ctx.history.deleteRequests(ctx.workspaceId, args.ids);
    },
  },
  Request: {
    source: (r: RequestRecord) => r.source.toUpperCase(),
    status: (r: RequestRecord) => r.status.toUpperCase(),
  },
};
