import { checkStructuredOutput, costOf, RunPriority, type ModelPrice, type RecordJob, type RunError, type RunJob, type ToolCall, type Usage } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import type { Job } from 'bullmq';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { Redis } from 'ioredis';
import { abortableSleep, type ProviderLimiter, type ProviderLimits } from '../limits/provider-limiter.js';
import { classifyFailure, nextRetry, type ProviderFailure, type RetryPolicy } from '../providers/provider-errors.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { CancelSignals } from './cancellation.js';
import type { RecordQueue } from './queues.js';
import { RunEventWriter } from './run-events.js';
import { assembleCompletion, newStreamResult, readStream, type StreamResult } from './stream-reader.js';

export interface RunProcessorDeps {
  providers: ProviderRegistry;
  /** For run events only: a plain connection, not the one BullMQ uses. */
  redis: Redis;
  recordQueue: RecordQueue;
  cancels: CancelSignals;
  limiter: ProviderLimiter;
  /** A provider's limits (requests per minute, concurrent requests), given what the provider itself carries. */
  limitsFor(workspaceId: string, provider: string, own: ProviderLimits): Promise<ProviderLimits> | ProviderLimits;
  retry: RetryPolicy;
  /** How long a run's event stream is kept after it ends. */
  streamTtlSeconds: number;
  logger: Logger;
}

type Outcome =
  | { kind: 'completed'; result: StreamResult }
  | { kind: 'failed'; error: RunError; result: StreamResult }
  | { kind: 'cancelled'; result: StreamResult };

/**
 * Runs one chat request against its provider, streaming, and publishes what
 * happens as run events. Every outcome, a provider error or a cancel
 * included, ends the run with exactly one terminal event and one record job,
 * so the BullMQ job itself only fails on our own faults (Redis unreachable),
 * and is retried. Provider failures worth retrying are retried here, within
 * the provider's limits, and announced as `retrying` events.
 */
export function createRunProcessor(deps: RunProcessorDeps) {
  const { providers, redis, recordQueue, cancels, limiter, retry, streamTtlSeconds, logger } = deps;

  return async function processRun(job: Job<RunJob>): Promise<void> {
    const run = job.data;
    const events = new RunEventWriter(redis, run.runId, streamTtlSeconds);

    // A job taken again after its worker died (or after our own fault) may
    // find its run already ended: then there is nothing to do. Only such a
    // retry can, so a first attempt skips the round trip.
    const recovering = job.attemptsStarted > 1;
    const last = recovering ? await events.last() : null;
    if (last && (last.type === 'completed' || last.type === 'failed' || last.type === 'cancelled')) return;

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
      const requestBody = JSON.stringify(body);
      const interactive = job.opts.priority === undefined || job.opts.priority <= RunPriority.Interactive;
      const provider = await providers.resolve(run.workspaceId, run.provider);
      const limits = await deps.limitsFor(run.workspaceId, run.provider, provider.limits);

      let outcome: Outcome | null = null;
      for (let attempt = 1; !outcome; attempt++) {
        const result = newStreamResult();
        let release: (() => Promise<void>) | null = null;
        try {
          release = await limiter.acquire(run.provider, `${run.runId}:${attempt}`, limits, interactive, signal);
          const client = provider.client;
          // Our contract checked the body; the SDK's own types are narrower than what providers take.
          const stream = await client.chat.completions.create(body as unknown as ChatCompletionCreateParamsStreaming, { signal });
          // The SDK ends a stream quietly when its request is aborted, so a
          // cancel is read from our signal, not from an error; aborting the
          // stream's own controller closes the connection at once.
          const stop = () => stream.controller.abort();
          signal.addEventListener('abort', stop, { once: true });
          try {
            await readStream(stream, result, events, t0);
          } finally {
            signal.removeEventListener('abort', stop);
          }
          outcome = signal.aborted ? { kind: 'cancelled', result } : { kind: 'completed', result };
        } catch (err) {
          const failure: ProviderFailure = signal.aborted ? { error: { kind: 'internal', message: 'cancelled' }, retryAfterMs: null, aborted: true } : classifyFailure(err);
          if (failure.aborted) {
            outcome = { kind: 'cancelled', result };
            break;
          }
          const delayMs = nextRetry(failure, attempt, retry);
          logger.warn({ runId: run.runId, provider: run.provider, attempt, kind: failure.error.kind, status: failure.error.status, retryInMs: delayMs }, 'run attempt failed at the provider');
          if (delayMs === null) {
            outcome = { kind: 'failed', error: failure.error, result };
            break;
          }
          events.retrying({
            type: 'retrying',
            attempt: attempt + 1,
            delayMs,
            error: failure.error,
            discardOutput: result.content !== '' || result.toolCalls.length > 0,
          });
          try {
            await abortableSleep(delayMs, signal);
          } catch {
            outcome = { kind: 'cancelled', result: newStreamResult() };
          }
        } finally {
          await release?.();
        }
      }
      await finish(run, outcome, { requestBody, startedAt, t0, events, prices: provider.prices });
    } finally {
      cancels.unregister(run.runId);
    }
  };

  async function finish(
    run: RunJob,
    outcome: Outcome,
    ctx: { requestBody: string; startedAt: Date; t0: number; events: RunEventWriter; prices: Record<string, ModelPrice> },
  ): Promise<void> {
    const { result } = outcome;
    const latencyMs = Math.round(performance.now() - ctx.t0);
    const toolCalls = result.toolCalls.filter(Boolean);
    // The provider's own prices win over the list prices (custom and fine-tuned models).
    const cost = result.usage ? costOf(run.model, result.usage.promptTokens, result.usage.completionTokens, ctx.prices) : null;
    const format = run.request.response_format;
    const structuredOutput =
      outcome.kind === 'completed' && format && format.type !== 'text' && toolCalls.length === 0
        ? checkStructuredOutput(result.content, format.type === 'json_schema' ? format.json_schema.schema : undefined)
        : null;
    const record: RecordJob = {
      runId: run.runId,
      workspaceId: run.workspaceId,
      source: run.source,
      provider: run.provider,
      model: run.model,
      requestBody: ctx.requestBody,
      responseBody: outcome.kind === 'completed' ? JSON.stringify(assembleCompletion(result, toolCalls, run.model)) : null,
      output: result.content || null,
      status: outcome.kind,
      error: outcome.kind === 'failed' ? outcome.error : null,
      usage: result.usage,
      cost,
      latencyMs,
      ttftMs: result.ttftMs,
      startedAt: ctx.startedAt.toISOString(),
      endedAt: new Date().toISOString(),
    };
    // Every event before the end must be written before the record is queued
    // (a failed write throws here and BullMQ retries the job). The record is
    // queued before the terminal event: once a subscriber sees the end, the
    // record is on its way. Job id = run id, so a retry records once.
    await ctx.events.flush();
    await recordQueue.add('record', record, { jobId: run.runId });
    switch (outcome.kind) {
      case 'completed':
        return ctx.events.end({
          type: 'completed',
          message: { role: 'assistant', content: toolCalls.length && !result.content ? null : result.content, ...(toolCalls.length ? { toolCalls } : {}) },
          finishReason: result.finishReason,
          usage: result.usage,
          cost,
          structuredOutput,
          latencyMs,
          ttftMs: result.ttftMs,
        });
      case 'failed':
        return ctx.events.end({ type: 'failed', error: outcome.error, latencyMs });
      case 'cancelled':
        return ctx.events.end({ type: 'cancelled', partial: { content: result.content, toolCalls }, latencyMs });
    }
  }
}

export type { Usage };
