import type { JudgeVerdict, RequestBodies, RequestRecord, RequestSummary, ReusedToolResult } from '@reprise/contracts';
import type { RequestDoc } from './request.schema.js';

/**
 * A verdict as the contract has it, or null. Its parts are checked one by
 * one: FerretDB's upserts drop null fields, so a stored verdict may lack a
 * null cost.
 */
function judgeOf(judge: RequestDoc['judge']): JudgeVerdict | null {
  if (!judge || typeof judge.score !== 'number') return null;
  return {
    score: judge.score,
    reason: judge.reason ?? '',
    provider: judge.provider ?? '',
    model: judge.model ?? '',
    cost: typeof judge.cost === 'number' ? judge.cost : null,
  };
}

/**
 * Metadata from the `metaKV` entries (`["key",value]` as JSON text): the one
 * copy stored, kept in that form for the metadata filter (see metaKV).
 */
function metadataOf(metaKV: readonly string[] | undefined): RequestSummary['metadata'] {
  return Object.fromEntries((metaKV ?? []).map((kv) => JSON.parse(kv) as [string, string | number | boolean]));
}

/** A stored request, its bodies beside it, as the history API returns it. */
export function toRecord(doc: RequestDoc, bodies: Pick<RequestBodies, 'requestBody' | 'responseBody'>): RequestRecord {
  return { ...toSummary(doc), requestBody: bodies.requestBody, responseBody: bodies.responseBody ?? null };
}

/** A stored request without its bodies, as the list returns it. */
export function toSummary(doc: RequestDoc): RequestSummary {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    source: doc.source,
    provider: doc.provider,
    model: doc.model,
    output: doc.output ?? null,
    prompt: doc.prompt ?? null,
    status: doc.status,
    // Absent parts of an error are stored as null (or dropped, by FerretDB's upserts); the contract wants them absent.
    error:
      typeof doc.error?.message === 'string'
        ? {
            kind: doc.error.kind as NonNullable<RequestRecord['error']>['kind'],
            message: doc.error.message,
            ...(typeof doc.error.status === 'number' ? { status: doc.error.status } : {}),
          }
        : null,
    usage: typeof doc.usage?.totalTokens === 'number' ? (doc.usage as RequestRecord['usage']) : null,
    latencyMs: doc.latencyMs ?? null,
    ttftMs: doc.ttftMs ?? null,
    startedAt: doc.startedAt.toISOString(),
    endedAt: doc.endedAt ? doc.endedAt.toISOString() : null,
    runId: doc.runId ?? null,
    cost: doc.cost ?? null,
    tags: doc.tags ?? [],
    metadata: metadataOf(doc.metaKV),
    score: doc.score ?? null,
    externalId: doc.externalId ?? null,
    replayOf: doc.replayOf ?? null,
    forkedFrom: doc.forkedFrom ?? null,
    batchId: doc.batchId ?? null,
    reusedToolResults: (doc.reusedToolResults ?? []) as ReusedToolResult[],
    judge: judgeOf(doc.judge),
  };
}
