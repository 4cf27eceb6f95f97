import { randomUUID } from 'node:crypto';
import {
  JsonTextError,
  parseJsonText,
  TERMINAL_BATCH_STATUSES,
  WORKER_BODY_FIELDS,
  type Batch,
  type BatchEstimate,
  type BatchList,
  type BatchListQuery,
  type CreateBatchBody,
  type FieldIssue,
  type RedisKeys,
  type ReplayOverrides,
  type ReplaySelection,
} from '@reprise/contracts';
import { InvalidInputError } from '@reprise/runtime/fastify';
import type { Redis } from 'ioredis';
import type { BatchRepository } from '../models/batch/index.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { requestCancel } from '../queues/cancellation.js';
import type { BatchEnqueuer } from './batch.enqueuer.js';
import { estimateSelection, type EstimateInput } from './batch-estimate.js';
import type { BatchProgressPublisher } from './batch-progress.js';
import type { BatchStates, ControlAction } from './batch-state.js';
import { batchOf } from './batch-view.js';
import type { HistoryClient } from './history.client.js';
import { wakeJobs, type ReplaysQueue } from './replays.queue.js';

/** A batch asked to do what its status does not allow (resume a completed one): 409, in words. */
export class BatchConflictError extends Error {
  readonly statusCode = 409;
  readonly code = 'conflict';
}

export interface BatchServiceDeps {
  /** A plain connection (cancel requests). */
  redis: Redis;
  keys: RedisKeys;
  providers: ProviderRegistry;
  history: HistoryClient;
  states: BatchStates;
  progress: BatchProgressPublisher;
  batches: BatchRepository;
  replays: ReplaysQueue;
  enqueuer: BatchEnqueuer;
}

const CONTROL_VERB: Record<Exclude<ControlAction, 'fail'>, string> = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' };

/** At most this many unknown ids are named, one issue each. */
const MAX_ID_ISSUES = 20;

/**
 * What the batch routes do: estimate, create (and start queueing), read,
 * pause, resume, cancel, retry the failed. Every call names the workspace;
 * another workspace's batch answers null, as one that does not exist.
 */
export class BatchService {
  constructor(private readonly deps: BatchServiceDeps) {}

  async estimate(input: EstimateInput): Promise<BatchEstimate> {
    await this.checkOverrides(input.workspaceId, input.overrides);
    return estimateSelection(this.deps, input);
  }

  async create(body: CreateBatchBody): Promise<Batch> {
    const { workspaceId, selection, overrides } = body;
    const { providers, batches, states, enqueuer } = this.deps;
    await this.checkOverrides(workspaceId, overrides);
    const judge = body.options.judge;
    const options = judge ? { ...body.options, judge: { ...judge, provider: judge.provider ?? providers.defaultProvider } } : body.options;
    if (judge && !(await providers.find(workspaceId, options.judge!.provider!))) {
      throw new InvalidInputError([{ field: 'options.judge.provider', message: `unknown provider "${options.judge!.provider}"` }]);
    }
    // The instant the selection is resolved at: every later read of it (a resumed enqueuer) reads the same requests.
    const selectedBefore = new Date();
    await this.checkSelection(workspaceId, selection, selectedBefore);

    const id = randomUUID();
    const doc = await batches.insert({
      _id: id,
      workspaceId,
      name: options.name ?? null,
      selection: JSON.stringify(selection),
      overrides: JSON.stringify(overrides),
      options: JSON.stringify(options),
      estimate: null,
      status: 'queueing',
      counts: { total: 0, queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0 },
      costUsd: 0,
      selectedBefore,
      enqueue: { done: false, cursor: 0, retryRound: 0 },
      startedAt: null,
      endedAt: null,
      message: null,
      syncVersion: 0,
      createdAt: selectedBefore,
    });
    await states.init(id, { workspaceId, concurrency: options.concurrency, budgetUsd: options.budgetUsd ?? null });
    // A subscriber that comes before the first chunk still finds a state to start from.
    this.deps.progress.changed(id);
    enqueuer.start(doc);
    return batchOf(doc, await states.read(id));
  }

  /** A page, newest first. The cursor is a batch's id: the next page starts after that batch, by its creation. */
  async list(query: BatchListQuery): Promise<BatchList> {
    const { batches, states } = this.deps;
    const last = query.after ? await batches.get(query.workspaceId, query.after) : null;
    if (query.after && !last) throw new InvalidInputError([{ field: 'after', message: 'no batch with this id in this workspace' }]);
    const after = last ? { createdAt: last.createdAt, id: last._id } : null;
    const { docs, hasNextPage } = await batches.page(query.workspaceId, query.first, after);
    const live = await states.readMany(docs.map((d) => d._id));
    return { items: docs.map((doc, i) => batchOf(doc, live[i] ?? null)), hasNextPage, endCursor: docs.at(-1)?._id ?? null };
  }

