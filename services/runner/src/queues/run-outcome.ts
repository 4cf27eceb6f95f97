import { costOf, type ModelPrice, type RecordJob, type ReusedToolResult, type RunError, type RunJob, type TerminalRunEvent, type Usage } from '@reprise/contracts';
import { bodyFacts } from './run-body.js';
import { answerOf, assembleCompletion, contentOf, type StreamResult } from './stream-reader.js';

/** How a run (or one turn of it) ended, with what its last attempt streamed. */
export type Outcome =
  | { kind: 'completed'; result: StreamResult }
  | { kind: 'failed'; error: RunError; result: StreamResult }
  | { kind: 'cancelled'; result: StreamResult };

export interface RunEnd {
  /** The last request body, exactly as sent (or as it would have been, when nothing was sent). */
  requestBody: string;
  /** Every turn's usage, added up. */
  usage: Usage | null;
  ttftMs: number | null;
  /** Tool calls answered from the original conversation (reuseToolResults), in order. */
  reusedToolResults: ReusedToolResult[];
  /** The provider's own prices, over the list prices (custom and fine-tuned models). */
  prices: Record<string, ModelPrice>;
  startedAt: Date;
  latencyMs: number;
}

/**
 * What history stores and what subscribers see last, from one outcome.
 * The cost is computed here, once, at the provider's prices: history takes
 * it as given.
 */
export function endOf(run: RunJob, outcome: Outcome, end: RunEnd): { record: RecordJob; event: TerminalRunEvent } {
  const { result } = outcome;
  const answer = answerOf(result);
  const { latencyMs, usage, ttftMs } = end;
  const cost = usage ? costOf(run.model, usage.promptTokens, usage.completionTokens, end.prices) : null;
  const facts = bodyFacts(end.requestBody);
  const record: RecordJob = {
    runId: run.runId,
    workspaceId: run.workspaceId,
    source: run.source,
    provider: run.provider,
    model: run.model,
    requestBody: end.requestBody,
    // The last turn's answer as the provider sent it, every choice (its own usage: the record's adds up every turn's).
    responseBody: outcome.kind === 'completed' ? JSON.stringify(assembleCompletion(result, run.model)) : null,
    output: answer.content || null,
    toolNames: facts.toolNames,
    promptText: facts.promptText,
    status: outcome.kind,
    error: outcome.kind === 'failed' ? outcome.error : null,
    usage,
    cost,
    latencyMs,
    ttftMs,
    startedAt: end.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    replayOf: run.replayOf ?? null,
    ...(run.forkedFrom ? { forkedFrom: run.forkedFrom } : {}),
    batchId: run.batchId ?? null,
    ...(run.reuseToolResults ? { reusedToolResults: end.reusedToolResults } : {}),
    // A bulk replay's original, as history summarised it: history compares with it instead of reading the original again.
    ...(run.original ? { original: run.original } : {}),
  };
  const structuredOutput = outcome.kind === 'completed' && answer.toolCalls.length === 0 ? facts.checkOutput(answer.content) : null;
  return { record, event: terminalEvent(outcome, { cost, latencyMs, usage, ttftMs, structuredOutput }) };
}

interface Totals {
  cost: number | null;
  latencyMs: number;
  usage: Usage | null;
  ttftMs: number | null;
  structuredOutput: { valid: boolean; error: string | null } | null;
}

function terminalEvent(outcome: Outcome, { cost, latencyMs, usage, ttftMs, structuredOutput }: Totals): TerminalRunEvent {
  const answer = answerOf(outcome.result);
  switch (outcome.kind) {
    case 'completed': {
      return {
        type: 'completed',
        message: { role: 'assistant', content: contentOf(answer), ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}) },
        finishReason: answer.finishReason,
        usage,
        cost,
        structuredOutput,
        latencyMs,
        ttftMs,
      };
    }
    case 'failed':
      return { type: 'failed', error: outcome.error, latencyMs };
    case 'cancelled':
      return { type: 'cancelled', partial: { content: answer.content, toolCalls: answer.toolCalls }, latencyMs };
  }
}
