/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, within } from '@testing-library/react';
import { FieldDiffTable } from '../../../features/batches/FieldDiffTable';

/** Each body row as a person reads it across: path, change, original, replay. */
const rows = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));

describe('FieldDiffTable', () => {
  const differences = [
    { path: '0.arguments.city', kind: 'CHANGED' as const, original: '"Oslo"', replay: '"Bergen"' },
    { path: '1', kind: 'ADDED' as const, original: null, replay: '{"name":"get_time","arguments":{}}' },
    { path: '0.arguments.unit', kind: 'REMOVED' as const, original: '"celsius"', replay: null },
  ];

  it('names the table and lists each path that differs with the change and both values', () => {
    render(<FieldDiffTable label="Tool call differences" differences={differences} />);
    const table = screen.getByRole('table', { name: 'Tool call differences' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Path', 'Change', 'Original', 'Replay']);
    expect(rows(table)).toEqual([
      ['0.arguments.city', 'changed', '"Oslo"', '"Bergen"'],
      ['1', 'added', 'absent', '{"name":"get_time","arguments":{}}'],
      ['0.arguments.unit', 'removed', '"celsius"', 'absent'],
    ]);
  });

  it('strikes through the original’s value and underlines the replay’s, never a side that has no value', () => {
    render(<FieldDiffTable label="JSON field differences" differences={differences} />);
    const [changed, added, removed] = within(screen.getByRole('table', { name: 'JSON field differences' })).getAllByRole('row').slice(1);
    expect(changed!.querySelector('del')?.textContent).toBe('"Oslo"');
    expect(changed!.querySelector('ins')?.textContent).toBe('"Bergen"');
    expect(added!.querySelector('del')).toBeNull();
    expect(added!.querySelector('ins code')?.textContent).toBe('{"name":"get_time","arguments":{}}');
    expect(removed!.querySelector('del code')?.textContent).toBe('"celsius"');
    expect(removed!.querySelector('ins')).toBeNull();
  });

  it('says "absent" for a changed field the API gave no value for on one side', () => {
    render(<FieldDiffTable label="JSON field differences" differences={[{ path: 'answer', kind: 'CHANGED', original: null, replay: '42' }]} />);
    expect(rows(screen.getByRole('table'))).toEqual([['answer', 'changed', 'absent', '42']]);
  });
});
