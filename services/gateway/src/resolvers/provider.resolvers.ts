import { providerInputSchema, providerModelInputSchema, providerPatchSchema } from '@reprise/contracts';
import type { CreateProviderInput, ModelInput, ProviderLimitsInput, Resolvers, UpdateProviderInput } from '../__generated__/resolvers-types.js';
import { notFound, providerError } from '../errors.js';
import { defined, parseInput } from './graphql-input.js';

// GraphQL sends null for what the caller left out; the contracts' schemas
// want it absent. Header values are the exception in an update, where null
// means "remove this header".
const modelBody = (m: ModelInput) => defined({ ...m, supports: m.supports ? defined(m.supports) : undefined });
const limitsBody = (l: ProviderLimitsInput | null | undefined) => (l ? defined(l) : undefined);

function createBody(input: CreateProviderInput) {
  return defined({
    ...input,
    headers: input.headers?.map((h) => defined(h)),
    models: input.models?.map(modelBody),
    limits: limitsBody(input.limits),
  });
}

function patchBody(input: UpdateProviderInput) {
  return defined({
    ...input,
    headers: input.headers?.map((h) => ({ ...defined({ name: h.name }), value: h.value ?? null })),
    limits: limitsBody(input.limits),
  });
}

/** The runner answers null for another workspace's provider as for a missing one: both read NOT_FOUND. */
function found<T>(value: T | null): T {
  if (value === null) throw notFound('provider');
  return value;
}

/**
 * Providers of the caller's workspace. Input is checked here with the
 * contracts' schemas (BAD_USER_INPUT naming `input.<field>`) and again by
 * the runner; another workspace's provider is NOT_FOUND, like a missing one.
 */
export const providerResolvers: Resolvers = {
  Query: {
    providers: (_, __, ctx) => ctx.runner.providers(ctx.workspaceId),
    provider: (_, args, ctx) => ctx.runner.getProvider(ctx.workspaceId, args.id),
  },
  Mutation: {
    createProvider: (_, args, ctx) =>
      ctx.runner.createProvider(ctx.workspaceId, parseInput(providerInputSchema, createBody(args.input), 'input')),

    updateProvider: async (_, args, ctx) => {
      const patch = parseInput(providerPatchSchema, patchBody(args.input), 'input');
      return found(await ctx.runner.updateProvider(ctx.workspaceId, args.id, patch));
    },

    deleteProvider: async (_, args, ctx) => {
      if (!(await ctx.runner.deleteProvider(ctx.workspaceId, args.id))) throw notFound('provider');
      // The runner announces it too; forgetting it here at once refuses this caller's next run of it.
      ctx.runs.forget(args.id);
      return true;
    },

    addModel: async (_, args, ctx) => {
      const model = parseInput(providerModelInputSchema, modelBody(args.input), 'input');
      return found(await ctx.runner.addModel(ctx.workspaceId, args.providerId, model));
    },

    removeModel: async (_, args, ctx) =>
      found(await ctx.runner.removeModel(ctx.workspaceId, args.providerId, args.modelId)),

    refreshModels: async (_, args, ctx) => {
      const res = await ctx.runner.refreshModels(ctx.workspaceId, args.providerId);
      const answer = found(res);
      if (!answer.ok) throw providerError(answer.error);
      return answer.provider;
    },

    testProvider: async (_, args, ctx) =>
      found(await ctx.runner.testProvider(ctx.workspaceId, args.id)),
  },
};
