import { batchEstimateSchema, batchOptionsSchema, replayOverridesSchema, replaySelectionSchema, type Batch } from '@reprise/contracts';
import type { BatchDoc } from '../models/batch/index.js';
import type { LiveState } from './batch-state.js';
import type { BatchPlan } from './replay-plan.js';

/** The batch's fixed part, read back from the JSON text it is stored as. */
export function planOf(doc: BatchDoc): BatchPlan {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    selection: replaySelectionSchema.parse(JSON.parse(doc.selection)),
    overrides: replayOverridesSchema.parse(JSON.parse(doc.overrides)),
    options: batchOptionsSchema.parse(JSON.parse(doc.options)),
    selectedBefore: doc.selectedBefore,
  };
}

/**
 * A batch as the API answers it: the document, with the live state over it
 * while Redis has one (the document follows it about once a second).
 */
export function batchOf(doc: BatchDoc, live: LiveState | null): Batch {
  const plan = planOf(doc);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    name: doc.name,
    status: live?.status ?? doc.status,
    selection: plan.selection,
    overrides: plan.overrides,
    options: plan.options,
    estimate: doc.estimate ? batchEstimateSchema.parse(JSON.parse(doc.estimate)) : null,
    counts: live?.counts ?? doc.counts,
    costUsd: live?.costUsd ?? doc.costUsd,
    createdAt: doc.createdAt.toISOString(),
    startedAt: iso(live ? live.startedAt : doc.startedAt),
    endedAt: iso(live ? live.endedAt : doc.endedAt),
    message: live ? live.message : doc.message,
    version: live?.version ?? doc.syncVersion,
  };
}
