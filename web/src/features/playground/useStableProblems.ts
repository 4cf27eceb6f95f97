import { useRef } from 'react';
import type { Problem } from './run-input';

const same = (a: readonly Problem[], b: readonly Problem[]) => a.length === b.length && a.every((p, i) => p.field === b[i]!.field && p.message === b[i]!.message);

/**
 * The list from the last render while its contents are the same: the
 * problems are found afresh on every keystroke, and a memoised panel must
 * not render again for an equal list.
 */
export function useStableProblems(problems: readonly Problem[]): readonly Problem[] {
  const last = useRef(problems);
  if (!same(last.current, problems)) last.current = problems;
  return last.current;
}
