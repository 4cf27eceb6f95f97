import { Readable } from 'node:stream';
import type { RequestRecord } from '@reprise/contracts';
import { stringify } from 'csv-stringify';

export type ExportFormat = 'jsonl' | 'csv';

/**
 * One JSON object per line. The bodies are spliced in as the exact JSON text
 * stored, not re-serialised, so what a JavaScript object would lose (an
 * integer beyond 2^53, key order) survives the export.
 */
function jsonLine(r: RequestRecord): string {
  const { requestBody, responseBody, workspaceId: _ws, ...rest } = r;
  return `${JSON.stringify(rest).slice(0, -1)},"request":${requestBody},"response":${responseBody ?? 'null'}}\n`;
}

const CSV_COLUMNS = [
  'id', 'startedAt', 'endedAt', 'source', 'provider', 'model', 'status', 'latencyMs', 'ttftMs',
  'promptTokens', 'completionTokens', 'totalTokens', 'cost', 'score', 'tags', 'metadata',
  'errorKind', 'errorMessage', 'externalId', 'runId', 'output', 'request', 'response',
] as const;

function csvRow(r: RequestRecord): Record<(typeof CSV_COLUMNS)[number], unknown> {
  return {
    id: r.id,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    source: r.source,
    provider: r.provider,
    model: r.model,
    status: r.status,
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    promptTokens: r.usage?.promptTokens,
    completionTokens: r.usage?.completionTokens,
    totalTokens: r.usage?.totalTokens,
    cost: r.cost,
    score: r.score,
    tags: r.tags.join(';'),
    metadata: Object.keys(r.metadata).length ? JSON.stringify(r.metadata) : '',
    errorKind: r.error?.kind,
    errorMessage: r.error?.message,
    externalId: r.externalId,
    runId: r.runId,
    output: r.output,
    request: r.requestBody,
    response: r.responseBody,
  };
}

/** Streams records as JSONL or CSV: one document in memory at a time, with backpressure. */
export function exportStream(records: AsyncIterable<RequestRecord>, format: ExportFormat): Readable {
  if (format === 'jsonl') {
    return Readable.from((async function* () {
      for await (const r of records) yield jsonLine(r);
    })());
  }
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  const source = Readable.from((async function* () {
    for await (const r of records) yield csvRow(r);
  })());
  return source.pipe(csv);
}
