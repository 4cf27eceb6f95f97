import type { Logger } from '@reprise/contracts/runtime';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { registerRoutes } from './api/routes.js';
import { RequestRepository, requestModel } from './models/request/index.js';
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
  /** BullMQ key prefix. @default 'reprise' */
  queuePrefix?: string;
  /** Records stored at once. @default 16 */
  recordConcurrency?: number;
  logger: Logger;
}

export interface HistoryService {
  url: string;
  /** Direct database access, for tests. */
  connection: mongoose.Connection;
  close(): Promise<void>;
}

/** The history service: its HTTP API and its consumer of the `record` queue. */
export async function startHistory(options: HistoryOptions): Promise<HistoryService> {
  const { port = 0, host = '127.0.0.1', dbName = 'history', queuePrefix = 'reprise', recordConcurrency = 16, logger } = options;
  const connection = await mongoose.createConnection(options.mongoUrl, { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  const model = requestModel(connection);
  await model.createIndexes();
  const requests = new RequestRepository(model);

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const consumer = startRecordConsumer({ connection: redis, prefix: queuePrefix, concurrency: recordConcurrency, requests, logger });

  const app = Fastify({ loggerInstance: logger.child({ component: 'history-api' }, { level: 'warn' }) as FastifyBaseLogger });
  registerRoutes(app, requests);
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  return {
    url: `http://${host}:${boundPort}`,
    connection,
    async close() {
      await app.close();
      await consumer.close();
      redis.disconnect();
      await connection.close();
    },
  };
}
