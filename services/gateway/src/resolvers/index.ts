import { requestResolvers } from './request.resolvers.js';
import { runResolvers } from './run.resolvers.js';

export const resolvers = [runResolvers, requestResolvers];
