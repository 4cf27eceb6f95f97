import { createHash } from 'node:crypto';

/** The namespace of every bulk replay's run id (a random UUID, fixed forever: changing it would re-run every resumed batch's requests). */
const REPLAY_NAMESPACE = Buffer.from('6f1c2a4e9b7d4c0f8e3a5d2b1c9f7e60', 'hex');

/** A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name). */
export function uuidV5(name: string, namespace: Buffer = REPLAY_NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The run id of a request's replay in a batch: the same every time it is
 * derived, so queueing it twice (a resumed enqueuer) adds one job and
 * recording it twice stores one record. A retry round gets a run of its own.
 */
export function replayRunId(batchId: string, requestId: string, retryRound = 0): string {
  return uuidV5(retryRound ? `${batchId}\n${requestId}\nretry:${retryRound}` : `${batchId}\n${requestId}`);
}

/**
 * The BullMQ job id: the run id, and for a retry, the first run's id with
 * its round (a job id is never reused: BullMQ would take the re-add for the
 * finished job). `-`, not `:`, which BullMQ refuses in custom ids.
 */
export function replayJobId(batchId: string, requestId: string, retryRound = 0): string {
  const first = replayRunId(batchId, requestId);
  return retryRound ? `${first}-retry-${retryRound}` : first;
}
