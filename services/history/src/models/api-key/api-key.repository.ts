import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ApiKeyInfo, CreatedApiKey, VerifiedKey } from '@reprise/contracts';
import type { ApiKeyDoc, ApiKeyModel } from './api-key.schema.js';
import type { WorkspaceModel } from '../workspace/workspace.schema.js';

/** Keys look like `rp_<43 base64url chars>`: 256 random bits. */
const KEY_PREFIX = 'rp_';
/** How stale `lastUsedAt` may get: one write per key per minute at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toInfo(doc: ApiKeyDoc): ApiKeyInfo {
  return {
    id: doc._id,
    name: doc.name,
    prefix: doc.prefix,
    createdAt: doc.createdAt.toISOString(),
    lastUsedAt: doc.lastUsedAt ? doc.lastUsedAt.toISOString() : null,
    revokedAt: doc.revokedAt ? doc.revokedAt.toISOString() : null,
  };
}

/** The only code that queries workspaces and API keys. */
export class ApiKeyRepository {
  constructor(
    private readonly keys: ApiKeyModel,
    private readonly workspaces: WorkspaceModel,
  ) {}

  /** Creates the workspace if it does not exist yet. */
  async ensureWorkspace(id: string, name: string): Promise<void> {
    await this.workspaces.updateOne({ _id: id }, { $setOnInsert: { name } }, { upsert: true });
  }

  async createWorkspace(name: string): Promise<string> {
    const id = randomUUID();
    await this.workspaces.create({ _id: id, name });
    return id;
  }

  async workspaceExists(id: string): Promise<boolean> {
    return (await this.workspaces.countDocuments({ _id: id })) > 0;
  }

  /** Creates a key; the secret is returned here once and never stored. */
  async create(workspaceId: string, name: string): Promise<CreatedApiKey> {
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const doc = await this.keys.create({
      _id: randomUUID(),
      workspaceId,
      name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
    });
    return { key, apiKey: toInfo(doc.toObject() as ApiKeyDoc) };
  }

  async list(workspaceId: string): Promise<ApiKeyInfo[]> {
    const docs = await this.keys.find({ workspaceId }).sort({ createdAt: -1 }).lean<ApiKeyDoc[]>();
    return docs.map(toInfo);
  }

  /** Revokes a key of the workspace; false when the workspace has no such key. */
  async revoke(workspaceId: string, id: string): Promise<ApiKeyInfo | null> {
    const doc = await this.keys
      .findOneAndUpdate({ _id: id, workspaceId }, { $set: { revokedAt: new Date() } }, { returnDocument: 'after' })
      .lean<ApiKeyDoc>();
    return doc ? toInfo(doc) : null;
  }

  async countActive(workspaceId: string): Promise<number> {
    return this.keys.countDocuments({ workspaceId, revokedAt: null });
  }

  /** The workspace of a live key, or null for an unknown or revoked one. */
  async verify(key: string): Promise<VerifiedKey | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    const doc = await this.keys.findOne({ hash: hashKey(key) }).lean<ApiKeyDoc>();
    if (!doc || doc.revokedAt) return null;
    const now = Date.now();
    if (!doc.lastUsedAt || now - doc.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.updateOne({ _id: doc._id }, { $set: { lastUsedAt: new Date(now) } });
    }
    return { workspaceId: doc.workspaceId, keyId: doc._id };
  }
}
