import { silentLogger } from '@reprise/runtime';
import type mongoose from 'mongoose';
import { moveBodiesApart, RequestRepository, requestModels } from '../../../models/request/index.js';
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
