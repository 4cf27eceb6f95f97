import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { answerOf, answerTextOf, compare } from '../compare/index.js';
import type { ReplayPair } from '../models/request/index.js';
import type { ExportFormat } from './export.js';

const COLUMNS = [
  'originalId', 'replayId', 'originalProvider', 'originalModel', 'replayProvider', 'replayModel', 'status', 'errorKind',
  'outcome', 'sameText', 'toolCallsChanged', 'jsonValid', 'promptTokensDelta', 'completionTokensDelta', 'latencyDeltaMs', 'costDelta',
  'judgeScore', 'judgeReason', 'originalOutput', 'replayOutput',
] as const;
export type BatchExportRow = Record<(typeof COLUMNS)[number], string | number | boolean | null>;

/**
 * One result as an export row. The comparison is computed here, a row at a
 * time; a replay whose original was deleted keeps its stored outcome and
 * leaves the original's columns and the comparison's empty. Outputs are the
 * answers' text, or their tool calls as text when they have none.
 */
export function batchExportRow({ original, replay, outcome }: ReplayPair): BatchExportRow {
  const comparison = original ? compare(original, replay) : null;
  return {
    originalId: replay.replayOf,
    replayId: replay.id,
    originalProvider: original?.provider ?? null,
    originalModel: original?.model ?? null,
    replayProvider: replay.provider,
    replayModel: replay.model,
    status: replay.status,
    errorKind: replay.error?.kind ?? null,
    outcome,
    sameText: comparison?.sameText ?? null,
    toolCallsChanged: comparison?.toolCallsChanged ?? null,
    jsonValid: comparison?.json?.valid ?? null,
    promptTokensDelta: comparison?.deltas.promptTokens ?? null,
    completionTokensDelta: comparison?.deltas.completionTokens ?? null,
    latencyDeltaMs: comparison?.deltas.latencyMs ?? null,
    costDelta: comparison?.deltas.cost ?? null,
    judgeScore: replay.judge?.score ?? null,
    judgeReason: replay.judge?.reason ?? null,
    originalOutput: original ? answerTextOf(answerOf(original)) : null,
    replayOutput: answerTextOf(answerOf(replay)),
  };
}

/**
 * A batch's results as JSONL (one object a line, nulls kept) or CSV (a
 * header, then a row each; csv-stringify quotes what needs it: commas,
 * quotes, line breaks). One chunk of results in memory at a time, with
 * backpressure: the source is only read as fast as the client takes it.
 */
export function batchExportStream(pairs: AsyncIterable<ReplayPair>, format: ExportFormat): Readable {
  const rows = Readable.from((async function* () {
    for await (const pair of pairs) yield format === 'jsonl' ? `${JSON.stringify(batchExportRow(pair))}\n` : batchExportRow(pair);
  })());
  if (format === 'jsonl') return rows;
  // csv-stringify writes booleans as '1' and '' by default; a spreadsheet reads true/false better.
  const csv = stringify({ header: true, columns: [...COLUMNS], cast: { boolean: (v) => (v ? 'true' : 'false') } });
  // pipeline, not pipe: a database error mid-export destroys the CSV stream
  // too, so the response is cut off (the client sees it fail) instead of hanging.
  return pipeline(rows, csv, () => {});
}
