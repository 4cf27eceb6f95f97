import { Schema, type Connection, type Model } from 'mongoose';
import type { ModelSupports, ProviderKind } from '@reprise/contracts';

// `id: false` everywhere: models have a field named `id`, which mongoose's
// default `id` virtual would shadow.
const supportsSchema = new Schema(
  { tools: Boolean, structuredOutput: Boolean, images: Boolean, streaming: Boolean },
  { _id: false, id: false },
);

const modelSchema = new Schema(
  {
    id: { type: String, required: true },
    label: { type: String, default: null },
    inputPricePerM: { type: Number, default: null },
    outputPricePerM: { type: Number, default: null },
    supports: { type: supportsSchema, required: true },
    source: { type: String, required: true, enum: ['manual', 'discovered'] },
  },
  { _id: false, id: false },
);

const limitsSchema = new Schema(
  { rpm: { type: Number, default: null }, concurrency: { type: Number, default: null } },
  { _id: false, id: false },
);

/**
 * A workspace's own model provider. `apiKey` and `headers` hold values sealed
 * by the runner's SecretBox (AES-256-GCM), never plaintext: header values
 * often carry credentials too. What the API shows in their place is kept
 * beside them: the key's last four characters, the header names.
 */
export const providerSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: ['openai', 'azure-openai', 'openai-compatible'] },
    /** For Azure, the resource endpoint. */
    baseURL: { type: String, default: null },
    apiKey: { type: String, default: null },
    apiKeyLast4: { type: String, default: null },
    organization: { type: String, default: null },
    project: { type: String, default: null },
    apiVersion: { type: String, default: null },
    /** Sealed JSON text of `[name, value]` pairs. */
    headers: { type: String, default: null },
    headerNames: { type: [String], default: [] },
    models: { type: [modelSchema], default: [] },
    limits: { type: limitsSchema, default: () => ({}) },
    /** Bumped by every write: model list edits are read-modify-write, checked against it. */
    revision: { type: Number, default: 0 },
  },
  { collection: 'providers', timestamps: true, versionKey: false, id: false },
);

// Serves the providers list of a workspace, sorted by name, and keeps names
// unique within a workspace. Single-provider reads use _id (with workspaceId
// in the filter, so another workspace's id matches nothing).
providerSchema.index({ workspaceId: 1, name: 1 }, { unique: true });

export interface StoredModel {
  id: string;
  label: string | null;
  inputPricePerM: number | null;
  outputPricePerM: number | null;
  supports: ModelSupports;
  source: 'manual' | 'discovered';
}

export interface ProviderDoc {
  _id: string;
  workspaceId: string;
  name: string;
  kind: ProviderKind;
  baseURL: string | null;
  apiKey: string | null;
  apiKeyLast4: string | null;
  organization: string | null;
  project: string | null;
  apiVersion: string | null;
  headers: string | null;
  headerNames: string[];
  models: StoredModel[];
  limits: { rpm: number | null; concurrency: number | null };
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}
export type ProviderMongoModel = Model<ProviderDoc>;

export function providerModel(connection: Connection): ProviderMongoModel {
  return connection.model<ProviderDoc>('Provider', providerSchema);
}
