import { randomBytes, randomUUID } from 'node:crypto';
import { QueueName, redisKeys, type RequestLimits } from '@reprise/contracts';
import { silentLogger, type Logger } from '@reprise/runtime';
import { deleteKeys } from '@reprise/runtime/testing';
import { startHistory } from '@reprise/history';
import { startRunnerApi, startRunWorker, type ProviderRegistryOptions, type RunWorkerOptions } from '@reprise/runner';
import { startSimulator, type SimOptions } from '@reprise/simulator';
import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { Queue } from 'bullmq';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { startGateway } from '@reprise/gateway';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

export interface StackOptions {
  simulator?: Partial<SimOptions>;
  limits?: RequestLimits;
  /** Every service logs here. @default a silent logger */
  logger?: Logger;
  /** In-process run workers; 0 for tests that run workers as processes. @default 1 */
  workers?: number;
  /** Passed to each worker: retry policy, how soon a lost run is taken up, concurrency. */
  worker?: Pick<RunWorkerOptions, 'retry' | 'stalledMs' | 'concurrency'>;
  /** The simulator provider's limits (requests per minute, concurrent requests), across every worker. @default none */
  simulatorLimits?: { rpm?: number; concurrency?: number };
}

/**
 * The whole path in one process, on real Redis and the real database, each
 * test file isolated by its own Redis prefix and its own databases:
 * simulator → runner API + worker → history → gateway, plus clients.
 */
export async function startStack(options: StackOptions = {}) {
  const id = randomUUID().slice(0, 8);
  const prefix = `test-${id}`;
  const logger = options.logger ?? silentLogger();
  const simulator = await startSimulator({ logger, defaults: options.simulator });
  // The runner's own database (providers) and the key sealing their credentials, both per stack.
  const runnerDb = `test_runner_${id}`;
  const encryptionKey = randomBytes(32).toString('base64');
  const providers: ProviderRegistryOptions = {
    providers: [
      { id: 'simulator', label: 'Local simulator', baseURL: simulator.url, apiKey: 'sim-key', models: ['sim-fast', 'sim-large'], limits: options.simulatorLimits },
    ],
    database: { mongoUrl: MONGO_URL, dbName: runnerDb, encryptionKey },
  };
  const history = await startHistory({ mongoUrl: MONGO_URL, dbName: `test_${id}`, redisUrl: REDIS_URL, redisPrefix: prefix, logger });
  const runnerApi = await startRunnerApi({ redisUrl: REDIS_URL, redisPrefix: prefix, providers, logger, batches: { historyUrl: history.url } });
  const workerOptions: RunWorkerOptions = {
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    providers,
    concurrency: 20,
    streamTtlSeconds: 600,
    retry: { baseDelayMs: 50 },
    logger,
    ...options.worker,
  };
  const workers = await Promise.all(Array.from({ length: options.workers ?? 1 }, () => startRunWorker(workerOptions)));
  const historyDb = `test_${id}`;
  const gateway = await startGateway({ historyUrl: history.url, runnerUrl: runnerApi.url, redisUrl: REDIS_URL, redisPrefix: prefix, limits: options.limits, logger });

  /** A new workspace and an API key for it, as the start command's bootstrap makes one. */
  const newWorkspace = async (name = 'test') => {
    const workspaceId = await history.apiKeys.createWorkspace(name);
    const { key } = await history.apiKeys.create(workspaceId, `${name} key`);
    return { workspaceId, apiKey: key };
  };
  const main = await newWorkspace('main');

  const redis = new Redis(REDIS_URL);
  const runsQueue = new Queue(QueueName.Runs, { connection: redis, prefix });
  const wsClients: WsClient[] = [];

  /** A graphql-ws client, as an integration or the web page would open one; the key goes in connection_init. */
  const wsClient = (apiKey: string | null = main.apiKey) => {
    const client = createClient({
      url: gateway.wsUrl,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    });
    wsClients.push(client);
    return client;
  };

  /** An urql client: queries and mutations over HTTP, subscriptions over graphql-ws. */
  const urql = (apiKey: string | null = main.apiKey) => {
    const ws = wsClient(apiKey);
    return new Client({
      url: gateway.url,
      requestPolicy: 'network-only',
      preferGetMethod: false,
      fetchOptions: () => (apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
      exchanges: [
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
    });
  };

  /** One GraphQL operation over HTTP, answered as the server sent it. */
  const graphql = async <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, apiKey: string | null = main.apiKey) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T | null; errors?: { message: string; extensions?: Record<string, any> }[] };
  };

  return {
    simulator,
    graphql,
    history,
    gateway,
    prefix,
    /** The stack's Redis keys: every key its services write sits under `prefix`. */
    keys: redisKeys(prefix),
    historyDb,
    /** The runner's database: read it through `history.connection.useDb(runnerDb)` to see what is stored. */
    runnerDb,
    /**
     * What a runner process (`worker.main.ts`) needs besides REDIS_URL and
     * REDIS_PREFIX to share this stack's providers.
     */
    runnerEnv: { MONGO_URL, RUNNER_DB: runnerDb, PROVIDER_ENCRYPTION_KEY: encryptionKey, SIMULATOR_URL: simulator.url },
    workerOptions,
    /** The runner API, for what another process does behind the gateway's back. */
    runnerUrl: runnerApi.url,
    /** The main test workspace and its key; clients use it unless given another. */
    workspaceId: main.workspaceId,
    apiKey: main.apiKey,
    newWorkspace,
    wsClient,
    urql,
    /** Jobs ever added to the `runs` queue and still kept (completed jobs are kept for an hour). */
    async queuedRunCount(): Promise<number> {
      const counts = await runsQueue.getJobCounts();
      return Object.values(counts).reduce((a: number, b) => a + Number(b), 0);
    },
    async close() {
      await Promise.all(wsClients.map((c) => c.dispose()));
      await gateway.close();
      await Promise.all(workers.map((w) => w.close()));
      await runnerApi.close();
      await runsQueue.close();
      // Every key the stack's services wrote (queues, run streams and owners,
      // limiter counts) sits under its prefix: none is left behind.
      await deleteKeys(redis, `${prefix}:*`);
      redis.disconnect();
      await history.close();
      // Dropped once every service is stopped, so nothing writes after, and on
      // a connection of its own: a test that takes the stack's history down
      // has closed history's (which left the runner's database behind), and
      // one opened again would create its models' collections anew.
      const admin = await history.connection.base.createConnection(MONGO_URL).asPromise();
      try {
        await admin.useDb(runnerDb).dropDatabase();
        await admin.useDb(historyDb).dropDatabase();
      } finally {
        await admin.close();
      }
      await simulator.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
