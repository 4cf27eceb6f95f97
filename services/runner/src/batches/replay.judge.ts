import { setTimeout as sleep } from 'node:timers/promises';
import { costOf, messageTextOf, type JudgeVerdict, type RecordJob, type RunJob } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { z } from 'zod';
import type { ProviderLimiter } from '../limits/provider-limiter.js';
import { classifyFailure, nextRetry, type ProviderFailure, type RetryPolicy } from '../providers/provider-errors.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';

export interface JudgeDeps {
  providers: ProviderRegistry;
  /** The judge's calls are held to its provider's limits like any run's. */
  limiter: ProviderLimiter;
  retry: RetryPolicy;
  logger: Logger;
}

export interface Judgement {
  /** Null when the judge could not give one (its provider is gone, it failed, or its answer did not parse). */
  verdict: JudgeVerdict | null;
  /** USD spent on the judge, whether or not it gave a verdict; counted against the batch's budget. */
  costUsd: number;
}

/** Each part of the judge's prompt is cut to this many characters: the judge reads a conversation, not a corpus. */
const MAX_PART_CHARS = 60_000;

const verdictSchema = z.object({ score: z.number(), reason: z.string() });

/** Strict structured output: the judge answers exactly { score, reason }. */
const RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'replay_verdict',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        score: { type: 'number', description: 'From 0 (the replay fails the rubric) to 1 (it fully meets it).' },
        reason: { type: 'string', description: 'Why, in one or two sentences.' },
      },
      required: ['score', 'reason'],
      additionalProperties: false,
    },
  },
} as const;

const INSTRUCTIONS = [
  'You review a replay: the same conversation was sent to a language model again, and it answered anew.',
  'Score the replay\'s answer from 0 to 1 by the rubric, using the original answer as the reference it is compared with.',
  '1 means the replay fully meets the rubric; 0 means it fails it. Give the reason in one or two sentences.',
].join(' ');

const cut = (text: string) => (text.length > MAX_PART_CHARS ? `${text.slice(0, MAX_PART_CHARS)}\n[… cut]` : text);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The conversation of a body as text: each message's role and text, and the calls an assistant made. */
export function conversationText(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  const messages = isObject(parsed) && Array.isArray(parsed.messages) ? parsed.messages : [];
  return messages
    .filter(isObject)
    .map((m) => {
      const calls = (Array.isArray(m.tool_calls) ? m.tool_calls : [])
        .filter(isObject)
        .map((c) => (isObject(c.function) ? `${String(c.function.name)}(${String(c.function.arguments ?? '')})` : ''))
        .filter(Boolean);
      const text = messageTextOf(m.content);
      return `${String(m.role)}: ${text}${calls.length ? `${text ? '\n' : ''}[calls ${calls.join(', ')}]` : ''}`;
    })
    .join('\n\n');
}

/** The replay's answer as text: its content, or the tool calls of its first choice. */
export function answerText(record: RecordJob): string {
  if (record.output) return record.output;
  try {
    const completion = JSON.parse(record.responseBody ?? 'null') as { choices?: { message?: { tool_calls?: { function?: { name?: string; arguments?: string } }[] } }[] } | null;
    const calls = completion?.choices?.[0]?.message?.tool_calls ?? [];
    return calls.map((c) => `${c.function?.name ?? ''}(${c.function?.arguments ?? ''})`).join('\n');
  } catch {
    return '';
  }
}

/**
 * Asks the batch's judge to score a completed replay against its original:
 * one non-streaming call with strict structured output, retried on 429,
 * 5xx and timeouts like a run, within the judge provider's limits.
 */
export async function judgeReplay(deps: JudgeDeps, run: RunJob, record: RecordJob, signal?: AbortSignal): Promise<Judgement> {
  const judge = run.judge!;
  const log = deps.logger.child({ runId: run.runId, batchId: run.batchId, judge: `${judge.provider}/${judge.model}` });
  const provider = await deps.providers.find(run.workspaceId, judge.provider);
  if (!provider) {
    log.warn('the judge\'s provider is gone: no verdict');
    return { verdict: null, costUsd: 0 };
  }
  const prompt = [
    `Rubric:\n${cut(judge.rubric)}`,
    `Conversation:\n${cut(conversationText(run.body))}`,
    `Original answer:\n${cut(judge.originalAnswer)}`,
    `Replay's answer:\n${cut(answerText(record))}`,
  ].join('\n\n---\n\n');
  let costUsd = 0;
  for (let attempt = 1; ; attempt++) {
    const release = await deps.limiter.acquire(provider.id, `${run.runId}:judge:${attempt}`, provider.limits, false, signal);
    let failure: ProviderFailure;
    try {
      const completion = await provider.client.chat.completions.create(
        {
          model: judge.model,
          messages: [
            { role: 'system', content: INSTRUCTIONS },
            { role: 'user', content: prompt },
          ],
          response_format: RESPONSE_FORMAT,
        },
        { signal },
      );
      const usage = completion.usage;
      const cost = usage ? costOf(judge.model, usage.prompt_tokens, usage.completion_tokens, provider.prices) : null;
      costUsd += cost ?? 0;
      const parsed = verdictSchema.safeParse(safeJson(completion.choices[0]?.message?.content ?? ''));
      if (!parsed.success) {
        log.warn('the judge\'s answer is not a verdict');
        return { verdict: null, costUsd };
      }
      const score = Math.min(1, Math.max(0, parsed.data.score));
      return { verdict: { score, reason: parsed.data.reason, provider: provider.id, model: judge.model, cost }, costUsd };
    } catch (err) {
      failure = classifyFailure(err);
    } finally {
      await release();
    }
    // The wait is outside the provider's slot: a judge backing off holds no one else up.
    const delay = nextRetry(failure, attempt, deps.retry);
    if (delay === null) {
      log.warn({ error: failure.error }, 'the judge failed: no verdict');
      return { verdict: null, costUsd };
    }
    await sleep(delay, undefined, { signal }).catch(() => {});
    if (signal?.aborted) return { verdict: null, costUsd };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
