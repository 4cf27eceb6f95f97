import type { RedisKeys } from '@reprise/contracts';

/**
 * Every Redis key of one batch, all under `${prefix}:batch:${id}`, so one
 * pattern finds them. The first three are the shared contract's (the
 * gateway reads the owner and the stream); the rest are the runner's own.
 */
export function batchKeys(keys: RedisKeys, batchId: string) {
  const base = `${keys.prefix}:batch:${batchId}`;
  return {
    /** Stream: the whole state (BatchProgress) after each change, a few a second at most; the last entry is the current state. */
    stream: keys.batchStream(batchId),
    /** String: the workspace, for the gateway's subscription check. */
    owner: keys.batchOwner(batchId),
    /**
     * Hash: status, concurrency, budget, spent and reserved (whole nano-USD),
     * total and the count of each end, the enqueue cursor and whether
     * enqueueing is done, the retry round, a version bumped by every change.
     */
    state: keys.batchState(batchId),
    /** Sorted set: run id → lease expiry (ms) of each replay in flight; its size is the batch's concurrency in use. */
    leases: `${base}:leases`,
    /** Sorted set: job id → when parked, of the jobs waiting (delayed in BullMQ) for a slot or a resume; a slot freed wakes the oldest. */
    parked: `${base}:parked`,
    /**
     * Sorted set: job id → when it was woken, of the parked jobs a freed slot handed on, until each reaches the
     * gate. A wake lost with its worker (killed between the two) is sent again from here, not after a park's 5 min.
     */
    waking: `${base}:waking`,
    /** Hash: run id → nano-USD reserved while the replay runs. */
    reserved: `${base}:reserved`,
    /** Hash: run id → the nano-USD its start reserves (written by the enqueuer, which prices every request anyway). */
    costs: `${base}:costs`,
    /** Hash: run id → how it ended: each replay counts once, however often its job runs. */
    ended: `${base}:ended`,
    /** Hash: request id → run id of each failed replay, for retryFailed. */
    failed: `${base}:failed`,
    /** Hash: the failed replays being queued again (request id → the failed run id), while a retry round is enqueued. */
    retry: `${base}:retry`,
    /** Sorted set: run id → when it ended, for the last 10 s: the rate. */
    ends: `${base}:ends`,
    /** Hash: run id → the judge's verdict (JSON), so a retried job does not pay the judge twice. */
    judged: `${base}:judged`,
    /** String: the runner API enqueuing the batch, with a short expiry renewed as it goes. */
    enqueuer: `${base}:enqueuer`,
    /** Strings set with a short expiry: at most one progress entry per 250 ms, one document write per second, across processes. */
    progressLock: `${base}:progress-lock`,
    syncLock: `${base}:sync-lock`,
  };
}
export type BatchKeys = ReturnType<typeof batchKeys>;

/** The keys that outlive a batch's end for a while (its results' reads and retryFailed), then expire. */
export function lastingKeys(k: BatchKeys): string[] {
  return [k.stream, k.owner, k.state, k.leases, k.parked, k.waking, k.reserved, k.costs, k.ended, k.failed, k.retry, k.ends, k.judged];
}
