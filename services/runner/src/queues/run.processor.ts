import { isTerminal, RunPriority, type RedisKeys, type RunJob } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ProviderLimiter } from '../limits/provider-limiter.js';
import type { RetryPolicy } from '../providers/provider-errors.js';
import { UnknownProviderError, type ProviderRegistry } from '../providers/provider-registry.js';
import type { CancelSignals } from './cancellation.js';
import type { RecordQueue } from './queues.js';
import { attemptRun } from './run-attempts.js';
import { RunEventWriter } from './run-events.js';
import { endOf, type Outcome } from './run-outcome.js';
import { newStreamResult } from './stream-reader.js';

export interface RunProcessorDeps {
  providers: ProviderRegistry;
  /** For run events only: a plain connection, not the one BullMQ uses. */
  redis: Redis;
  keys: RedisKeys;
  recordQueue: RecordQueue;
  cancels: CancelSignals;
  /** Enforces each provider's own `limits`, across all workers. */
  limiter: ProviderLimiter;
  retry: RetryPolicy;
  /** How long a run's event stream is kept after it ends. */
  streamTtlSeconds: number;
  logger: Logger;
}

/**
 * Runs one chat request against its provider, streaming, and publishes what
 * happens as run events. Every outcome, a provider error or a cancel
 * included, ends the run with exactly one terminal event and one record job,
 * so the BullMQ job itself only fails on our own faults (Redis unreachable),
 * and is retried.
 */
export function createRunProcessor(deps: RunProcessorDeps) {
  const { providers, redis, keys, recordQueue, cancels, streamTtlSeconds } = deps;

  /** A run whose provider is gone (deleted after the run was queued) fails like a refused request: no retry brings it back. */
  const providerGone = (run: RunJob): Outcome => ({
    kind: 'failed',
    error: { kind: 'invalid_request', message: new UnknownProviderError(run.provider).message },
    result: newStreamResult(),
  });

  return async function processRun(job: Job<RunJob>): Promise<void> {
    const run = job.data;
    const events = new RunEventWriter(redis, keys.runStream(run.runId), streamTtlSeconds);

    // A job taken again after its worker died (or after our own fault) may
    // find its run already ended: then there is nothing to do. Only such a
    // retry can, so a first attempt skips the round trip.
    const last = job.attemptsStarted > 1 ? await events.last() : null;
    if (last && isTerminal(last)) return;

    const signal = await cancels.register(run.runId);
    try {
      const startedAt = new Date();
      const t0 = performance.now();
      if (last) {
        events.retrying({
          type: 'retrying',
          attempt: job.attemptsStarted,
          delayMs: 0,
          error: { kind: 'internal', message: 'the worker running this run stopped; starting it again' },
          discardOutput: true,
        });
      } else {
        events.started({ type: 'started', provider: run.provider, model: run.model, at: startedAt.toISOString() });
      }

      // The body exactly as sent: the SDK sends JSON.stringify of this object.
      const body = { ...run.request, model: run.model, stream: true as const, stream_options: { include_usage: true } };
      const provider = await providers.find(run.workspaceId, run.provider);
      const outcome: Outcome = provider
        ? await attemptRun(deps, {
            runId: run.runId,
            provider,
            body: body as unknown as ChatCompletionCreateParamsStreaming,
            interactive: job.opts.priority === undefined || job.opts.priority <= RunPriority.Interactive,
            signal,
            events,
            t0,
          })
        : providerGone(run);

      const { record, event } = endOf(run, outcome, {
        requestBody: JSON.stringify(body),
        prices: provider?.prices ?? {},
        startedAt,
        latencyMs: Math.round(performance.now() - t0),
      });
      // Every event before the end must be written before the record is queued
      // (a failed write throws here and BullMQ retries the job). The record is
      // queued before the terminal event: once a subscriber sees the end, the
      // record is on its way. Job id = run id, so a retry records once.
      await events.flush();
      await recordQueue.add('record', record, { jobId: run.runId });
      await events.end(event);
    } finally {
      cancels.unregister(run.runId);
    }
  };
}
