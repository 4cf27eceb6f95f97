import { silentLogger } from '@reprise/runtime';
import { startHistory, type HistoryService } from '../../server.js';
import { deleteRedisKeys, MONGO_URL, REDIS_URL, testDbName, testRedisPrefix } from './isolation.js';

export interface Answer {
  status: number;
  body: unknown;
  text: string;
}

/**
 * A history service of the suite's own (database and Redis prefix), a way to
 * call it over real HTTP, and its disposal: the database dropped and every
 * Redis key under the prefix deleted.
 */
export async function startTestHistory(): Promise<{
  history: HistoryService;
  /** Its Redis prefix, for a test's own queue on it. */
  prefix: string;
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  dispose(): Promise<void>;
}> {
  const prefix = testRedisPrefix();
  const history = await startHistory({ mongoUrl: MONGO_URL, dbName: testDbName(), redisUrl: REDIS_URL, redisPrefix: prefix, logger: silentLogger() });
  return {
    history,
    prefix,
    async call(method, path, body) {
      const res = await fetch(`${history.url}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const json = res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as unknown) : undefined;
      return { status: res.status, body: json, text };
    },
    async dispose() {
      await history.connection.dropDatabase();
      await history.close();
      await deleteRedisKeys(prefix);
    },
  };
}
