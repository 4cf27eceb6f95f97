import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** A team's space: it owns requests, runs, batches and providers. */
export const workspaceSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
  },
  { collection: 'workspaces', timestamps: true, versionKey: false },
);

export type WorkspaceDoc = InferSchemaType<typeof workspaceSchema> & { _id: string; createdAt: Date };
export type WorkspaceModel = Model<WorkspaceDoc>;

export function workspaceModel(connection: Connection): WorkspaceModel {
  return connection.model<WorkspaceDoc>('Workspace', workspaceSchema);
}
