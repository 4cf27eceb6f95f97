import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** An API key: only its SHA-256 hash is kept, and a short prefix to recognise it by. */
export const apiKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    hash: { type: String, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'apiKeys', timestamps: true, versionKey: false },
);

// Serves key verification on every request: the hash of the presented key.
apiKeySchema.index({ hash: 1 }, { unique: true });
// Serves the apiKeys list of a workspace, newest first.
apiKeySchema.index({ workspaceId: 1, createdAt: -1 });

export type ApiKeyDoc = InferSchemaType<typeof apiKeySchema> & { _id: string; createdAt: Date };
export type ApiKeyModel = Model<ApiKeyDoc>;

export function apiKeyModel(connection: Connection): ApiKeyModel {
  return connection.model<ApiKeyDoc>('ApiKey', apiKeySchema);
}
