import type { ReplayOverrides } from '../../gql/graphql';
import { readEditor, sectionOf, type Problem, type RunFields } from './run-input';
import type { EditorState } from './session';

/**
 * A replay sends the stored body; only what the user changed in the editor
 * goes into `overrides`, so a field shown differently from how it is stored
 * (a seed beyond 2^53, an unknown provider field) is sent as stored unless
 * touched. Each side is read by the same function, so an untouched field
 * reads the same on both.
 */

/** The stored body's key for each typed field: what `remove` names when the user cleared the field. */
const BODY_KEY = {
  temperature: 'temperature',
  topP: 'top_p',
  maxTokens: 'max_tokens',
  maxCompletionTokens: 'max_completion_tokens',
  stop: 'stop',
  seed: 'seed',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  user: 'user',
  logitBias: 'logit_bias',
  reasoningEffort: 'reasoning_effort',
  n: 'n',
  tools: 'tools',
  toolChoice: 'tool_choice',
  parallelToolCalls: 'parallel_tool_calls',
  responseFormat: 'response_format',
} as const satisfies Partial<Record<keyof RunFields, string>>;

type BodyField = keyof typeof BODY_KEY;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same JSON value, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return Object.is(a, b);
}

export interface ReplayDiff {
  overrides: ReplayOverrides;
  /** What the user changed, for the page to list: `temperature`, `messages`, `extra.top_k`... */
  changed: string[];
  /** What keeps the edited request from being sent; problems of untouched fields are not the user's to fix. */
  problems: Problem[];
}

/** The overrides that turn the request as loaded into the request as edited. */
export function replayOverrides(loaded: EditorState, current: EditorState): ReplayDiff {
  const before = readEditor(loaded).fields;
  const { fields: after, problems } = readEditor(current);
  const overrides: ReplayOverrides = {};
  const changed: string[] = [];
  const remove: string[] = [];

  if (after.model !== before.model) {
    overrides.model = after.model;
    changed.push('model');
  }
  if (after.provider && after.provider !== before.provider) {
    overrides.provider = after.provider;
    changed.push('provider');
  }
  const messagesChanged = !sameJson(before.messages, after.messages);
  if (messagesChanged) {
    overrides.messages = after.messages;
    if (after.variables) overrides.variables = after.variables;
    changed.push('messages');
  }

  for (const field of Object.keys(BODY_KEY) as BodyField[]) {
    if (sameJson(before[field], after[field])) continue;
    changed.push(field);
    if (after[field] === undefined || after[field] === null) remove.push(BODY_KEY[field]);
    else (overrides as Record<string, unknown>)[field] = after[field];
  }

  const extraBefore = before.extra ?? {};
  const extraAfter = after.extra ?? {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extraAfter)) {
    if (Object.hasOwn(extraBefore, key) && sameJson(extraBefore[key], value)) continue;
    extra[key] = value;
    changed.push(`extra.${key}`);
  }
  for (const key of Object.keys(extraBefore)) {
    if (Object.hasOwn(extraAfter, key)) continue;
    remove.push(key);
    changed.push(`extra.${key}`);
  }
  if (Object.keys(extra).length > 0) overrides.extra = extra;
  if (remove.length > 0) overrides.remove = remove;

  // The stored conversation is sent as it is unless edited: its variables and oddities are not the user's to fix.
  const relevant = problems.filter((p) => {
    const section = sectionOf(p.field);
    if (section === 'messages' || section === 'variables') return messagesChanged;
    return true;
  });
  return { overrides, changed, problems: relevant };
}
