import type { ReplayOverrides } from '../../gql/graphql';
import type { FieldIssue } from './field-issues';

/**
 * The parameter overrides a bulk replay offers, as typed into the form: text
 * per field, an empty one leaving each request's own value as recorded.
 * (Messages and tools are each request's own: a bulk replay keeps them.)
 */
export interface ParameterFields {
  temperature: string;
  topP: string;
  maxTokens: string;
  maxCompletionTokens: string;
  seed: string;
  presencePenalty: string;
  frequencyPenalty: string;
  n: string;
  /** One stop sequence a line. */
  stop: string;
  reasoningEffort: string;
  /** '' as recorded, else 'auto', 'none' or 'required'. */
  toolChoice: string;
  /** '' as recorded, else 'true' or 'false'. */
  parallelToolCalls: string;
  user: string;
  /** A JSON object of other top-level body fields. */
  extra: string;
  /** Body fields to leave out, separated by commas. */
  remove: string;
}

export const EMPTY_PARAMETERS: ParameterFields = {
  temperature: '',
  topP: '',
  maxTokens: '',
  maxCompletionTokens: '',
  seed: '',
  presencePenalty: '',
  frequencyPenalty: '',
  n: '',
  stop: '',
  reasoningEffort: '',
  toolChoice: '',
  parallelToolCalls: '',
  user: '',
  extra: '',
  remove: '',
};

/** Every field the form has, by the name ReplayOverrides (and so a refusal) gives it. */
export const PARAMETER_NAMES = Object.keys(EMPTY_PARAMETERS) as (keyof ParameterFields)[];

type NumberKind = 'float' | 'int';

/** The numeric fields, with what the form says about each; the ranges are the server's to check. */
type NumberName = 'temperature' | 'topP' | 'maxTokens' | 'maxCompletionTokens' | 'presencePenalty' | 'frequencyPenalty' | 'n';

export const NUMBER_PARAMETERS: { name: NumberName; label: string; kind: NumberKind; hint: string; step: string }[] = [
  { name: 'temperature', label: 'Temperature', kind: 'float', hint: '0 to 2', step: '0.1' },
  { name: 'topP', label: 'Top p', kind: 'float', hint: '0 to 1', step: '0.05' },
  { name: 'maxTokens', label: 'Max tokens', kind: 'int', hint: 'max_tokens', step: '1' },
  { name: 'maxCompletionTokens', label: 'Max completion tokens', kind: 'int', hint: 'reasoning models', step: '1' },
  { name: 'presencePenalty', label: 'Presence penalty', kind: 'float', hint: '−2 to 2', step: '0.1' },
  { name: 'frequencyPenalty', label: 'Frequency penalty', kind: 'float', hint: '−2 to 2', step: '0.1' },
  { name: 'n', label: 'Choices (n)', kind: 'int', hint: 'answers per request', step: '1' },
];

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function parseNumber(text: string, kind: NumberKind): number | string {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return 'a number';
  const value = Number(trimmed);
  if (kind === 'int' && !Number.isInteger(value)) return 'a whole number';
  return value;
}

function parseJsonObject(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'a JSON object, e.g. {"top_k": 40}';
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
}

/** The model a batch replays against; null to keep each request's own model. */
export interface Target {
  provider: string;
  model: string;
}

/**
 * ReplayOverrides from the form, or the fields that cannot be sent as typed
 * (named as the gateway would name them, `overrides.<field>`, so the page
 * shows both kinds of refusal in one place).
 */
export function buildOverrides(target: Target | null, fields: ParameterFields): { overrides: ReplayOverrides; issues: FieldIssue[] } {
  const overrides: ReplayOverrides = target ? { provider: target.provider, model: target.model } : {};
  const issues: FieldIssue[] = [];
  const refuse = (name: string, message: string) => issues.push({ field: `overrides.${name}`, message: `must be ${message}` });

  for (const { name, kind } of NUMBER_PARAMETERS) {
    if (!fields[name].trim()) continue;
    const value = parseNumber(fields[name], kind);
    if (typeof value === 'string') refuse(name, value);
    else overrides[name] = value;
  }
  const seed = fields.seed.trim();
  // Int64 travels as digits: a seed beyond 2^53 keeps every one of them.
  if (seed) {
    if (/^-?\d+$/.test(seed)) overrides.seed = seed;
    else refuse('seed', 'a whole number');
  }
  const stop = fields.stop.split('\n').filter((line) => line !== '');
  if (stop.length) overrides.stop = stop;
  if (fields.reasoningEffort) overrides.reasoningEffort = fields.reasoningEffort;
  if (fields.toolChoice) overrides.toolChoice = { mode: fields.toolChoice };
  if (fields.parallelToolCalls) overrides.parallelToolCalls = fields.parallelToolCalls === 'true';
  if (fields.user.trim()) overrides.user = fields.user.trim();
  if (fields.extra.trim()) {
    const extra = parseJsonObject(fields.extra);
    if (typeof extra === 'string') issues.push({ field: 'overrides.extra', message: extra });
    else overrides.extra = extra;
  }
  const remove = fields.remove.split(',').map((f) => f.trim()).filter(Boolean);
  if (remove.length) overrides.remove = remove;
  return { overrides, issues };
}

/** The run options typed into the form; empty fields take the server's defaults. */
export interface OptionFields {
  name: string;
  concurrency: string;
  budgetUsd: string;
  reuseToolResults: boolean;
}

export function buildOptions(fields: OptionFields): { options: { name?: string; concurrency?: number; budgetUsd?: number; reuseToolResults: boolean }; issues: FieldIssue[] } {
  const options: { name?: string; concurrency?: number; budgetUsd?: number; reuseToolResults: boolean } = { reuseToolResults: fields.reuseToolResults };
  const issues: FieldIssue[] = [];
  if (fields.name.trim()) options.name = fields.name.trim();
  if (fields.concurrency.trim()) {
    const value = parseNumber(fields.concurrency, 'int');
    if (typeof value === 'string') issues.push({ field: 'options.concurrency', message: `must be ${value}` });
    else options.concurrency = value;
  }
  if (fields.budgetUsd.trim()) {
    const value = parseNumber(fields.budgetUsd.replace(/^\$/, ''), 'float');
    if (typeof value === 'string') issues.push({ field: 'options.budgetUsd', message: `must be ${value} of dollars` });
    else options.budgetUsd = value;
  }
  return { options, issues };
}

/** A batch's overrides as stored (`Batch.overrides`: provider, model, and body fields as JSON text) in a few words. */
export function describeOverrides(stored: Record<string, unknown>): string[] {
  const fields = (typeof stored.fields === 'object' && stored.fields !== null ? stored.fields : {}) as Record<string, unknown>;
  return Object.entries(fields).map(([key, text]) => (text === null ? `without ${key}` : `${key} ${String(text)}`));
}
