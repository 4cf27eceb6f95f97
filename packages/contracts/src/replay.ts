import { z } from 'zod';

/**
 * One tool call of a replay answered from the original conversation: the
 * model called `name` with arguments equal (as JSON) to a call the original
 * made, and got that call's recorded result instead of a new one.
 */
export const reusedToolResultSchema = z.object({
  /** Which model turn of the replay made the call, from 1. */
  step: z.number().int().min(1),
  callId: z.string(),
  name: z.string(),
  arguments: z.string(),
  /** The id of the original call whose recorded result answered it. */
  fromCallId: z.string(),
});
export type ReusedToolResult = z.infer<typeof reusedToolResultSchema>;

/** What a bulk replay's judge is asked to do. */
export const judgeConfigSchema = z.object({
  /** Provider id; the default provider when absent. */
  provider: z.string().min(1).optional(),
  model: z.string().min(1),
  /** What a good answer is, in the team's words. */
  rubric: z.string().min(1).max(20_000),
});
export type JudgeConfig = z.infer<typeof judgeConfigSchema>;

/** The judge's answer for one replay, through structured output. */
export const judgeVerdictSchema = z.object({
  score: z.number().min(0).max(1),
  reason: z.string(),
  provider: z.string(),
  model: z.string(),
  /** USD; counted against the batch's budget. */
  cost: z.number().nonnegative().nullable(),
});
export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

/**
 * What a replay changes, as it travels between services: provider and model,
 * and top-level body fields each as JSON text (so a 64-bit seed keeps its
 * digits); null removes the field from the body.
 */
export const replayOverridesSchema = z.object({
  provider: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  fields: z.record(z.string().min(1), z.string().min(1).nullable()).default({}),
});
export type ReplayOverrides = z.infer<typeof replayOverridesSchema>;

/** Fields of a body that the worker sets itself and that no override may name. */
export const WORKER_BODY_FIELDS = ['model', 'stream', 'stream_options'] as const;

