import { batchProgressSchema, TERMINAL_BATCH_STATUSES, type BatchProgress, type ReplaySelection } from '@reprise/contracts';
import type { Resolvers, ReplaySelection as ReplaySelectionInput } from '../__generated__/resolvers-types.js';
import type { GatewayContext } from '../context.js';
import { badUserInput, notFound } from '../errors.js';
import { defined } from './graphql-input.js';
import { parseOverrides } from './replay.overrides.js';
import { toFilter } from './request.input.js';
import type { StreamSubscription } from '../subscriptions/stream-hub.js';

/** Exactly one of filter and ids. */
function toSelection(input: ReplaySelectionInput): ReplaySelection {
  const hasFilter = input.filter !== null && input.filter !== undefined;
  const hasIds = input.ids !== null && input.ids !== undefined;
  if (hasFilter === hasIds) throw badUserInput([{ field: 'selection', message: 'give either a filter or a list of ids' }]);
  if (hasIds) {
    if (input.ids!.length === 0) throw badUserInput([{ field: 'selection.ids', message: 'give at least one id' }]);
    return { ids: input.ids! };
  }
  return { filter: toFilter(input.filter) };
}

function found<T>(value: T | null): T {
  if (value === null) throw notFound('batch');
  return value;
}

/** The first page size check, shared by both lists. */
function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (n < 1 || n > 200) throw badUserInput([{ field: 'first', message: 'must be between 1 and 200' }]);
  return n;
}

/**
 * The batch's progress: the current state first (the stream's last entry,
 * each entry being the whole state), then each new one, ending after the
 * batch ends: a final status with nothing queued or running. A plain iterator, as runEvents's: graphql-ws calls `return()`.
 */
function progressIterator(entries: StreamSubscription, first: BatchProgress | null): AsyncIterableIterator<{ batchProgress: BatchProgress }> {
  let pending = first;
  let ended = false;
  const finish = async (): Promise<IteratorReturnResult<undefined>> => {
    await entries.return!();
    return { done: true, value: undefined };
  };
  const emit = (progress: BatchProgress): IteratorResult<{ batchProgress: BatchProgress }> => {
    // Over once nothing is left to count: a batch out of budget or cancelled still counts its queued replays as they are dropped.
    if (TERMINAL_BATCH_STATUSES.includes(progress.status) && progress.counts.queued === 0 && progress.counts.running === 0) ended = true;
    return { done: false, value: { batchProgress: progress } };
  };
  return {
    async next() {
      if (pending) {
        const value = pending;
        pending = null;
        return emit(value);
      }
      if (ended) return finish();
      const next = await entries.next();
      if (next.done) return finish();
      return emit(batchProgressSchema.parse(JSON.parse(next.value.fields[1] ?? 'null')));
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

async function latestProgress(ctx: GatewayContext, batchId: string): Promise<{ id: string; progress: BatchProgress } | null> {
  const [last] = (await ctx.redis.xrevrange(ctx.keys.batchStream(batchId), '+', '-', 'COUNT', 1)) as [string, string[]][];
  if (!last) return null;
  return { id: last[0], progress: batchProgressSchema.parse(JSON.parse(last[1][1] ?? 'null')) };
}

export const batchResolvers: Resolvers = {
  Query: {
    batches: async (_, args, ctx) => {
      const page = await ctx.runner.batches(ctx.workspaceId, pageSize(args.first), args.after ?? undefined);
      return {
        edges: page.items.map((batch) => ({ cursor: batch.id, node: batch })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
    batch: (_, args, ctx) => ctx.runner.batch(ctx.workspaceId, args.id),
    batchResults: async (_, args, ctx) => {
      const filter = defined({ outcome: args.filter?.outcome, judgedBelow: args.filter?.judgedBelow });
      if (filter.judgedBelow !== undefined && (filter.judgedBelow < 0 || filter.judgedBelow > 1)) {
        throw badUserInput([{ field: 'filter.judgedBelow', message: 'a score from 0 to 1' }]);
      }
      const page = await ctx.history.batchResults(ctx.workspaceId, args.batchId, filter, pageSize(args.first), args.after ?? undefined);
      return {
        edges: page.items.map(({ cursor, ...result }) => ({ cursor, node: result })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    estimateBulkReplay: (_, args, ctx) => ctx.runner.estimateBatch(ctx.workspaceId, toSelection(args.selection), parseOverrides(args.overrides, ctx.limits)),
  },
  Mutation: {
    startBulkReplay: async (_, args, ctx) => {
      const selection = toSelection(args.selection);
      const { messages: _messages, ...overrides } = parseOverrides(args.overrides, ctx.limits);
      const options = defined({
        name: args.options?.name,
        concurrency: args.options?.concurrency,
        budgetUsd: args.options?.budgetUsd,
        reuseToolResults: args.options?.reuseToolResults,
        judge: args.options?.judge
          ? { model: args.options.judge.model, rubric: args.options.judge.rubric, ...(args.options.judge.provider ? { provider: args.options.judge.provider } : {}) }
          : undefined,
      });
      return ctx.runner.createBatch(ctx.workspaceId, selection, overrides, options);
    },
    pauseBatch: async (_, args, ctx) => found(await ctx.runner.batchAction(ctx.workspaceId, args.id, 'pause')),
    resumeBatch: async (_, args, ctx) => found(await ctx.runner.batchAction(ctx.workspaceId, args.id, 'resume')),
    cancelBatch: async (_, args, ctx) => found(await ctx.runner.batchAction(ctx.workspaceId, args.id, 'cancel')),
    retryFailed: async (_, args, ctx) => found(await ctx.runner.batchAction(ctx.workspaceId, args.id, 'retry-failed')),
  },
  Subscription: {
    batchProgress: {
      subscribe: async (_, args, ctx) => {
        // Another workspace's batch reads exactly like one that does not exist.
        if ((await ctx.redis.get(ctx.keys.batchOwner(args.batchId))) !== ctx.workspaceId) throw notFound('batch');
        const latest = await latestProgress(ctx, args.batchId);
        const entries = await ctx.streams.subscribe(ctx.keys.batchStream(args.batchId), latest?.id ?? '0-0');
        return progressIterator(entries, latest?.progress ?? null);
      },
    },
  },
  Batch: {
    concurrency: (batch) => batch.options.concurrency,
    budgetUsd: (batch) => batch.options.budgetUsd ?? null,
    reuseToolResults: (batch) => batch.options.reuseToolResults,
    judge: ({ options: { judge } }) => (judge ? { provider: judge.provider ?? null, model: judge.model, rubric: judge.rubric } : null),
    selection: (batch) => batch.selection as Record<string, unknown>,
    overrides: (batch) => batch.overrides as Record<string, unknown>,
    summary: (batch, _, ctx) => ctx.history.batchSummary(ctx.workspaceId, batch.id),
  },
};
