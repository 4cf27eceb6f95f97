/** One change of `comparison.textDiff`, from the original's text to the replay's. */
export interface TextChange {
  op: 'EQUAL' | 'INSERT' | 'DELETE';
  text: string;
}

/** A run of text in one column: kept as it was, or only on this side. */
export interface Segment {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

export interface SideBySide {
  /** The original's text: what both share, and what the replay dropped. */
  original: Segment[];
  /** The replay's text: what both share, and what it added. */
  replay: Segment[];
  /** Words (not white space) only in the original, and only in the replay. */
  removedWords: number;
  addedWords: number;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Appends, merging with the previous segment of the same kind: the diff splits white space into runs of its own. */
function push(column: Segment[], segment: Segment) {
  if (!segment.text) return;
  const last = column.at(-1);
  if (last && last.kind === segment.kind) last.text += segment.text;
  else column.push({ ...segment });
}

/**
 * The two columns of a side-by-side diff. The changes rebuild both texts
 * exactly (the API keeps white space), so each column reads as its answer
 * did, with its own changes marked.
 */
export function sideBySide(changes: readonly TextChange[]): SideBySide {
  const result: SideBySide = { original: [], replay: [], removedWords: 0, addedWords: 0 };
  for (const change of changes) {
    switch (change.op) {
      case 'EQUAL':
        push(result.original, { kind: 'same', text: change.text });
        push(result.replay, { kind: 'same', text: change.text });
        break;
      case 'DELETE':
        push(result.original, { kind: 'removed', text: change.text });
        result.removedWords += words(change.text);
        break;
      case 'INSERT':
        push(result.replay, { kind: 'added', text: change.text });
        result.addedWords += words(change.text);
        break;
    }
  }
  result.original = bridgeSpaces(result.original);
  result.replay = bridgeSpaces(result.replay);
  return result;
}

/**
 * Joins changed runs that only white space keeps apart: the API diffs words
 * and spaces, and a sentence rewritten reads as one change, not as a
 * change per word (nor does a screen reader announce it word by word).
 */
function bridgeSpaces(column: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < column.length; i++) {
    const segment = column[i]!;
    const last = out.at(-1);
    const next = column[i + 1];
    if (segment.kind === 'same' && /^\s+$/.test(segment.text) && last && next && last.kind !== 'same' && next.kind === last.kind) {
      last.text += segment.text + next.text;
      i++;
    } else {
      out.push({ ...segment });
    }
  }
  return out;
}

/** The text a column rebuilds: what the original or the replay answered. */
export const columnText = (column: readonly Segment[]) => column.map((s) => s.text).join('');

/** "4 words removed, 6 added"; "no change in the text". */
export function changeSummary({ removedWords, addedWords }: Pick<SideBySide, 'removedWords' | 'addedWords'>): string {
  if (removedWords === 0 && addedWords === 0) return 'No change in the text';
  const plural = (n: number) => (n === 1 ? 'word' : 'words');
  if (removedWords === 0) return `${addedWords} ${plural(addedWords)} added`;
  if (addedWords === 0) return `${removedWords} ${plural(removedWords)} removed`;
  return `${removedWords} ${plural(removedWords)} removed, ${addedWords} added`;
}

