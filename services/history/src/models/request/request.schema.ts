import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const usage = new Schema(
  { promptTokens: Number, completionTokens: Number, totalTokens: Number },
  { _id: false },
);
const error = new Schema({ kind: String, message: String, status: Number }, { _id: false });

/**
 * One logged request. Bodies are the exact JSON text sent and received
 * (DESIGN.md, "Data"): tool schemas carry `$ref` keys and user objects carry
 * dotted keys, which the database refuses as field names, and text keeps what
 * a JavaScript object would lose. What queries need is extracted beside it.
 */
export const requestSchema = new Schema(
  {
    /** The run id for runs, so a retried record upserts onto the same document. */
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    source: { type: String, required: true, enum: ['api', 'playground', 'replay', 'bulk'] },
    provider: { type: String, required: true },
    model: { type: String, required: true },
    requestBody: { type: String, required: true },
    responseBody: { type: String, default: null },
    output: { type: String, default: null },
    status: { type: String, required: true, enum: ['completed', 'failed', 'cancelled'] },
    error: { type: error, default: null },
    usage: { type: usage, default: null },
    latencyMs: { type: Number, default: null },
    ttftMs: { type: Number, default: null },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    runId: { type: String, default: null },
  },
  { collection: 'requests', timestamps: true, versionKey: false },
);

// Serves the history list: a workspace's requests, newest first, with the
// (startedAt, _id) keyset cursor; no in-memory sort on MongoDB.
requestSchema.index({ workspaceId: 1, startedAt: -1, _id: -1 });

export type RequestDoc = InferSchemaType<typeof requestSchema> & { _id: string };
export type RequestModel = Model<RequestDoc>;

export function requestModel(connection: Connection): RequestModel {
  return connection.model<RequestDoc>('Request', requestSchema);
}
