import type { RecordJob, RequestPage, RequestRecord } from '@reprise/contracts';
import type { RequestDoc, RequestModel } from './request.schema.js';

interface Cursor {
  startedAt: Date;
  id: string;
}

function encodeCursor(doc: Pick<RequestDoc, 'startedAt' | '_id'>): string {
  return Buffer.from(`${doc.startedAt.toISOString()}|${doc._id}`).toString('base64url');
}

/** Returns null for a cursor this service did not write. */
export function decodeCursor(cursor: string): Cursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|', 2);
  const startedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(startedAt.getTime())) return null;
  return { startedAt, id };
}

function toRecord(doc: RequestDoc): RequestRecord {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    source: doc.source,
    provider: doc.provider,
    model: doc.model,
    requestBody: doc.requestBody,
    responseBody: doc.responseBody ?? null,
    output: doc.output ?? null,
    status: doc.status,
    error: doc.error?.kind ? (doc.error as RequestRecord['error']) : null,
    usage: doc.usage?.totalTokens !== undefined ? (doc.usage as RequestRecord['usage']) : null,
    latencyMs: doc.latencyMs ?? null,
    ttftMs: doc.ttftMs ?? null,
    startedAt: doc.startedAt.toISOString(),
    endedAt: doc.endedAt ? doc.endedAt.toISOString() : null,
    runId: doc.runId ?? null,
  };
}

/** The only code that queries the requests collection. */
export class RequestRepository {
  constructor(private readonly model: RequestModel) {}

  /**
   * Stores a finished run once: the document id is the run id and an existing
   * document is left untouched, so a record delivered twice changes nothing.
   */
  async recordRun(job: RecordJob): Promise<void> {
    const { runId, startedAt, endedAt, ...fields } = job;
    await this.model.updateOne(
      { _id: runId },
      { $setOnInsert: { ...fields, runId, startedAt: new Date(startedAt), endedAt: new Date(endedAt) } },
      { upsert: true },
    );
  }

  async findById(workspaceId: string, id: string): Promise<RequestRecord | null> {
    const doc = await this.model.findOne({ _id: id, workspaceId }).lean<RequestDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** A page of a workspace's requests, newest first, after a keyset cursor. */
  async page(workspaceId: string, first: number, after?: Cursor): Promise<RequestPage> {
    const filter = after
      ? {
          workspaceId,
          $or: [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, _id: { $lt: after.id } }],
        }
      : { workspaceId };
    const docs = await this.model
      .find(filter)
      .sort({ startedAt: -1, _id: -1 })
      .limit(first + 1)
      .lean<RequestDoc[]>();
    return {
      items: docs.slice(0, first).map((doc) => ({ cursor: encodeCursor(doc), record: toRecord(doc) })),
      hasNextPage: docs.length > first,
    };
  }
}
