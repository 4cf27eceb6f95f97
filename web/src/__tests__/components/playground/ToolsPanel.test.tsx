/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { shownText } from '../support/editor-text';
import type { JsonProblem } from '../../../features/json-editor/JsonEditor';
import type { Problem } from '../../../features/playground/run-input';
import type { ToolsDraft } from '../../../features/playground/session';
import { EXAMPLE_TOOLS, ToolsPanel } from '../../../features/playground/ToolsPanel';

type Report = [editor: string, problems: JsonProblem[]];

/** The panel as the playground holds it: the draft in state, the editor's reports kept for the test. */
function renderPanel(initial: Partial<ToolsDraft> = {}, problems: Problem[] = []) {
  const reports: Report[] = [];
  function Page() {
    const [tools, setTools] = useState<ToolsDraft>({ definitions: '', choice: '', parallel: '', ...initial });
    return <ToolsPanel tools={tools} onChange={(change) => setTools((t) => ({ ...t, ...change }))} problems={problems} onEditorProblems={(editor, found) => reports.push([editor, found])} />;
  }
  const user = userEvent.setup();
  render(<Page />);
  return { user, reports, panel: screen.getByTestId('tools-panel') };
}

const summary = (panel: HTMLElement) => panel.querySelector('summary')!;
const editor = () => screen.getByRole('textbox', { name: 'Function definitions' });

describe('ToolsPanel', () => {
  it('starts closed with "none", and opens to an empty editor that can insert an example', async () => {
    const { user, panel } = renderPanel();
    expect(summary(panel).textContent).toBe('Toolsnone');
    expect(panel).toHaveProperty('open', false);
    expect(screen.queryByRole('textbox', { name: 'Function definitions' })).toBeNull();

    await user.click(summary(panel));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Insert an example' })).toBeTruthy());
    // The editor can mount a moment after the button (a loaded CI machine once found it missing here).
    await waitFor(() => expect(shownText(editor())).toBe(''));

    await user.click(screen.getByRole('button', { name: 'Insert an example' }));
    await waitFor(() => expect(shownText(editor())).toBe(EXAMPLE_TOOLS));
    expect(summary(panel).textContent).toBe('Tools1 function: get_weather');
    expect(screen.queryByRole('button', { name: 'Insert an example' })).toBeNull();
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toBe('No problems'));
  });

  it('offers each defined function as a tool choice, beside parallel calls', async () => {
    const { user } = renderPanel({ definitions: '[{ "name": "get_weather" }, { "name": "lookup" }]' });
    const choice = screen.getByRole('combobox', { name: 'Tool choice' });
    expect(within(choice).getAllByRole('option').map((o) => o.textContent)).toEqual(['default', 'auto', 'none', 'required', 'call get_weather', 'call lookup']);
    await user.selectOptions(choice, 'call lookup');
    expect(choice).toHaveProperty('value', 'function:lookup');

    const parallel = screen.getByRole('combobox', { name: 'Parallel tool calls' });
    await user.selectOptions(parallel, 'one call at a time');
    expect(parallel).toHaveProperty('value', 'false');
  });

  it('reports the editor’s problems under its label while open, and none once closed', async () => {
    const { user, panel, reports } = renderPanel({ definitions: '[\n  { "name": "get weather" }\n]' });
    expect(panel).toHaveProperty('open', true);
    const list = await screen.findByRole('list', { name: 'Problems in Function definitions' });
    expect(within(list).getByRole('button').textContent).toBe('Line 2:13 Tool name "get weather" is not allowed: use 1 to 64 letters, digits, "_" or "-"');
    await waitFor(() => expect(reports.at(-1)).toEqual(['Function definitions', [{ line: 2, column: 13, message: 'Tool name "get weather" is not allowed: use 1 to 64 letters, digits, "_" or "-"' }]]));

    // A closed panel must not keep Run disabled for a problem no one can see.
    await user.click(summary(panel));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Function definitions' })).toBeNull());
    expect(reports.at(-1)).toEqual(['Function definitions', []]);
  });

  it('shows the gateway’s words about tools and tool choice next to them', () => {
    renderPanel({ definitions: '[{ "name": "get_weather" }]', choice: 'function:gone' }, [
      { field: 'input.tools.0.parameters', message: 'is not a valid JSON Schema' },
      { field: 'input.toolChoice', message: 'names no defined function' },
    ]);
    expect(screen.getByText('0.parameters: is not a valid JSON Schema')).toBeTruthy();
    expect(screen.getByText('names no defined function')).toBeTruthy();
    // A choice that names a function no longer defined stays selectable, so the page shows what will be sent.
    expect(screen.getByRole('combobox', { name: 'Tool choice' })).toHaveProperty('value', 'function:gone');
  });
});
