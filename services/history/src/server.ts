import type { Logger } from '@reprise/runtime';
import { useZodValidation } from '@reprise/runtime/fastify';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { registerApiKeyRoutes } from './api/api-keys.routes.js';
import { registerBatchRoutes } from './api/batches.routes.js';
import { registerRequestRoutes } from './api/requests.routes.js';
import { ApiKeyRepository, apiKeyModel } from './models/api-key/index.js';
import { addBands, moveBodiesApart, moveTextsApart, ReplayRepository, RequestRepository, requestModels } from './models/request/index.js';
import { workspaceModel } from './models/workspace/index.js';
import { startRecordConsumer } from './record.consumer.js';

export interface HistoryOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Server URL without a database name. */
  mongoUrl: string;
  /** @default 'history' */
  dbName?: string;
  redisUrl: string;
  /**
   * Prefix of every Redis key history touches (BullMQ's prefix: the `record`
   * queue lives under `<prefix>:record`). The runner must use the same value.
   * @default 'reprise'
   */
  redisPrefix?: string;
  /** Records taken from the queue at once; those that arrive together are stored in one insert. @default 50 */
  recordConcurrency?: number;
  logger: Logger;
}

export interface HistoryService {
  url: string;
  /** Direct database access, for tests. */
  connection: mongoose.Connection;
  apiKeys: ApiKeyRepository;
  close(): Promise<void>;
}

type Indexed = { createIndexes(): Promise<unknown>; collection: { dropIndexes(): Promise<unknown>; indexes(): Promise<{ name?: string }[]> } };

/** The FerretDB version behind `connection`, or null on MongoDB. */
async function ferretdbVersion(connection: mongoose.Connection): Promise<string | null> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : null;
}

/**
 * Builds the models' indexes. On FerretDB 1.x the requests' collections keep
 * only their primary keys: FerretDB turns each index into a PostgreSQL btree
 * on `_jsonb->'field'`, while the SQL it pushes a filter down as is
 * `_jsonb->$1 @> $2`, which no btree serves (and it sorts in Go). There
 * the list indexes would cost every insert an index update each and serve
 * no query. MongoDB, where they serve the list, gets all of them; unique
 * indexes (API key hashes) are built everywhere, since they enforce uniqueness.
 *
 * Mongoose's own index building is off for that reason (`autoIndex: false`
 * on the connection): left on, it built every list index on FerretDB all the
 * same, as each model was compiled. A FerretDB database a version with it on
 * wrote still has them, so they are dropped there (the primary key stays).
 */
async function createIndexes(ferretdb: string | null, models: Record<string, Indexed>, mongoOnly: readonly Indexed[], logger: Logger): Promise<void> {
  if (ferretdb) {
    logger.info({ ferretdb }, 'FerretDB: the requests list indexes are MongoDB-only (no FerretDB 1.x query could use them)');
  }
  await Promise.all(
    Object.values(models).map(async (m) => {
      if (!ferretdb || !mongoOnly.includes(m)) return m.createIndexes();
      const built = (await m.collection.indexes().catch(() => [])).filter((i) => i.name !== '_id_');
      if (!built.length) return;
      logger.info({ indexes: built.map((i) => i.name) }, 'FerretDB: dropping list indexes no query uses');
      await m.collection.dropIndexes();
    }),
  );
}

/** The history service: its HTTP API and its consumer of the `record` queue. */
export async function startHistory(options: HistoryOptions): Promise<HistoryService> {
  const { port = 0, host = '127.0.0.1', dbName = 'history', redisPrefix = 'reprise', recordConcurrency = 50, logger } = options;
  const connection = await mongoose.createConnection(options.mongoUrl, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
  const models = {
    ...requestModels(connection),
    apiKeys: apiKeyModel(connection),
    workspaces: workspaceModel(connection),
  };
  const ferretdb = await ferretdbVersion(connection);
  await createIndexes(ferretdb, models, [models.requests, models.bodies, models.texts], logger);
  const requests = new RequestRepository(models, { ferretdb: ferretdb !== null });
  await moveBodiesApart(models, logger);
  await moveTextsApart(connection, models, logger);
  await addBands(connection, models, logger);
  const apiKeys = new ApiKeyRepository(models.apiKeys, models.workspaces);

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const consumer = startRecordConsumer({ connection: redis, prefix: redisPrefix, concurrency: recordConcurrency, requests, logger });

  // Bodies up to 64 MB: a logRequests batch of 1,000 carries whole conversations.
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024, loggerInstance: logger.child({ component: 'history-api' }, { level: 'warn' }) as FastifyBaseLogger });
  // Before the routes: their schemas are compiled by it.
  useZodValidation(app);
  app.get('/healthz', async () => ({ ok: true }));
  registerRequestRoutes(app, requests);
  registerApiKeyRoutes(app, apiKeys);
  registerBatchRoutes(app, new ReplayRepository(models.requests, requests.bodies));
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${boundPort}`,
    connection,
    apiKeys,
    async close() {
      // Idempotent: a test that takes history down mid-run closes it twice.
      if (closing) return closing;
      closing = (async () => {
        await app.close();
        await consumer.close();
        redis.disconnect();
        await connection.close();
      })();
      return closing;
    },
  };
}
