import type { GatewayContext } from '../context.js';
import { badUserInput, notFound } from '../errors.js';

export const workspaceResolvers = {
  Query: {
    apiKeys: (_: unknown, __: unknown, ctx: GatewayContext) => ctx.history.apiKeys(ctx.workspaceId),
  },
  Mutation: {
    createApiKey: (_: unknown, args: { name: string }, ctx: GatewayContext) => {
      const name = args.name.trim();
      if (!name || name.length > 100) throw badUserInput([{ field: 'name', message: 'a name of 1 to 100 characters is required' }]);
      return ctx.history.createApiKey(ctx.workspaceId, name);
    },
    revokeApiKey: async (_: unknown, args: { id: string }, ctx: GatewayContext) => {
      const key = await ctx.history.revokeApiKey(ctx.workspaceId, args.id);
      if (!key) throw notFound('API key');
      ctx.auth.forget(key.id);
      return key;
    },
  },
};
