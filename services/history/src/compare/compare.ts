import type { Comparison, OriginalSummary, RequestRecord } from '@reprise/contracts';
import { diffWordsWithSpace } from 'diff';
import { answerOf, type Answer } from './answer.js';
import { textDifferences } from './json-diff.js';
import { checkJsonAnswer, jsonFormatOf, type JsonFormat } from './structured-output.js';
import { toolCallDifferences } from './tool-calls.js';

/** What a comparison reads of a record: a stored one, or a run about to be recorded. */
export type ComparedRecord = Pick<RequestRecord, 'requestBody' | 'responseBody' | 'output' | 'status' | 'usage' | 'latencyMs' | 'cost'>;

/**
 * All a comparison reads of the original: its first choice's answer (see
 * answerOf), status, usage, latency and cost; never its request body (the
 * JSON format is the replay's, see jsonPart). The selection hands it to a
 * bulk replay, which brings it back with its record (RecordJob.original), so
 * recording the replay reads no original; a single replay's record computes
 * it from the stored original. Either way these functions make it.
 */
export function originalSummaryOf(record: Omit<ComparedRecord, 'requestBody'>): OriginalSummary {
  const { text, calls } = answerOf(record);
  return { status: record.status, text, calls, usage: record.usage, latencyMs: record.latencyMs, cost: record.cost };
}

/**
 * Past this many words and spaces inserted or deleted, the word diff gives
 * up and reports the whole text replaced: the diff's cost grows with the
 * product of length and edits, and two long unrelated answers are better
 * read side by side than word by word.
 */
const MAX_EDITS = 2000;

/** Word-level changes from the original's text to the replay's (white space kept, so the parts rebuild both texts exactly). */
export function textDiff(original: string, replay: string): Comparison['textDiff'] {
  if (original === replay) return original ? [{ op: 'equal', text: original }] : [];
  const changes = diffWordsWithSpace(original, replay, { maxEditLength: MAX_EDITS });
  if (!changes) {
    return [
      ...(original ? [{ op: 'delete' as const, text: original }] : []),
      ...(replay ? [{ op: 'insert' as const, text: replay }] : []),
    ];
  }
  return changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

function delta(original: number | null | undefined, replay: number | null | undefined): number | null {
  return typeof original === 'number' && typeof replay === 'number' ? replay - original : null;
}

function deltasOf(original: OriginalSummary, replay: ComparedRecord): Comparison['deltas'] {
  return {
    promptTokens: delta(original.usage?.promptTokens, replay.usage?.promptTokens),
    completionTokens: delta(original.usage?.completionTokens, replay.usage?.completionTokens),
    latencyMs: delta(original.latencyMs, replay.latencyMs),
    cost: delta(original.cost, replay.cost),
  };
}

/**
 * The JSON part of a comparison, or null when it does not apply: when the
 * replay's request did not ask for JSON output, when the replay did not
 * complete (a failure is counted as one, not as invalid JSON), or when the
 * replay's answer is a turn of tool calls (JSON output is what the model
 * answers in text, as the runner checks it). The format is read from the
 * replay's body alone: that body is the original's with the overrides
 * spliced in, so it asks what the original asked unless an override changed
 * the format, or removed it (then the replay was asked for text, and its
 * text is not judged as JSON). The original's body is therefore never read,
 * and a comparison with an OriginalSummary is the same as one with the
 * stored original.
 */
function jsonFormatCompared(replay: ComparedRecord, replayAnswer: Answer): JsonFormat | null {
  const format = jsonFormatOf(replay.requestBody);
  if (!format || replay.status !== 'completed' || (replayAnswer.calls.length > 0 && !replayAnswer.text)) return null;
  return format;
}

function jsonPart(originalText: string, replay: ComparedRecord, replayAnswer: Answer): Comparison['json'] {
  const format = jsonFormatCompared(replay, replayAnswer);
  if (!format) return null;
  return {
    ...checkJsonAnswer(replayAnswer.text, format),
    differences: textDifferences(originalText, replayAnswer.text, 'answer'),
  };
}

/**
 * How a replay's answer compares with its original's: text (word level),
 * tool calls and JSON fields (field level), and the deltas. Pure, and
 * cheap enough to run on read for a page of results. Both sides are read
 * from their first choice (see answerOf).
 */
export function compare(original: Omit<ComparedRecord, 'requestBody'>, replay: ComparedRecord): Comparison {
  return compareToSummary(originalSummaryOf(original), replay);
}

/** compare(), with the original as its summary: what a bulk replay's record carries. */
export function compareToSummary(original: OriginalSummary, replay: ComparedRecord): Comparison {
  const b = answerOf(replay);
  const toolCallDifferencesList = toolCallDifferences(original.calls, b.calls);
  return {
    sameText: original.text === b.text,
    textDiff: textDiff(original.text, b.text),
    toolCallsChanged: toolCallDifferencesList.length > 0,
    toolCallDifferences: toolCallDifferencesList,
    json: jsonPart(original.text, replay, b),
    deltas: deltasOf(original, replay),
  };
}

/**
 * What a replay's flags read of its comparison (see ReplayFlags), and only
 * that: whether the text is the same, whether tool calls changed, whether
 * JSON output is valid and its fields changed, and the deltas. No text
 * diff: a word diff of two long answers was a fifth of history's CPU in a
 * bulk replay, and it is only shown on read (compare).
 */
export interface ComparisonFlags {
  sameText: boolean;
  toolCallsChanged: boolean;
  json: { valid: boolean; changed: boolean } | null;
  deltas: Comparison['deltas'];
}

/** compareToSummary() reduced to its flags: the same answers, computed without what the flags never read. */
export function compareFlags(original: OriginalSummary, replay: ComparedRecord): ComparisonFlags {
  const b = answerOf(replay);
  const format = jsonFormatCompared(replay, b);
  return {
    sameText: original.text === b.text,
    toolCallsChanged: toolCallDifferences(original.calls, b.calls).length > 0,
    json: format && { valid: checkJsonAnswer(b.text, format).valid, changed: textDifferences(original.text, b.text, 'answer').length > 0 },
    deltas: deltasOf(original, replay),
  };
}

/** How a replay turned out, as the results filter names it. */
export type ReplayOutcome = 'changed' | 'unchanged' | 'failed';

/**
 * A replay that did not complete failed; one that completed is unchanged
 * when its text, tool calls and JSON fields all match the original's.
 */
export function outcomeOf(replayStatus: RequestRecord['status'], comparison: Comparison | ComparisonFlags): ReplayOutcome {
  if (replayStatus !== 'completed') return 'failed';
  const { json } = comparison;
  const jsonChanged = json !== null && ('differences' in json ? json.differences.length > 0 : json.changed);
  return comparison.sameText && !comparison.toolCallsChanged && !jsonChanged ? 'unchanged' : 'changed';
}
