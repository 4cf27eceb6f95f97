import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { DEFAULT_LIMITS, redisKeys, type RequestLimits } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { makeExecutableSchema } from '@graphql-tools/schema';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ConnectionInitMessage } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { Authenticator } from './auth/authenticator.js';
import { HistoryClient } from './clients/history.client.js';
import { exportHandler } from './export.route.js';
import { RunQueue } from './clients/run-queue.js';
import { compiledSubscribe } from './subscriptions/compiled-subscribe.js';
import { RunnerClient } from './clients/runner.client.js';
import type { GatewayContext } from './context.js';
import { ErrorCode } from './errors.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/load.js';
import { createDocumentCache } from './subscriptions/document-cache.js';
import { batchWritesPerTurn } from './subscriptions/socket-batcher.js';
import { StreamHub } from './subscriptions/stream-hub.js';

export interface GatewayOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  historyUrl: string;
  runnerUrl: string;
  redisUrl: string;
  /** Prefix of every Redis key the project writes, as the runner and history are given it. @default 'reprise' */
  redisPrefix?: string;
  /** @default DEFAULT_LIMITS */
  limits?: RequestLimits;
  /** How long a verified API key is trusted before history is asked again. @default 5000 */
  authCacheMs?: number;
  logger: Logger;
}

export interface Gateway {
  /** HTTP endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** WebSocket endpoint on the same port and path. */
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Errors we did not raise on purpose are logged whole and reach the client
 * masked: an internal message can carry hostnames, ids or provider detail.
 */
function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code === ErrorCode.BadUserInput && !formatted.extensions?.field) {
      return { ...formatted, extensions: { ...formatted.extensions, field: coercionField(formatted.message) } };
    }
    if (code && code !== ErrorCode.Internal) return formatted;
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    logger.error({ err: original, path: formatted.path }, 'internal error in a resolver');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
  };
}

/**
 * The field a variable-coercion error is about, in the same dotted form as
 * our own refusals: graphql-js says `Variable "$filter" got invalid value
 * "DONE" at "filter.status[0]"` or `Field "model" of required type ... was
 * not provided` (under the variable it names).
 */
function coercionField(message: string): string | undefined {
  const variable = /Variable "\$([^"]+)"/.exec(message)?.[1];
  const at = /at "([^"]+)"/.exec(message)?.[1];
  const missing = /Field "([^"]+)" of required type/.exec(message)?.[1];
  const path = at ?? variable;
  if (!path) return undefined;
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  return missing ? `${dotted}.${missing}` : dotted;
}

/** The public GraphQL endpoint: queries and mutations over HTTP, subscriptions over graphql-ws, one port. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { port = 0, host = '127.0.0.1', redisPrefix = 'reprise', limits = DEFAULT_LIMITS, logger } = options;
  const schema = makeExecutableSchema<GatewayContext>({ typeDefs, resolvers });

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const blockingRedis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });

  const app = express();
  const httpServer = createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  batchWritesPerTurn(wsServer);
  const streams = new StreamHub({ redis, blockingRedis, logger });
  await streams.start();

  const history = new HistoryClient(options.historyUrl);
  const auth = new Authenticator({ history, cacheMs: options.authCacheMs });
  const runner = new RunnerClient(options.runnerUrl);
  const keys = redisKeys(redisPrefix);
  const runs = new RunQueue({ redisUrl: options.redisUrl, redisPrefix, keys, runner, logger });
  const base: Omit<GatewayContext, 'workspaceId'> = {
    runner,
    runs,
    history,
    streams,
    redis,
    keys,
    auth,
    limits,
    logger,
  };
  const contextFor = (workspaceId: string): GatewayContext => ({ ...base, workspaceId });

  const documentFor = createDocumentCache(schema);
  // Each connection carries its workspace once its key is verified in connection_init.
  const wsCleanup = useServer<ConnectionInitMessage['payload'], { workspaceId: string }>(
    {
      schema,
      // The key travels in connection_init ({ authorization: 'Bearer <key>' }).
      // A refused connection closes with 4401 and says why.
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        try {
          const verified = await auth.authenticate(params.authorization ?? params.Authorization);
          ctx.extra.workspaceId = verified.workspaceId;
          return true;
        } catch (err) {
          ctx.extra.socket.close(4401, `UNAUTHENTICATED: ${err instanceof Error ? err.message : 'invalid API key'}`.slice(0, 120));
          return false;
        }
      },
      subscribe: compiledSubscribe(schema),
      onSubscribe: (ctx, _id, payload) => {
        const document = documentFor(payload.query);
        if (!('kind' in document)) return document;
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          // onConnect refused every connection without a workspace.
          contextValue: contextFor(ctx.extra.workspaceId!),
        };
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const err of errors) if (!err.extensions?.code) logger.error({ err }, 'subscription error');
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: formatError(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin wraps every field resolver of the
      // shared schema, which graphql-ws executes too; we set no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/export', exportHandler({ auth, history, schema, logger }));
  app.use(
    '/graphql',
    express.json({ limit: '64mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor((await auth.authenticate(req.headers.authorization)).workspaceId),
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const address = httpServer.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  return {
    url: `http://${host}:${boundPort}/graphql`,
    wsUrl: `ws://${host}:${boundPort}/graphql`,
    port: boundPort,
    async close() {
      await apollo.stop();
      await streams.close();
      await runs.close();
      blockingRedis.disconnect();
      redis.disconnect();
    },
  };
}
