import { silentLogger } from '@reprise/runtime';
import mongoose from 'mongoose';
import { startHistory } from '../server.js';
import { MONGO_URL, REDIS_URL, testDbName, testRedisPrefix, deleteRedisKeys } from './support/isolation.js';

/**
 * The indexes history leaves on a database at start, on this test
 * environment's FerretDB: the requests' collections keep only their primary
 * keys (no FerretDB 1.x query can use a list index, and each would cost every
 * insert an index update), the API keys their unique hash.
 */
describe('indexes at start, on FerretDB', () => {
  const dbName = testDbName();
  const prefix = testRedisPrefix();

  afterAll(async () => {
    const connection = await mongoose.createConnection(MONGO_URL, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
    await deleteRedisKeys(prefix);
  });

  it('drops list indexes an earlier start built, and builds none', async () => {
    // As a version with mongoose's autoIndex on left the database.
    const earlier = await mongoose.createConnection(MONGO_URL, { dbName }).asPromise();
    await earlier.collection('requests').createIndex({ workspaceId: 1, model: 1, startedAt: -1, _id: -1 });
    await earlier.collection('request_bodies').createIndex({ workspaceId: 1, startedAt: -1, _id: -1 });
    await earlier.close();

    const history = await startHistory({ mongoUrl: MONGO_URL, dbName, redisUrl: REDIS_URL, redisPrefix: prefix, logger: silentLogger() });
    try {
      // Give mongoose a moment: with autoIndex on it would build the schemas' indexes as the models compile.
      await new Promise((r) => setTimeout(r, 500));
      const names = async (collection: string) => (await history.connection.collection(collection).indexes().catch(() => [])).map((i) => i.name).sort();
      expect(await names('requests')).toEqual(['_id_']);
      expect(await names('request_bodies')).toEqual(['_id_']);
      expect(await names('request_texts')).not.toContain('workspaceId_1_day_-1');
      expect((await history.connection.collection('apiKeys').indexes()).some((i) => i.unique)).toBe(true);
    } finally {
      await history.close();
    }
  });

  // infra/local.sh adds it: FerretDB's own index on _id cannot serve the
  // `@>` it pushes an equality down as, so without it each lookup by id
  // reads every row of the collection.
  it('looks a request up by id, and a bucket of the list, through an index, not a scan of the collection', async () => {
    const connection = await mongoose.createConnection(MONGO_URL, { dbName }).asPromise();
    try {
      const collection = connection.collection<{ _id: string; workspaceId: string }>('id_lookups');
      await collection.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `req_${i}`, workspaceId: 'w' })));
      const explained = await connection.db!.command({ explain: { find: 'id_lookups', filter: { _id: 'req_250', workspaceId: 'w' } } });
      expect(JSON.stringify(explained.queryPlanner)).toMatch(/Index Scan/);
      expect(await collection.find({ _id: 'req_250', workspaceId: 'w' }).toArray()).toEqual([{ _id: 'req_250', workspaceId: 'w' }]);
      // The list's buckets too, in the list's collection.
      const list = connection.collection<{ _id: string; workspaceId: string; day: string }>('requests');
      await list.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `req_${i}`, workspaceId: 'w', day: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}` })));
      const bucket = await connection.db!.command({ explain: { find: 'requests', filter: { workspaceId: 'w', day: '2025-01-07' } } });
      expect(JSON.stringify(bucket.queryPlanner)).toMatch(/Index Scan/);
    } finally {
      await connection.close();
    }
  });
});
