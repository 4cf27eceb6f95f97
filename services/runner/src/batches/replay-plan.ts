import {
  priceFor,
  spliceMembers,
  type BatchOptions,
  type ModelPrice,
  type ReplayOverrides,
  type ReplaySelection,
  type RunJob,
  type SelectedRequest,
} from '@reprise/contracts';
import type { ProviderRegistry, ResolvedProvider } from '../providers/provider-registry.js';
import { replayRunId } from './replay-ids.js';
import { inputTokensOf, outputTokensOf, overriddenBody } from './request-tokens.js';
import { encodingFor, tokenCounter, type EncodingName } from './token-count.js';

/** What a batch replays and how: what the enqueuer, the estimate and the workers share. */
export interface BatchPlan {
  id: string;
  workspaceId: string;
  selection: ReplaySelection;
  overrides: ReplayOverrides;
  /** With the judge's provider filled in (the default provider when the caller named none). */
  options: BatchOptions;
  /** The selection's `startedBefore`. */
  selectedBefore: Date;
}

/** Where one request is replayed. */
export interface ReplayTarget {
  provider: string;
  model: string;
  /** The target provider's own prices (over the list prices). */
  prices: Record<string, ModelPrice>;
}

/** What one replay is expected to cost. */
export interface PricedRequest {
  encoding: EncodingName;
  inputTokens: number;
  /** Output tokens assumed (the estimate's). */
  outputTokens: number;
  /** Input plus assumed output at the target's prices; null when its price is unknown. */
  costUsd: number | null;
  /**
   * What the budget reserves before the replay starts, in nano-USD (whole
   * numbers, so that Redis adds and subtracts them exactly): input plus the
   * output ceiling, plus the judge's call when there is one. 0 when the
   * price is unknown: such a replay cannot be held to a budget.
   */
  reserveNano: number;
}

/** USD to whole nano-USD, rounded up: a reservation is never short by a rounding. */
export function toNano(usd: number): number {
  return Math.max(0, Math.ceil(usd * 1e9 - 1e-6));
}

/** Framing of the judge's prompt around the conversation and both answers, and the verdict it writes. */
const JUDGE_FRAMING_TOKENS = 120;
const JUDGE_OUTPUT_TOKENS = 120;

/**
 * A batch's replays, request by request: where each goes (the override,
 * else the original's provider when the workspace has it, else the default
 * provider; the override's model, else the original's), the run job that
 * replays it, and what it is expected to cost. Provider lookups are cached
 * for the plan's life (one batch's enqueue or one estimate).
 */
export class ReplayPlanner {
  private readonly known = new Map<string, Promise<ResolvedProvider | null>>();
  private judgePrice: Promise<ModelPrice | null> | null = null;

  constructor(
    private readonly providers: ProviderRegistry,
    readonly plan: Pick<BatchPlan, 'id' | 'workspaceId' | 'overrides' | 'options'>,
  ) {}

  private find(id: string): Promise<ResolvedProvider | null> {
    let found = this.known.get(id);
    if (!found) {
      found = this.providers.find(this.plan.workspaceId, id);
      this.known.set(id, found);
    }
    return found;
  }

  async target(request: SelectedRequest): Promise<ReplayTarget> {
    const { overrides } = this.plan;
    const model = overrides.model ?? request.model;
    // The provider asked for is kept even if it is gone by now (deleted since the batch was created): its
    // replays then fail, saying so, rather than going quietly to another provider.
    if (overrides.provider) return { provider: overrides.provider, model, prices: (await this.find(overrides.provider))?.prices ?? {} };
    const provider = (await this.find(request.provider)) ?? (await this.find(this.providers.defaultProvider));
    return { provider: provider?.id ?? this.providers.defaultProvider, model, prices: provider?.prices ?? {} };
  }

  /**
   * The run job of one request's replay: its stored body with the override
   * fields spliced into the text (DESIGN.md, "Replay"), never a re-serialised
   * object. A body that is not a JSON object goes as it is: the worker then
   * fails that replay, saying why, instead of the whole batch failing.
   */
  job(request: SelectedRequest, target: ReplayTarget, retryRound = 0): RunJob {
    const { plan } = this;
    const { judge, reuseToolResults } = plan.options;
    return {
      runId: replayRunId(plan.id, request.id, retryRound),
      workspaceId: plan.workspaceId,
      source: 'bulk',
      provider: target.provider,
      model: target.model,
      body: this.body(request.requestBody),
      replayOf: request.id,
      batchId: plan.id,
      ...(reuseToolResults ? { reuseToolResults: true } : {}),
      ...(judge ? { judge: { provider: judge.provider ?? this.providers.defaultProvider, model: judge.model, rubric: judge.rubric, originalAnswer: request.output ?? '' } } : {}),
      // History's summary of the original, carried unread to the record (what the replay is compared with).
      original: request.original,
      queuedAt: new Date().toISOString(),
    };
  }

  private body(stored: string): string {
    const edits = Object.fromEntries(Object.entries(this.plan.overrides.fields).map(([key, text]) => [key, text ?? undefined]));
    try {
      return spliceMembers(stored, edits);
    } catch {
      return stored.length >= 2 ? stored : '{}';
    }
  }

  async price(request: SelectedRequest, target: ReplayTarget): Promise<PricedRequest> {
    const counter = await tokenCounter(encodingFor(target.model));
    const body = overriddenBody(request.requestBody, this.plan.overrides.fields);
    const inputTokens = inputTokensOf(body, counter);
    const output = outputTokensOf(body, request.completionTokens);
    const price = priceFor(target.model, target.prices);
    const costUsd = price ? (inputTokens * price.input + output.assumed * price.output) / 1e6 : null;
    let reserveUsd = price ? (inputTokens * price.input + output.ceiling * price.output) / 1e6 : 0;
    const { judge } = this.plan.options;
    if (judge) {
      const judgePrice = await this.judgePriceOf();
      if (judgePrice) {
        // The judge reads the conversation, the original's answer and the replay's, and the rubric.
        const judgeInput = inputTokens + output.assumed + output.ceiling + counter.count(judge.rubric) + JUDGE_FRAMING_TOKENS;
        reserveUsd += (judgeInput * judgePrice.input + JUDGE_OUTPUT_TOKENS * judgePrice.output) / 1e6;
      }
    }
    return { encoding: counter.encoding, inputTokens, outputTokens: output.assumed, costUsd, reserveNano: toNano(reserveUsd) };
  }

  private judgePriceOf(): Promise<ModelPrice | null> {
    const { judge } = this.plan.options;
    if (!judge) return Promise.resolve(null);
    this.judgePrice ??= this.find(judge.provider ?? this.providers.defaultProvider).then((p) => priceFor(judge.model, p?.prices ?? {}));
    return this.judgePrice;
  }
}
