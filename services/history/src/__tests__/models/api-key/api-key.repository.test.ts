import type mongoose from 'mongoose';
import { ApiKeyRepository, apiKeyModel, type ApiKeyModel } from '../../../models/api-key/index.js';
import { workspaceModel } from '../../../models/workspace/index.js';
import { connectTestDb } from '../../support/isolation.js';

let db: { connection: mongoose.Connection; drop(): Promise<void> };
let keysModel: ApiKeyModel;
let keys: ApiKeyRepository;
let workspaceId: string;

beforeAll(async () => {
  db = await connectTestDb();
  keysModel = apiKeyModel(db.connection);
  const workspaces = workspaceModel(db.connection);
  await Promise.all([keysModel.createIndexes(), workspaces.createIndexes()]);
  keys = new ApiKeyRepository(keysModel, workspaces);
  workspaceId = await keys.createWorkspace('Team A');
});

afterAll(() => db.drop());

describe('API keys', () => {
  it('are shown once: the stored document holds no trace of the secret', async () => {
    const { key, apiKey } = await keys.create(workspaceId, 'ci');
    expect(key).toMatch(/^rp_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'ci', prefix: key.slice(0, 9), lastUsedAt: null, revokedAt: null });
    const stored = await db.connection.collection('apiKeys').findOne({ _id: apiKey.id as never });
    expect(stored).not.toBeNull();
    const text = JSON.stringify(stored);
    // The prefix (shown in lists) is the only part of the key that is kept.
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(9));
    expect(text).not.toContain(key.slice(3, 30));
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verify to their workspace and id', async () => {
    const { key, apiKey } = await keys.create(workspaceId, 'app');
    expect(await keys.verify(key)).toEqual({ workspaceId, keyId: apiKey.id });
  });

  it.each([
    ['an unknown key', 'rp_' + 'A'.repeat(43)],
    ['a key without the prefix', 'A'.repeat(46)],
    ['an empty key', ''],
  ])('do not verify from %s', async (_name, key) => {
    expect(await keys.verify(key)).toBeNull();
  });

  it('do not verify with one character changed', async () => {
    const { key } = await keys.create(workspaceId, 'typo');
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(await keys.verify(key.slice(0, -1) + last)).toBeNull();
  });

  it('verify as null once revoked', async () => {
    const { key, apiKey } = await keys.create(workspaceId, 'to revoke');
    const revoked = await keys.revoke(workspaceId, apiKey.id);
    expect(revoked).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });
    expect(await keys.verify(key)).toBeNull();
    expect((await keys.list(workspaceId)).find((k) => k.id === apiKey.id)!.revokedAt).toBe(revoked!.revokedAt);
  });

  it("refuse a revocation from another workspace, and keep working", async () => {
    const other = await keys.createWorkspace('Team B');
    const { key, apiKey } = await keys.create(workspaceId, 'guarded');
    expect(await keys.revoke(other, apiKey.id)).toBeNull();
    expect(await keys.revoke(workspaceId, 'no-such-key')).toBeNull();
    expect(await keys.verify(key)).toEqual({ workspaceId, keyId: apiKey.id });
    expect(await keys.list(other)).toEqual([]);
  });

  it('record when they were last used, at most once a minute', async () => {
    const { key, apiKey } = await keys.create(workspaceId, 'used');
    const lastUsed = async () => (await keys.list(workspaceId)).find((k) => k.id === apiKey.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    await keys.verify(key);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(before - 1000);
    await keys.verify(key);
    expect(await lastUsed()).toBe(first);
  });

  it("list a workspace's keys, newest first, and count the live ones", async () => {
    const team = await keys.createWorkspace('Team C');
    const older = await keys.create(team, 'older');
    await new Promise((r) => setTimeout(r, 5));
    const newer = await keys.create(team, 'newer');
    expect((await keys.list(team)).map((k) => k.id)).toEqual([newer.apiKey.id, older.apiKey.id]);
    expect(await keys.countActive(team)).toBe(2);
    await keys.revoke(team, older.apiKey.id);
    expect(await keys.countActive(team)).toBe(1);
  });
});

describe('workspaces', () => {
  it('exist once created, and ensureWorkspace creates one only once', async () => {
    expect(await keys.workspaceExists(workspaceId)).toBe(true);
    expect(await keys.workspaceExists('no-such-workspace')).toBe(false);
    await keys.ensureWorkspace('default', 'Default workspace');
    await keys.ensureWorkspace('default', 'Renamed?');
    expect(await keys.workspaceExists('default')).toBe(true);
    const stored = await db.connection.collection('workspaces').find({ _id: 'default' as never }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.name).toBe('Default workspace');
  });
});
