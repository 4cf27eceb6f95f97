import type { BatchEstimate, ReplayOverrides, ReplaySelection } from '@reprise/contracts';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { HistoryClient } from './history.client.js';
import { ReplayPlanner, type PricedRequest, type ReplayTarget } from './replay-plan.js';

/** A selection's estimate, added up request by request. */
export class EstimateTally {
  private count = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private cost: number | null = 0;
  private readonly encodings = new Map<string, number>();
  private readonly models = new Map<string, { provider: string; model: string; count: number }>();

  add(target: ReplayTarget, priced: PricedRequest): void {
    this.count++;
    this.inputTokens += priced.inputTokens;
    this.outputTokens += priced.outputTokens;
    // One unknown price makes the total unknown: a partial sum would read as the whole.
    this.cost = this.cost === null || priced.costUsd === null ? null : this.cost + priced.costUsd;
    this.encodings.set(priced.encoding, (this.encodings.get(priced.encoding) ?? 0) + 1);
    const key = `${target.provider}\n${target.model}`;
    const entry = this.models.get(key);
    if (entry) entry.count++;
    else this.models.set(key, { provider: target.provider, model: target.model, count: 1 });
  }

  result(): BatchEstimate {
    // The most used encoding first; a selection with several names each of them.
    const encodings = [...this.encodings].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    return {
      count: this.count,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      estimatedCostUsd: this.cost === null ? null : Math.round(this.cost * 1e9) / 1e9,
      encoding: encodings.length ? encodings.join(', ') : 'o200k_base',
      models: [...this.models.values()].sort((a, b) => b.count - a.count || a.model.localeCompare(b.model)),
    };
  }
}

export interface EstimateInput {
  workspaceId: string;
  selection: ReplaySelection;
  overrides: ReplayOverrides;
}

/**
 * How many requests a bulk replay would take, their input tokens and their
 * cost at the target prices: the selection streamed from history once,
 * nothing queued. Checking the overrides is the caller's.
 */
export async function estimateSelection(
  deps: { history: HistoryClient; providers: ProviderRegistry },
  input: EstimateInput,
  signal?: AbortSignal,
): Promise<BatchEstimate> {
  const planner = new ReplayPlanner(deps.providers, {
    id: 'estimate',
    workspaceId: input.workspaceId,
    overrides: input.overrides,
    options: { concurrency: 1, reuseToolResults: false },
  });
  const tally = new EstimateTally();
  const selection = deps.history.selection({ workspaceId: input.workspaceId, selection: input.selection, startedBefore: new Date().toISOString() }, signal);
  for await (const request of selection) {
    const target = await planner.target(request);
    tally.add(target, await planner.price(request, target));
  }
  return tally.result();
}
