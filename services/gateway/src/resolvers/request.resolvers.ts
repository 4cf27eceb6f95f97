import type { RequestRecord } from '@reprise/contracts';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';

export const requestResolvers = {
  Query: {
    request: (_: unknown, args: { id: string }, ctx: GatewayContext) => ctx.history.request(ctx.workspaceId, args.id),
    requests: async (_: unknown, args: { first: number; after?: string | null }, ctx: GatewayContext) => {
      if (args.first < 1 || args.first > 200) throw badUserInput([{ field: 'first', message: 'must be between 1 and 200' }]);
      const page = await ctx.history.requests(ctx.workspaceId, args.first, args.after ?? undefined);
      return {
        edges: page.items.map((item) => ({ cursor: item.cursor, node: item.record })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
  },
  Request: {
    source: (r: RequestRecord) => r.source.toUpperCase(),
    status: (r: RequestRecord) => r.status.toUpperCase(),
  },
};
