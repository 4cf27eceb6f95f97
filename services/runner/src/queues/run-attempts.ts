import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@reprise/runtime';
import type { ProviderLimiter } from '../limits/provider-limiter.js';
import { completeChatBody, streamChatBody } from '../providers/chat-stream.js';
import { classifyFailure, nextRetry, type RetryPolicy } from '../providers/provider-errors.js';
import type { ResolvedProvider } from '../providers/provider-registry.js';
import type { Outcome } from './run-outcome.js';
import type { RunEventWriter } from './run-events.js';
import { answerOf, newStreamResult, readCompletion, readStream } from './stream-reader.js';

export interface AttemptDeps {
  limiter: ProviderLimiter;
  retry: RetryPolicy;
  logger: Logger;
}

export interface RunCall {
  runId: string;
  provider: ResolvedProvider;
  /** The run's model, which AzureOpenAI puts in the path (the deployment). */
  model: string;
  /** The body to send, as the exact JSON text sent (model and streaming already spliced in). */
  body: string;
  /** Whether the body asks for a stream (`"stream": true`), or for the whole answer at once. */
  stream: boolean;
  /** Which model turn of the run this is, from 1 (several with reused tool results). */
  turn: number;
  /** Interactive runs take a freed slot before bulk ones. */
  interactive: boolean;
  /** Aborted by a cancel: every wait ends at once and the SDK closes the provider's stream. */
  signal: AbortSignal;
  events: RunEventWriter;
  /** When the run started, for the time to first token. */
  t0: number;
}

/**
 * Calls the provider, streaming, until this turn of the run has an outcome
 * (a run has one turn, or several with reused tool results). Each attempt
 * waits for a slot within the provider's limits; a failure worth retrying
 * (429, 5xx, timeouts, lost connections) is announced as `retrying` and
 * tried again after the backoff, no sooner than the provider's Retry-After.
 * A cancel, at any point, ends it as `cancelled` without another call.
 */
export async function attemptTurn({ limiter, retry, logger }: AttemptDeps, call: RunCall): Promise<Outcome> {
  const { runId, provider, signal, events } = call;
  for (let attempt = 1; ; attempt++) {
    const result = newStreamResult();
    if (signal.aborted) return { kind: 'cancelled', result };
    let release: (() => Promise<void>) | null = null;
    try {
      release = await limiter.acquire(provider.id, `${runId}:${call.turn}:${attempt}`, provider.limits, call.interactive, signal);
      // The SDK aborts its fetch on the signal for as long as the body is read,
      // and then ends the stream quietly: a cancel is read from the signal.
      if (call.stream) await readStream(await streamChatBody(provider.client, call.body, call.model, signal), result, events, call.t0);
      else readCompletion(await completeChatBody(provider.client, call.body, call.model, signal), result, events);
      return { kind: signal.aborted ? 'cancelled' : 'completed', result };
    } catch (err) {
      if (signal.aborted) return { kind: 'cancelled', result };
      const failure = classifyFailure(err);
      if (failure.aborted) return { kind: 'cancelled', result };
      const delayMs = nextRetry(failure, attempt, retry);
      logger.warn({ runId, provider: provider.id, attempt, kind: failure.error.kind, status: failure.error.status, retryInMs: delayMs }, 'run attempt failed at the provider');
      if (delayMs === null) return { kind: 'failed', error: failure.error, result };
      const streamed = answerOf(result);
      events.retrying({
        type: 'retrying',
        attempt: attempt + 1,
        delayMs,
        error: failure.error,
        discardOutput: streamed.content !== '' || streamed.toolCalls.length > 0,
      });
      // The slot stays taken through the backoff (released in `finally`): a
      // provider that just refused is not handed another run in its place.
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return { kind: 'cancelled', result: newStreamResult() };
      }
    } finally {
      await release?.();
    }
  }
}