  async get(workspaceId: string, id: string): Promise<Batch | null> {
    const doc = await this.deps.batches.get(workspaceId, id);
    return doc && batchOf(doc, await this.deps.states.read(id));
  }

  async control(workspaceId: string, id: string, action: Exclude<ControlAction, 'fail'>): Promise<Batch | null> {
    const { batches, states, replays, redis, keys } = this.deps;
    const doc = await batches.get(workspaceId, id);
    if (!doc) return null;
    const result = await states.control(id, action, action === 'cancel' ? 'cancelled by request' : '');
    if (result.outcome === 'gone' || result.outcome === 'refused') {
      const status = result.outcome === 'refused' ? result.status : doc.status;
      throw new BatchConflictError(`the batch is ${status}: it cannot be ${CONTROL_VERB[action]}`);
    }
    // In-flight replays stop through the runs' own cancel; parked ones are woken to go on (resume) or be counted (cancel).
    await Promise.all(result.inFlight.map((runId) => requestCancel(redis, keys, runId)));
    await wakeJobs(replays, result.wake);
    await this.announce(id);
    return batchOf(doc, await states.read(id));
  }

  async retryFailed(workspaceId: string, id: string): Promise<Batch | null> {
    const { batches, states, enqueuer } = this.deps;
    const doc = await batches.get(workspaceId, id);
    if (!doc) return null;
    // Marked first: should this process stop right after the round starts, the next runner API finds the batch to go on with.
    await batches.setEnqueue(id, { done: false });
    const begun = await states.retryBegin(id);
    if (begun.outcome !== 'ok' && begun.outcome !== 'busy') await batches.setEnqueue(id, { done: true });
    switch (begun.outcome) {
      case 'ok':
        await batches.setEnqueue(id, { retryRound: begun.round });
        await states.persist(id);
        enqueuer.start(doc);
        break;
      case 'none':
        break;
      case 'busy':
        throw new BatchConflictError('the batch is still being queued: retry its failed replays once it is');
      case 'refused':
        throw new BatchConflictError(`the batch is ${begun.status}: its failed replays cannot be retried`);
      case 'gone':
        throw new BatchConflictError('the batch ended too long ago: its replays can no longer be retried');
    }
    await this.announce(id);
    return batchOf(doc, await states.read(id));
  }

  /** A person's action: its effect is published at once (and a batch it ended, as ended). */
  private async announce(id: string): Promise<void> {
    const live = await this.deps.states.read(id);
    if (live && TERMINAL_BATCH_STATUSES.includes(live.status) && live.endedAt) await this.deps.progress.ended(id);
    else await this.deps.progress.now(id);
  }

  /** Refuses, naming the field, what no replay could be sent with. */
  private async checkOverrides(workspaceId: string, overrides: ReplayOverrides): Promise<void> {
    const issues: FieldIssue[] = [];
    if (overrides.provider && !(await this.deps.providers.find(workspaceId, overrides.provider))) {
      issues.push({ field: 'overrides.provider', message: `unknown provider "${overrides.provider}"` });
    }
    for (const [key, text] of Object.entries(overrides.fields)) {
      const field = `overrides.fields.${key}`;
      if ((WORKER_BODY_FIELDS as readonly string[]).includes(key)) {
        issues.push({ field, message: key === 'model' ? 'set the model with overrides.model' : `${key} is set by the worker` });
      } else if (text === null && key === 'messages') {
        issues.push({ field, message: 'a replay needs its messages' });
      } else if (text !== null) {
        try {
          parseJsonText(text);
        } catch (err) {
          issues.push({ field, message: `not JSON text: ${err instanceof JsonTextError ? err.message : String(err)}` });
        }
      }
    }
    if (issues.length) throw new InvalidInputError(issues);
  }

  /**
   * A selection must match something, and every id given must be one of
   * the workspace's requests (another workspace's id matches nothing). A
   * filter needs only its first match; a list of ids is looked up whole.
   * Only ids are read: the bodies wait for the enqueuer.
   */
  private async checkSelection(workspaceId: string, selection: ReplaySelection, startedBefore: Date): Promise<void> {
    const ids = await this.deps.history.selectionIds({ workspaceId, selection, startedBefore: startedBefore.toISOString(), ...(selection.ids ? {} : { first: 1 }) });
    const found = new Set(ids);
    if (found.size === 0) {
      const what = selection.ids ? 'none of these ids is a request of this workspace' : 'the filter matches no request of this workspace';
      throw new InvalidInputError([{ field: 'selection', message: `${what}: there is nothing to replay` }]);
    }
    if (selection.ids) {
      const issues = selection.ids
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !found.has(id))
        .slice(0, MAX_ID_ISSUES)
        .map(({ i }) => ({ field: `selection.ids.${i}`, message: 'no request with this id in this workspace' }));
      if (issues.length) throw new InvalidInputError(issues);
    }
  }
}

