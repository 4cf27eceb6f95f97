import type { Resolvers } from '../__generated__/resolvers-types.js';
import { badUserInput, notFound } from '../errors.js';

export const workspaceResolvers: Resolvers = {
  Query: {
    apiKeys: (_, __, ctx) => ctx.history.apiKeys(ctx.workspaceId),
  },
  Mutation: {
    createApiKey: (_, args, ctx) => {
      const name = args.name.trim();
      if (!name || name.length > 100) throw badUserInput([{ field: 'name', message: 'a name of 1 to 100 characters is required' }]);
      return ctx.history.createApiKey(ctx.workspaceId, name);
    },
    revokeApiKey: async (_, args, ctx) => {
      const key = await ctx.history.revokeApiKey(ctx.workspaceId, args.id);
      if (!key) throw notFound('API key');
      ctx.auth.forget(key.id);
      return key;
    },
  },
};
