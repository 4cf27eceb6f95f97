/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, within } from '@testing-library/react';
import type { TextChange } from '../../../features/batches/diff';
import { TextDiff } from '../../../features/batches/TextDiff';

const column = (side: 'Original' | 'Replay') => screen.getByRole('group', { name: `${side} text` });

describe('TextDiff', () => {
  const changes: TextChange[] = [
    { op: 'EQUAL', text: 'It is ' },
    { op: 'DELETE', text: 'cold' },
    { op: 'INSERT', text: 'chilly and wet' },
    { op: 'EQUAL', text: ' in Oslo.' },
  ];

  it('shows the original with what the replay dropped struck through, and the replay with what it added', () => {
    render(<TextDiff changes={changes} />);
    const diff = screen.getByRole('group', { name: 'Text diff' });
    expect(within(diff).getByText('1 word removed, 3 added')).toBeTruthy();
    expect(within(diff).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual(['Original', 'Replay']);

    const original = column('Original');
    expect(Array.from(original.querySelectorAll('del'), (d) => d.textContent)).toEqual(['[removed: cold]']);
    expect(original.querySelector('ins')).toBeNull();
    const replay = column('Replay');
    expect(Array.from(replay.querySelectorAll('ins'), (i) => i.textContent)).toEqual(['[added: chilly and wet]']);
    expect(replay.querySelector('del')).toBeNull();
  });

  it('reads each column as its answer did, the change named in words for a screen reader', () => {
    render(<TextDiff changes={changes} />);
    expect(column('Original').textContent).toBe('It is [removed: cold] in Oslo.');
    expect(column('Replay').textContent).toBe('It is [added: chilly and wet] in Oslo.');
    // The brackets are for screen readers only: what is seen is the struck or underlined words.
    const hidden = Array.from(column('Replay').querySelectorAll('ins .visually-hidden'), (s) => s.textContent);
    expect(hidden).toEqual(['[added: ', ']']);
  });

  it('marks words rewritten together as one change, not one per word', () => {
    render(
      <TextDiff
        changes={[
          { op: 'DELETE', text: 'Bring' },
          { op: 'EQUAL', text: ' ' },
          { op: 'DELETE', text: 'a' },
          { op: 'EQUAL', text: ' ' },
          { op: 'DELETE', text: 'coat' },
          { op: 'INSERT', text: 'Stay' },
          { op: 'EQUAL', text: ' ' },
          { op: 'INSERT', text: 'home' },
          { op: 'EQUAL', text: '.' },
        ]}
      />,
    );
    expect(Array.from(column('Original').querySelectorAll('del'), (d) => d.textContent)).toEqual(['[removed: Bring a coat]']);
    expect(Array.from(column('Replay').querySelectorAll('ins'), (i) => i.textContent)).toEqual(['[added: Stay home]']);
    expect(screen.getByText('3 words removed, 2 added')).toBeTruthy();
  });

  it('says so when nothing changed, and when one side has no text', () => {
    const { rerender, container } = render(<TextDiff changes={[{ op: 'EQUAL', text: 'Same answer.' }]} />);
    expect(screen.getByText('No change in the text')).toBeTruthy();
    expect(container.querySelector('del, ins')).toBeNull();
    expect(column('Original').textContent).toBe('Same answer.');
    expect(column('Replay').textContent).toBe('Same answer.');

    rerender(<TextDiff changes={[{ op: 'INSERT', text: 'A new answer' }]} />);
    expect(screen.getByText('3 words added')).toBeTruthy();
    expect(column('Original').textContent).toBe('No text (a failure, or tool calls only).');
    expect(column('Replay').textContent).toBe('[added: A new answer]');
  });
});
