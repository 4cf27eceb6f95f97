import { JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { enumResolvers } from './enum.resolvers.js';
import { providerResolvers } from './provider.resolvers.js';
import { requestResolvers } from './request.resolvers.js';
import { runResolvers } from './run.resolvers.js';
import { replayResolvers } from './replay.resolvers.js';
import { batchResolvers } from './batch.resolvers.js';
import { workspaceResolvers } from './workspace.resolvers.js';

export const resolvers: Resolvers[] = [{ JSON: JSONResolver, JSONObject: JSONObjectResolver }, enumResolvers, runResolvers, replayResolvers, batchResolvers, requestResolvers, workspaceResolvers, providerResolvers];
