import { checkStructuredOutput, costOf, type RecordJob, type RunError, type RunJob, type ToolCall, type Usage } from '@reprise/contracts';
import type { Logger } from '@reprise/contracts/runtime';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { toRunError } from '../providers/provider-errors.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { RecordQueue } from './queues.js';
import { RunEventWriter } from './run-events.js';

export interface RunProcessorDeps {
  providers: ProviderRegistry;
  /** For run events only: a plain connection, not the one BullMQ uses. */
  redis: Redis;
  recordQueue: RecordQueue;
  /** How long a run's event stream is kept after it ends. */
  streamTtlSeconds: number;
  logger: Logger;
}

interface StreamResult {
  id: string | null;
  created: number | null;
  model: string | null;
  systemFingerprint: string | null;
  content: string;
  /** Tool calls by index, assembled from their deltas. */
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: Usage | null;
  ttftMs: number | null;
}

/**
 * Runs one chat request against its provider, streaming, and publishes what
 * happens as run events. Every outcome, including a provider error, ends the
 * run with exactly one terminal event and one record job, so the BullMQ job
 * itself only fails on our own faults (Redis unreachable), and is retried.
 */
export function createRunProcessor({ providers, redis, recordQueue, streamTtlSeconds, logger }: RunProcessorDeps) {
  return async function processRun(job: Job<RunJob>): Promise<void> {
    const run = job.data;
    const events = new RunEventWriter(redis, run.runId, streamTtlSeconds);

    // A retried job whose run already ended must not run or record it twice.
    // Only a retry can find one, so a first attempt skips the round trip.
    if (job.attemptsStarted > 1) {
      const last = await events.last();
      if (last && (last.type === 'completed' || last.type === 'failed')) return;
    }

    const startedAt = new Date();
    const t0 = performance.now();
    events.started({ type: 'started', provider: run.provider, model: run.model, at: startedAt.toISOString() });

    // The body exactly as sent: the SDK sends JSON.stringify of this object.
    const body = { ...run.request, model: run.model, stream: true as const, stream_options: { include_usage: true } };
    const requestBody = JSON.stringify(body);
    const result: StreamResult = {
      id: null, created: null, model: null, systemFingerprint: null,
      content: '', toolCalls: [], finishReason: null, usage: null, ttftMs: null,
    };

    let error: RunError | null = null;
    try {
      const client = providers.client(run.provider);
      const stream = await client.chat.completions.create(body as Parameters<typeof client.chat.completions.create>[0] & { stream: true });
      for await (const chunk of stream) {
        result.id ??= chunk.id;
        result.created ??= chunk.created;
        result.model ??= chunk.model;
        result.systemFingerprint ??= chunk.system_fingerprint ?? null;
        if (chunk.usage) {
          result.usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
            totalTokens: chunk.usage.total_tokens,
          };
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.finish_reason) result.finishReason = choice.finish_reason;
        const text = choice.delta?.content;
        if (text) {
          result.ttftMs ??= Math.round(performance.now() - t0);
          result.content += text;
          events.delta(text);
        }
        for (const piece of choice.delta?.tool_calls ?? []) {
          result.ttftMs ??= Math.round(performance.now() - t0);
          const call = (result.toolCalls[piece.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
          if (piece.id) call.id = piece.id;
          if (piece.function?.name) call.function.name += piece.function.name;
          if (piece.function?.arguments) call.function.arguments += piece.function.arguments;
          events.toolCallDelta({
            type: 'tool_call_delta',
            index: piece.index,
            ...(piece.id ? { id: piece.id } : {}),
            ...(piece.function?.name ? { name: piece.function.name } : {}),
            ...(piece.function?.arguments ? { arguments: piece.function.arguments } : {}),
          });
        }
      }
    } catch (err) {
      error = toRunError(err);
      logger.warn({ runId: run.runId, provider: run.provider, kind: error.kind, status: error.status }, 'run failed at the provider');
    }

    const latencyMs = Math.round(performance.now() - t0);
    const toolCalls = result.toolCalls.filter(Boolean);
    const cost = result.usage ? costOf(run.model, result.usage.promptTokens, result.usage.completionTokens) : null;
    const format = run.request.response_format;
    const structuredOutput =
      format && format.type !== 'text' && !error && toolCalls.length === 0
        ? checkStructuredOutput(result.content, format.type === 'json_schema' ? format.json_schema.schema : undefined)
        : null;
    const endedAt = new Date();
    const record: RecordJob = {
      runId: run.runId,
      workspaceId: run.workspaceId,
      source: run.source,
      provider: run.provider,
      model: run.model,
      requestBody,
      responseBody: error ? null : JSON.stringify(assembleCompletion(result, toolCalls, run.model)),
      output: error ? (result.content || null) : result.content,
      status: error ? 'failed' : 'completed',
      error,
      usage: result.usage,
      latencyMs,
      ttftMs: result.ttftMs,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
    };
    // Every event before the end must be written before the record is queued
    // (a failed write throws here and BullMQ retries the job). The record is
    // queued before the terminal event: once a subscriber sees the end, the
    // record is on its way. Job id = run id, so a retry records once.
    await events.flush();
    await recordQueue.add('record', record, { jobId: run.runId });
    await events.end(
      error
        ? { type: 'failed', error, latencyMs }
        : {
            type: 'completed',
            message: {
              role: 'assistant',
              content: toolCalls.length && !result.content ? null : result.content,
              ...(toolCalls.length ? { toolCalls } : {}),
            },
            finishReason: result.finishReason,
            usage: result.usage,
            cost,
            structuredOutput,
            latencyMs,
            ttftMs: result.ttftMs,
          },
    );
  };
}

/** The chat completion the stream amounts to, shaped as the non-streaming API returns it. */
function assembleCompletion(r: StreamResult, toolCalls: ToolCall[], requestedModel: string) {
  return {
    id: r.id,
    object: 'chat.completion',
    created: r.created,
    model: r.model ?? requestedModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: toolCalls.length && !r.content ? null : r.content,
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: r.finishReason,
      },
    ],
    usage: r.usage && {
      prompt_tokens: r.usage.promptTokens,
      completion_tokens: r.usage.completionTokens,
      total_tokens: r.usage.totalTokens,
    },
    system_fingerprint: r.systemFingerprint,
  };
}
