/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { JsonProblem } from '../../../features/json-editor/JsonEditor';
import { ResponseFormatPanel } from '../../../features/playground/ResponseFormatPanel';
import type { Problem } from '../../../features/playground/run-input';
import type { ResponseFormatDraft } from '../../../features/playground/session';
import { shownText } from '../support/editor-text';

type Report = [editor: string, problems: JsonProblem[]];

/** The panel as the playground holds it: the draft in state, the editor's reports kept for the test. */
function renderPanel(initial: Partial<ResponseFormatDraft> = {}, problems: Problem[] = []) {
  const reports: Report[] = [];
  function Page() {
    const [format, setFormat] = useState<ResponseFormatDraft>({ type: '', name: '', description: '', strict: '', schema: '', ...initial });
    return <ResponseFormatPanel format={format} onChange={(change) => setFormat((f) => ({ ...f, ...change }))} problems={problems} onEditorProblems={(editor, found) => reports.push([editor, found])} />;
  }
  const user = userEvent.setup();
  render(<Page />);
  return { user, reports, panel: screen.getByTestId('response-format-panel') };
}

const summary = (panel: HTMLElement) => panel.querySelector('summary')!;
const TYPES = 'array, boolean, integer, null, number, object, string';

describe('ResponseFormatPanel', () => {
  it('starts closed on the default, and json_schema brings the schema’s name, strictness, description and editor', async () => {
    const { user, panel } = renderPanel();
    expect(summary(panel).textContent).toBe('Response formattext (default)');
    await user.click(summary(panel));
    const type = await screen.findByRole('combobox', { name: 'Type' });
    expect(screen.queryByRole('textbox', { name: 'Schema name' })).toBeNull();

    await user.selectOptions(type, 'json_schema');
    expect(summary(panel).textContent).toBe('Response formatJSON matching a schema');
    await user.type(screen.getByRole('textbox', { name: 'Schema name' }), 'weather_report');
    expect(summary(panel).textContent).toBe('Response formatJSON matching a schema: weather_report');
    expect(within(screen.getByRole('combobox', { name: 'Strict' })).getAllByRole('option').map((o) => o.textContent)).toEqual(['default', 'strict', 'not strict']);
    expect(screen.getByRole('textbox', { name: 'Description' })).toHaveProperty('placeholder', 'optional');
    expect(shownText(screen.getByRole('textbox', { name: 'Response schema' }))).toBe('');
  });

  it('lists a bad schema’s problem at its line, reports it as the response schema’s, and none once the type changes', async () => {
    const schema = '{\n  "type": "object",\n  "properties": { "city": { "type": "strng" } }\n}';
    const { user, reports } = renderPanel({ type: 'json_schema', name: 'weather', schema });
    const list = await screen.findByRole('list', { name: 'Problems in Response schema' });
    expect(within(list).getByRole('button').textContent).toBe(`Line 3:29 "type" must be one of ${TYPES}, not "strng"`);
    await waitFor(() => expect(reports.at(-1)).toEqual(['Response schema', [{ line: 3, column: 29, message: `"type" must be one of ${TYPES}, not "strng"` }]]));

    // A plain-text answer needs no schema: its problems must no longer hold Run back.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'text');
    expect(screen.queryByRole('textbox', { name: 'Response schema' })).toBeNull();
    expect(reports.at(-1)).toEqual(['Response schema', []]);
  });

  it('shows the gateway’s words next to the field they are about', () => {
    renderPanel({ type: 'json_schema', name: 'bad name!', schema: '{}' }, [
      { field: 'input.responseFormat.name', message: 'use letters, digits, "_" or "-"' },
      { field: 'input.responseFormat.schema', message: 'is not accepted by this provider' },
    ]);
    const name = screen.getByRole('textbox', { name: 'Schema name' });
    expect(name.parentElement!.textContent).toContain('use letters, digits, "_" or "-"');
    expect(screen.getByText('is not accepted by this provider')).toBeTruthy();
  });
});
