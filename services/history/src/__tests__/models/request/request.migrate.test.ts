import { silentLogger } from '@reprise/runtime';
import type mongoose from 'mongoose';
import { addBands, moveBodiesApart, moveTextsApart, RequestRepository, requestModels } from '../../../models/request/index.js';
import { chatCompletion, chatRequest } from '../../support/fixtures.js';
import { connectTestDb } from '../../support/isolation.js';

let db: { connection: mongoose.Connection; drop(): Promise<void> };

beforeAll(async () => {
  db = await connectTestDb();
});

afterAll(() => db.drop());

/** A request as stored before its bodies had a collection of their own. */
function before(id: string, workspaceId: string, startedAt: string, prompt: string) {
  const now = new Date();
  return {
    _id: id,
    workspaceId,
    source: 'api',
    provider: 'openai',
    model: 'gpt-4o-mini',
    requestBody: chatRequest(prompt),
    responseBody: chatCompletion('hi there'),
    output: 'hi there',
    status: 'completed',
    startedAt: new Date(startedAt),
    tags: [],
    metadata: [],
    metaKV: [],
    toolNames: [],
    searchText: `${prompt}\nhi there`,
    createdAt: now,
    updatedAt: now,
  };
}

describe('requests stored before the bodies were kept apart', () => {
  it('are moved once: listed, searchable and read whole afterwards, and a second start moves nothing', async () => {
    const models = requestModels(db.connection);
    await db.connection.collection('requests').insertMany([
      before('old-1', 'ws-old', '2025-01-01T10:00:00.000Z', 'first old one'),
      before('old-2', 'ws-old', '2025-01-02T10:00:00.000Z', 'second old one'),
      before('old-3', 'ws-old-other', '2025-01-02T11:00:00.000Z', 'theirs'),
    ] as never[]);
    const repo = new RequestRepository(models, { ferretdb: true });
    // Before the move, the walk knows no day of theirs.
    expect((await repo.page('ws-old', {}, 10)).items).toEqual([]);

    expect(await moveBodiesApart(models, silentLogger())).toBe(3);

    expect((await repo.page('ws-old', {}, 10)).items.map((i) => i.record.id)).toEqual(['old-2', 'old-1']);
    expect((await repo.page('ws-old', { text: 'FIRST old' }, 10)).items.map((i) => i.record.id)).toEqual(['old-1']);
    expect(await repo.findById('ws-old', 'old-1')).toMatchObject({ requestBody: chatRequest('first old one'), responseBody: chatCompletion('hi there'), output: 'hi there' });
    const doc = await db.connection.collection('requests').findOne({ _id: 'old-1' as never });
    expect(doc).toMatchObject({ day: '2025-01-01', hour: '2025-01-01T10' });
    expect(doc).not.toHaveProperty('requestBody');
    expect(doc).not.toHaveProperty('searchText');
    expect(await moveBodiesApart(models, silentLogger())).toBe(0);
    expect(await db.connection.collection('request_bodies').countDocuments({ workspaceId: 'ws-old' })).toBe(2);
  });
});

describe('requests stored before the latency and cost bands', () => {
  it('get their bands once, so range filters find them, and a second start reads only the marker', async () => {
    const models = requestModels(db.connection);
    const repo = new RequestRepository(models, { ferretdb: true });
    await moveBodiesApart(models, silentLogger());
    const [slow, fast, unknown] = await repo.logMany('ws-bandless', [
      { provider: 'openai', requestBody: chatRequest('slow'), startedAt: '2025-02-01T10:00:00.000Z', latencyMs: 7000, cost: 0.02 },
      { provider: 'openai', requestBody: chatRequest('fast'), startedAt: '2025-02-01T10:01:00.000Z', latencyMs: 120, cost: 0.000002 },
      { provider: 'openai', requestBody: chatRequest('unknown'), startedAt: '2025-02-01T10:02:00.000Z' },
    ]);
    // As an earlier version stored them: no band fields at all.
    await db.connection.collection('requests').updateMany({ workspaceId: 'ws-bandless' }, { $unset: { latencyBand: 1, costBand: 1 } });
    await db.connection.collection('migrations').deleteMany({});
    expect((await repo.page('ws-bandless', { minLatencyMs: 5000 }, 10)).items).toEqual([]);

    // Two values each for the first two; the third has neither (its bands are null, not counted).
    expect(await addBands(db.connection, models, silentLogger())).toBe(4);

    expect((await repo.page('ws-bandless', { minLatencyMs: 5000 }, 10)).items.map((i) => i.record.id)).toEqual([slow]);
    expect((await repo.page('ws-bandless', { maxLatencyMs: 5000 }, 10)).items.map((i) => i.record.id)).toEqual([fast]);
    expect((await repo.page('ws-bandless', { maxCost: 0.001 }, 10)).items.map((i) => i.record.id)).toEqual([fast]);
    expect(await db.connection.collection('requests').findOne({ _id: unknown as never })).toMatchObject({ latencyBand: null, costBand: null });
    // Done once: even a request without bands now is left to the next version that needs it.
    await db.connection.collection('requests').updateOne({ _id: slow as never }, { $unset: { latencyBand: 1 } });
    expect(await addBands(db.connection, models, silentLogger())).toBe(0);
    expect(await db.connection.collection('requests').findOne({ _id: slow as never })).not.toHaveProperty('latencyBand');
  });
});

describe('requests whose searchable text is in their bodies', () => {
  it('have it moved to packs once: found by the text filter, gone from the bodies, and a second start reads only the marker', async () => {
    const models = requestModels(db.connection);
    const repo = new RequestRepository(models, { ferretdb: true });
    await moveTextsApart(db.connection, models, silentLogger());
    const [a, b] = await repo.logMany('ws-old-texts', [
      { provider: 'openai', requestBody: chatRequest('x'), startedAt: '2025-04-01T10:00:00.000Z' },
      { provider: 'openai', requestBody: chatRequest('y'), startedAt: '2025-04-03T10:00:00.000Z' },
    ]);
    // As the version before stored them: the text in the bodies' document, no pack.
    await db.connection.collection('request_texts').deleteMany({ workspaceId: 'ws-old-texts' });
    await db.connection.collection('request_bodies').updateOne({ _id: a as never }, { $set: { searchText: 'kept in the body, first' } });
    await db.connection.collection('request_bodies').updateOne({ _id: b as never }, { $set: { searchText: 'kept in the body, second' } });
    await db.connection.collection('migrations').deleteOne({ _id: 'request-texts-v1' as never });
    expect((await repo.page('ws-old-texts', { text: 'kept in the body' }, 10)).items).toEqual([]);

    expect(await moveTextsApart(db.connection, models, silentLogger())).toBe(2);

    expect((await repo.page('ws-old-texts', { text: 'kept in the body' }, 10)).items.map((i) => i.record.id)).toEqual([b, a]);
    expect(await db.connection.collection('request_bodies').countDocuments({ searchText: { $exists: true } })).toBe(0);
    expect(await moveTextsApart(db.connection, models, silentLogger())).toBe(0);
  });
});
