import type { ReusedToolResult, Usage } from '@reprise/contracts';
import { attemptTurn, type AttemptDeps, type RunCall } from './run-attempts.js';
import type { Outcome } from './run-outcome.js';
import { answerOf } from './stream-reader.js';
import { answerTurn, continuedBody, MAX_TOOL_TURNS, recordedCalls } from './tool-results.js';

/** What a run's turns amount to. */
export interface Turns {
  /** How the last turn ended, with what it streamed: the run's answer. */
  outcome: Outcome;
  /** The last body sent (with reused tool results, the conversation as it grew), exactly as sent. */
  requestBody: string;
  /** Every turn's usage, added up; null when no turn reported any. */
  usage: Usage | null;
  /** From the start of the run to its first token, whichever turn streamed it. */
  ttftMs: number | null;
  /** Every call answered from the original conversation, in order. */
  reusedToolResults: ReusedToolResult[];
}

export interface TurnsCall extends Omit<RunCall, 'turn'> {
  /** With it, the model's tool calls are answered from the original conversation's results when they match. */
  reuseToolResults: boolean;
  /** The body as the job carried it: the original conversation, where recorded results are looked up. */
  originalBody: string;
}

function added(a: Usage | null, b: Usage | null): Usage | null {
  if (!a || !b) return a ?? b;
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens, totalTokens: a.totalTokens + b.totalTokens };
}

/**
 * Runs the model's turns. Without reuseToolResults, one. With it, a turn
 * that answers only with calls the original conversation recorded results
 * for is followed by another, the conversation grown by the model's calls
 * and those results; it stops at an answer in text, at a call with no
 * recorded result, at any end but completed, or after MAX_TOOL_TURNS turns.
 * Each turn is an attemptTurn of its own: its own retries within the
 * provider's limits, and a cancel ends it at once.
 */
export async function runTurns(deps: AttemptDeps, call: TurnsCall): Promise<Turns> {
  const recorded = call.reuseToolResults ? recordedCalls(call.originalBody) : [];
  let body = call.body;
  let usage: Usage | null = null;
  let ttftMs: number | null = null;
  const reused: ReusedToolResult[] = [];
  for (let turn = 1; ; turn++) {
    const outcome = await attemptTurn(deps, { ...call, body, turn });
    usage = added(usage, outcome.result.usage);
    ttftMs ??= outcome.result.ttftMs;
    const turns: Turns = { outcome, requestBody: body, usage, ttftMs, reusedToolResults: reused };
    if (outcome.kind !== 'completed' || recorded.length === 0 || turn >= MAX_TOOL_TURNS) return turns;
    const answer = answerOf(outcome.result);
    const answered = answerTurn(recorded, turn, answer.content, answer.toolCalls);
    if (!answered) return turns;
    // A cancel heard as the turn ended (while its slot was handed back) ends
    // the run with that turn, not with a body it never sent.
    if (call.signal.aborted) return { ...turns, outcome: { kind: 'cancelled', result: outcome.result } };
    reused.push(...answered.results);
    call.events.toolResults({ type: 'tool_results', step: turn, results: answered.results });
    body = continuedBody(body, answered);
  }
}
