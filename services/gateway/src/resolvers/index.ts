import { JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { providerResolvers } from './provider.resolvers.js';
import { requestResolvers } from './request.resolvers.js';
import { runResolvers } from './run.resolvers.js';
import { workspaceResolvers } from './workspace.resolvers.js';

export const resolvers = [{ JSON: JSONResolver, JSONObject: JSONObjectResolver }, runResolvers, requestResolvers, workspaceResolvers, providerResolvers];
