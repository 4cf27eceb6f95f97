import { isTerminal, type RecordJob, type RedisKeys, type RunJob, type TerminalRunEvent } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ProviderLimiter } from '../limits/provider-limiter.js';
import type { RetryPolicy } from '../providers/provider-errors.js';
import { UnknownProviderError, type ProviderRegistry } from '../providers/provider-registry.js';
import type { CancelSignals } from './cancellation.js';
import type { RecordSink } from './record-sink.js';
import { bodyToSend } from './run-body.js';
import { RunEventWriter } from './run-events.js';
import { endOf, type Outcome } from './run-outcome.js';
import { runTurns, type Turns } from './run-turns.js';
import { newStreamResult } from './stream-reader.js';

export interface RunProcessorDeps {
  providers: ProviderRegistry;
  /** For run events only: a plain connection, not the one BullMQ uses. */
  redis: Redis;
  keys: RedisKeys;
  /** Where each run's record goes (a job each, or gathered for bulk replays). */
  records: RecordSink;
  cancels: CancelSignals;
  /** Enforces each provider's own `limits`, across all workers. */
  limiter: ProviderLimiter;
  retry: RetryPolicy;
  /** How long a run's event stream is kept after it ends. */
  streamTtlSeconds: number;
  logger: Logger;
  /**
   * Bulk replays: their provider waits poll less often than interactive
   * runs', so a freed slot goes to a person first; and they ask for the
   * whole answer at once, not a stream.
   */
  bulk?: boolean;
  /**
   * Called once a run's outcome is known, before its record is queued and
   * its terminal event written: a bulk replay's worker judges the answer or
   * counts it here. The record it returns is queued instead (with a judge's
   * verdict, say). A throw fails the job, which BullMQ tries again: the run
   * is then run again, so a hook that spends must be idempotent by run id.
   */
  onEnd?(run: RunJob, end: { outcome: Outcome; record: RecordJob; event: TerminalRunEvent }): Promise<RecordJob | void>;
}

/**
 * Runs one chat request against its provider, streaming, and publishes what
 * happens as run events: the job's body text is sent as it is (model and
 * streaming spliced in), for as many turns as reused tool results allow
 * (see run-turns.ts). Every outcome, a provider error or a cancel included,
 * ends the run with exactly one terminal event and one record job, so the
 * BullMQ job itself only fails on our own faults (Redis unreachable), and is
 * retried. Exported for the bulk replay worker too (see `onEnd`).
 */
export function createRunProcessor(deps: RunProcessorDeps) {
  const { providers, redis, keys, records, cancels, streamTtlSeconds } = deps;

  /** A run that fails before anything is sent (its provider was deleted after it was queued, its body is not an object): no retry helps. */
  const notSent = (message: string, requestBody: string): Turns => ({
    outcome: { kind: 'failed', error: { kind: 'invalid_request', message }, result: newStreamResult() },
    requestBody,
    usage: null,
    ttftMs: null,
    reusedToolResults: [],
  });

  /**
   * Bulk replays ask for the whole answer at once: nobody watches a bulk
   * replay's tokens arrive, and one JSON answer costs the worker (and the
   * provider) far less than an event per token to parse and publish.
   */
  const stream = deps.bulk !== true;

  /** The body to send, or why there is none. */
  const prepared = (run: RunJob): { body: string } | { error: string } => {
    try {
      return { body: bodyToSend(run.body, run.model, { stream }) };
    } catch (err) {
      return { error: `the request body is not a JSON object: ${(err as Error).message}` };
    }
  };

  return async function processRun(job: Job<RunJob>): Promise<void> {
    const run = job.data;
    const events = new RunEventWriter(redis, keys.runStream(run.runId), streamTtlSeconds);

    // A job taken again after its worker died (or after our own fault) may
    // find its run already ended: then there is nothing to do. Only such a
    // retry can, so a first attempt skips the round trip.
    const last = job.attemptsStarted > 1 ? await events.last() : null;
    if (last && isTerminal(last)) return;

    // The cancel check is not awaited before the first event is written: the
    // two leave together, so the provider call waits for one round trip, not
    // two. A run cancelled before it started still sends nothing (the signal
    // is awaited below, before the provider is called).
    const registered = cancels.register(run.runId);
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

      const signal = await registered;
      // The job's text with model and streaming spliced in: these bytes are what the provider receives.
      const body = prepared(run);
      const provider = await providers.find(run.workspaceId, run.provider);
      const turns: Turns =
        'error' in body
          ? notSent(body.error, run.body)
          : !provider
            ? notSent(new UnknownProviderError(run.provider).message, body.body)
            : await runTurns(deps, {
                runId: run.runId,
                provider,
                model: run.model,
                body: body.body,
                stream,
                // The recorded results come from the original conversation, which the replay may have cut short.
                originalBody: run.toolResultsFrom ?? run.body,
                reuseToolResults: run.reuseToolResults === true,
                interactive: deps.bulk !== true,
                signal,
                events,
                t0,
              });

      const { outcome, ...totals } = turns;
      const end = endOf(run, outcome, { ...totals, prices: provider?.prices ?? {}, startedAt, latencyMs: Math.round(performance.now() - t0) });
      const record = (await deps.onEnd?.(run, { outcome, ...end })) ?? end.record;
      // Every event before the end must be written before the record is queued
      // (a failed write throws here and BullMQ retries the job). The record is
      // queued before the terminal event: once a subscriber sees the end, the
      // record is on its way. History stores a run once, by run id, however often it is queued.
      await events.flush();
      await records.add(record);
      await events.end(end.event);
    } finally {
      cancels.unregister(run.runId);
    }
  };
}
