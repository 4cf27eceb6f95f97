import type { FieldDifference } from '@reprise/contracts';
import type { AnswerCall } from './answer.js';
import { textDifferences } from './json-diff.js';

function differencesOf(a: AnswerCall, b: AnswerCall, path: string): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (a.name !== b.name) out.push({ path: `${path}.name`, kind: 'changed', original: JSON.stringify(a.name), replay: JSON.stringify(b.name) });
  out.push(...textDifferences(a.arguments, b.arguments, `${path}.arguments`));
  return out;
}

/**
 * Field-level differences between the original's tool calls and the
 * replay's, with paths such as `calls[0].name` and `calls[0].arguments.city`
 * (arguments compared as parsed JSON; arguments that are not JSON, as text).
 *
 * The calls of one turn are a set, not a sequence (the app runs them all,
 * often in parallel), so they are paired before they are compared: first
 * equal calls, wherever they stand; then calls to the same function, in
 * order; then what is left, by position. A mere reordering is therefore no
 * difference, and a changed argument is reported on the call it belongs to.
 * Paths index the original's list; a call only the replay made is
 * `calls[k]` added, with k its index in the replay's list.
 */
export function toolCallDifferences(original: readonly AnswerCall[], replay: readonly AnswerCall[]): FieldDifference[] {
  const pairOf = new Map<number, number>();
  const taken = new Set<number>();
  const pair = (accept: (a: AnswerCall, b: AnswerCall) => boolean) => {
    original.forEach((a, i) => {
      if (pairOf.has(i)) return;
      const j = replay.findIndex((b, k) => !taken.has(k) && accept(a, b));
      if (j >= 0) {
        pairOf.set(i, j);
        taken.add(j);
      }
    });
  };
  pair((a, b) => a.name === b.name && differencesOf(a, b, '').length === 0);
  pair((a, b) => a.name === b.name);
  pair(() => true);

  const out: FieldDifference[] = [];
  original.forEach((a, i) => {
    const j = pairOf.get(i);
    if (j === undefined) out.push({ path: `calls[${i}]`, kind: 'removed', original: JSON.stringify(a) });
    else out.push(...differencesOf(a, replay[j]!, `calls[${i}]`));
  });
  replay.forEach((b, j) => {
    if (!taken.has(j)) out.push({ path: `calls[${j}]`, kind: 'added', replay: JSON.stringify(b) });
  });
  return out;
}
