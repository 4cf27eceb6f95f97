import { changeSummary, columnText, sideBySide, type TextChange } from '../../../features/batches/diff';

const changes: TextChange[] = [
  { op: 'EQUAL', text: 'The tide' },
  { op: 'EQUAL', text: ' ' },
  { op: 'DELETE', text: 'rises' },
  { op: 'INSERT', text: 'comes in' },
  { op: 'EQUAL', text: ' twice a day' },
  { op: 'INSERT', text: ', roughly' },
  { op: 'EQUAL', text: '.' },
];

describe('sideBySide', () => {
  it('rebuilds each answer exactly from the changes', () => {
    const { original, replay } = sideBySide(changes);
    expect(columnText(original)).toBe('The tide rises twice a day.');
    expect(columnText(replay)).toBe('The tide comes in twice a day, roughly.');
  });

  it('marks removals on the left and additions on the right, merging runs of one kind', () => {
    const { original, replay } = sideBySide(changes);
    expect(original).toEqual([
      { kind: 'same', text: 'The tide ' },
      { kind: 'removed', text: 'rises' },
      { kind: 'same', text: ' twice a day.' },
    ]);
    expect(replay).toEqual([
      { kind: 'same', text: 'The tide ' },
      { kind: 'added', text: 'comes in' },
      { kind: 'same', text: ' twice a day' },
      { kind: 'added', text: ', roughly' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('counts words changed, not white space', () => {
    const columns = sideBySide(changes);
    expect(columns).toMatchObject({ removedWords: 1, addedWords: 4 });
    expect(changeSummary(columns)).toBe('1 word removed, 4 added');
    expect(changeSummary(sideBySide([{ op: 'INSERT', text: '  ' }]))).toBe('No change in the text');
  });

  it('reads a rewritten run of words as one change, the spaces between them included', () => {
    const { original, replay } = sideBySide([
      { op: 'EQUAL', text: 'Go ' },
      { op: 'DELETE', text: 'to' },
      { op: 'INSERT', text: 'into' },
      { op: 'EQUAL', text: ' ' },
      { op: 'DELETE', text: 'Settings' },
      { op: 'INSERT', text: 'Preferences' },
      { op: 'EQUAL', text: ' now, ' },
      { op: 'DELETE', text: 'please' },
    ]);
    expect(original).toEqual([
      { kind: 'same', text: 'Go ' },
      { kind: 'removed', text: 'to Settings' },
      { kind: 'same', text: ' now, ' },
      { kind: 'removed', text: 'please' },
    ]);
    expect(replay).toEqual([
      { kind: 'same', text: 'Go ' },
      { kind: 'added', text: 'into Preferences' },
      { kind: 'same', text: ' now, ' },
    ]);
  });

  it('has nothing on either side for two empty answers, and a whole replacement for unrelated ones', () => {
    expect(sideBySide([])).toEqual({ original: [], replay: [], removedWords: 0, addedWords: 0 });
    const replaced = sideBySide([
      { op: 'DELETE', text: 'Yes.' },
      { op: 'INSERT', text: 'No, never.' },
    ]);
    expect(replaced.original).toEqual([{ kind: 'removed', text: 'Yes.' }]);
    expect(replaced.replay).toEqual([{ kind: 'added', text: 'No, never.' }]);
    expect(changeSummary(replaced)).toBe('1 word removed, 2 added');
  });
});
