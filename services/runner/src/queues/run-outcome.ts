import { checkStructuredOutput, costOf, promptTextOf, type ModelPrice, type RecordJob, type RunError, type RunJob, type TerminalRunEvent } from '@reprise/contracts';
import { answerOf, assembleCompletion, contentOf, type StreamResult } from './stream-reader.js';

/** How a run ended, with what its last attempt streamed. */
export type Outcome =
  | { kind: 'completed'; result: StreamResult }
  | { kind: 'failed'; error: RunError; result: StreamResult }
  | { kind: 'cancelled'; result: StreamResult };

export interface RunEnd {
  /** The request body exactly as the SDK sent it. */
  requestBody: string;
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
  const { latencyMs } = end;
  const cost = result.usage ? costOf(run.model, result.usage.promptTokens, result.usage.completionTokens, end.prices) : null;
  const record: RecordJob = {
    runId: run.runId,
    workspaceId: run.workspaceId,
    source: run.source,
    provider: run.provider,
    model: run.model,
    requestBody: end.requestBody,
    responseBody: outcome.kind === 'completed' ? JSON.stringify(assembleCompletion(result, run.model)) : null,
    output: answer.content || null,
    toolNames: (run.request.tools ?? []).map((t) => t.function.name),
    // Read by the one rule history reads a logged request's body with.
    promptText: promptTextOf(run.request.messages),
    status: outcome.kind,
    error: outcome.kind === 'failed' ? outcome.error : null,
    usage: result.usage,
    cost,
    latencyMs,
    ttftMs: result.ttftMs,
    startedAt: end.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
  };
  return { record, event: terminalEvent(run, outcome, { cost, latencyMs }) };
}

function terminalEvent(run: RunJob, outcome: Outcome, { cost, latencyMs }: { cost: number | null; latencyMs: number }): TerminalRunEvent {
  const { result } = outcome;
  const answer = answerOf(result);
  switch (outcome.kind) {
    case 'completed': {
      const format = run.request.response_format;
      const structuredOutput =
        format && format.type !== 'text' && answer.toolCalls.length === 0
          ? checkStructuredOutput(answer.content, format.type === 'json_schema' ? format.json_schema.schema : undefined)
          : null;
      return {
        type: 'completed',
        message: { role: 'assistant', content: contentOf(answer), ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}) },
        finishReason: answer.finishReason,
        usage: result.usage,
        cost,
        structuredOutput,
        latencyMs,
        ttftMs: result.ttftMs,
      };
    }
    case 'failed':
      return { type: 'failed', error: outcome.error, latencyMs };
    case 'cancelled':
      return { type: 'cancelled', partial: { content: answer.content, toolCalls: answer.toolCalls }, latencyMs };
  }
}
