import type { OriginalSummary, Usage } from '@reprise/contracts';
import { compareFlags, originalSummaryOf, outcomeOf, type ComparedRecord, type ReplayOutcome } from '../../compare/index.js';
import type { RequestDoc } from './request.schema.js';

/** What a replay's document keeps of its comparison with the original, for filters and the batch summary. */
export interface ReplayFlags {
  outcome: ReplayOutcome;
  toolCallsChanged: boolean;
  jsonOutput: boolean;
  jsonInvalid: boolean;
  originalMissing: boolean;
  latencyDeltaMs: number | null;
  costDelta: number | null;
}

/**
 * Fields of a stored original that its summary is made of, besides its
 * response body (stored apart): the projection of the one read a single
 * replay's record makes, and part of the selection's.
 */
export const SUMMARY_SOURCE_FIELDS = { output: 1, status: 1, usage: 1, latencyMs: 1, cost: 1 } as const;

/**
 * Usage as the contract has it, or null: all three counts or none. A
 * stored one may lack a count (FerretDB's upserts drop nulls), and the
 * summary travels to the runner, which validates it.
 */
function usageOf(usage: RequestDoc['usage']): Usage | null {
  const { promptTokens, completionTokens, totalTokens } = usage ?? {};
  return typeof promptTokens === 'number' && typeof completionTokens === 'number' && typeof totalTokens === 'number'
    ? { promptTokens, completionTokens, totalTokens }
    : null;
}

/** What a replay is compared with, from a stored original (whole, or projected on SUMMARY_SOURCE_FIELDS) and its response body. */
export function originalSummaryOfDoc(doc: Pick<RequestDoc, keyof typeof SUMMARY_SOURCE_FIELDS>, responseBody: string | null): OriginalSummary {
  return originalSummaryOf({
    responseBody,
    output: doc.output ?? null,
    status: doc.status,
    usage: usageOf(doc.usage),
    latencyMs: doc.latencyMs ?? null,
    cost: doc.cost ?? null,
  });
}

/**
 * The flags of a replay about to be recorded, from its original's summary.
 * With no original (a single replay's, looked up and gone), nothing can be
 * called unchanged: a completed replay is 'changed', with `originalMissing`
 * saying why, and its deltas are unknown.
 */
export function replayFlagsOf(original: OriginalSummary | null, replay: ComparedRecord): ReplayFlags {
  if (!original) {
    return {
      outcome: replay.status === 'completed' ? 'changed' : 'failed',
      toolCallsChanged: false,
      jsonOutput: false,
      jsonInvalid: false,
      originalMissing: true,
      latencyDeltaMs: null,
      costDelta: null,
    };
  }
  // The flags alone, not the full comparison (its text diff is for reads).
  const comparison = compareFlags(original, replay);
  return {
    outcome: outcomeOf(replay.status, comparison),
    toolCallsChanged: comparison.toolCallsChanged,
    jsonOutput: comparison.json !== null,
    jsonInvalid: comparison.json !== null && !comparison.json.valid,
    originalMissing: false,
    latencyDeltaMs: comparison.deltas.latencyMs,
    costDelta: comparison.deltas.cost,
  };
}
