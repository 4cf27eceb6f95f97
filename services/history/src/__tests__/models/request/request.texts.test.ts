import type mongoose from 'mongoose';
import { RequestRepository, requestModels } from '../../../models/request/index.js';
import { unpack } from '../../../models/request/request.texts.js';
import type { RequestTextsDoc } from '../../../models/request/request.schema.js';
import { logItem, recordJob } from '../../support/fixtures.js';
import { connectTestDb } from '../../support/isolation.js';

let db: { connection: mongoose.Connection; drop(): Promise<void> };
let repo: RequestRepository;

beforeAll(async () => {
  db = await connectTestDb();
  repo = new RequestRepository(requestModels(db.connection), { ferretdb: true });
});

afterAll(() => db.drop());

const texts = () => db.connection.collection('request_texts');

describe('searchable text, packed', () => {
  it('keeps one pack per workspace and day of a write', async () => {
    await repo.logMany('ws-pack', [
      logItem({ prompt: 'Alpha one', startedAt: '2025-05-01T10:00:00.000Z' }),
      logItem({ prompt: 'alpha two', startedAt: '2025-05-01T23:59:00.000Z' }),
      logItem({ prompt: 'alpha three', startedAt: '2025-05-02T00:00:00.000Z' }),
    ]);
    const packs = await texts().find({ workspaceId: 'ws-pack' }).sort({ day: 1 }).toArray();
    expect(packs.map((p) => [p.day, unpack(p as unknown as RequestTextsDoc).texts.length])).toEqual([
      ['2025-05-01', 2],
      ['2025-05-02', 1],
    ]);
    expect(unpack(packs[0] as unknown as RequestTextsDoc).texts[0]).toContain('alpha one');
    // Compressed: the text itself is not in the stored document.
    expect(JSON.stringify(packs)).not.toContain('alpha');
    expect((await repo.page('ws-pack', { text: 'ALPHA' }, 10)).items.map((i) => i.record.prompt)).toEqual(['alpha three', 'alpha two', 'Alpha one']);
  });

  it('reads an hour of a large day as its own bucket, in list order', async () => {
    // More than a day bucket holds (1,000): the list walks this day by its hours.
    const items = Array.from({ length: 1100 }, (_, i) => logItem({ prompt: i % 100 === 0 ? `needle ${i}` : `hay ${i}`, startedAt: new Date(Date.UTC(2025, 5, 1, Math.floor(i / 50), i % 50)).toISOString() }));
    await repo.logMany('ws-hours', items);
    const page = await repo.page('ws-hours', { text: 'needle' }, 5);
    expect(page.items.map((i) => i.record.prompt)).toEqual(['needle 1000', 'needle 900', 'needle 800', 'needle 700', 'needle 600']);
    expect(page.hasNextPage).toBe(true);
  });

  it('gives a run recorded twice once', async () => {
    const run = recordJob({ workspaceId: 'ws-twice', promptText: 'twice told', output: 'tale' });
    await repo.recordRuns([run]);
    await repo.recordRuns([run]);
    expect((await repo.page('ws-twice', { text: 'twice told' }, 10)).items.map((i) => i.record.id)).toEqual([run.runId]);
    expect(await repo.stats('ws-twice', { text: 'twice told' })).toMatchObject({ count: 1 });
  });

  it("drops a deleted request's text from storage, and leaves the others' and other workspaces'", async () => {
    const [gone, kept] = await repo.logMany('ws-delete', [logItem({ prompt: 'secret gone' }), logItem({ prompt: 'secret kept' })]);
    const [theirs] = await repo.logMany('ws-delete-other', [logItem({ prompt: 'secret theirs' })]);
    // Another workspace's id deletes nothing.
    expect(await repo.deleteMany('ws-delete', [theirs!])).toBe(0);
    expect(await repo.deleteMany('ws-delete', [gone!])).toBe(1);
    const stored = (await texts().find({ workspaceId: { $in: ['ws-delete', 'ws-delete-other'] } }).toArray()).flatMap((p) => unpack(p as unknown as RequestTextsDoc).texts);
    expect(stored.some((t) => t.includes('secret gone'))).toBe(false);
    expect(stored.filter((t) => t.includes('secret kept') || t.includes('secret theirs'))).toHaveLength(2);
    expect((await repo.page('ws-delete', { text: 'secret' }, 10)).items.map((i) => i.record.id)).toEqual([kept]);
    expect(await repo.deleteMany('ws-delete', [kept!])).toBe(1);
    expect(await texts().countDocuments({ workspaceId: 'ws-delete' })).toBe(0);
  });
});

describe('packs written uncompressed (as first stored)', () => {
  it('are read, and a deletion rewrites them compressed', async () => {
    const [a, b] = await repo.logMany('ws-arrays', [logItem({ prompt: 'plain one', startedAt: '2025-07-01T10:00:00.000Z' }), logItem({ prompt: 'plain two', startedAt: '2025-07-01T11:00:00.000Z' })]);
    await texts().deleteMany({ workspaceId: 'ws-arrays' });
    await texts().insertOne({ _id: 'arrays' as never, workspaceId: 'ws-arrays', day: '2025-07-01', ids: [a, b], at: [new Date('2025-07-01T10:00:00.000Z'), new Date('2025-07-01T11:00:00.000Z')], texts: ['plain one', 'plain two'] });
    expect((await repo.page('ws-arrays', { text: 'plain' }, 10)).items.map((i) => i.record.id)).toEqual([b, a]);
    await repo.deleteMany('ws-arrays', [a!]);
    const [pack] = await texts().find({ workspaceId: 'ws-arrays' }).toArray();
    expect(pack).not.toHaveProperty('texts');
    expect(unpack(pack as unknown as RequestTextsDoc).ids).toEqual([b]);
  });
});
