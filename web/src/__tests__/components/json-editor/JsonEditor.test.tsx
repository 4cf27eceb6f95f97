/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { shownText } from '../support/editor-text';
import { JsonEditor, type JsonEditorKind, type JsonProblem } from '../../../features/json-editor/JsonEditor';

// CodeMirror itself runs here (only layout is missing in jsdom: see support/layout.ts), so
// these tests type into the real editor; the textarea shown while it loads is JsonEditorLoading's.

const TOOLS_LABEL = 'Function definitions';

/** The editor as a page holds it: the text in state, every change and every report kept for the test. */
function renderEditor(initial: string, kind: JsonEditorKind = 'tools') {
  const changes: string[] = [];
  const reports: JsonProblem[][] = [];
  function Page({ editorKind }: { editorKind: JsonEditorKind }) {
    const [value, setValue] = useState(initial);
    return (
      <JsonEditor
        label={TOOLS_LABEL}
        kind={editorKind}
        value={value}
        onChange={(text) => {
          changes.push(text);
          setValue(text);
        }}
        onProblems={(problems) => reports.push(problems)}
      />
    );
  }
  const user = userEvent.setup();
  const view = render(<Page editorKind={kind} />);
  return { user, changes, reports, lastReport: () => reports.at(-1), rerender: (editorKind: JsonEditorKind) => view.rerender(<Page editorKind={editorKind} />) };
}

/** CodeMirror's editable element: a contenteditable textbox, once the editor has loaded. */
async function codeEditor(name = TOOLS_LABEL) {
  // The first test imports the lazy CodeMirror and ajv chunks: on a loaded 2-core machine that took over waitFor's default second.
  await waitFor(() => expect(screen.getByRole('textbox', { name }).getAttribute('contenteditable')).toBe('true'), { timeout: 15_000 });
  return screen.getByRole('textbox', { name });
}

const problemList = (name = TOOLS_LABEL) => screen.queryByRole('list', { name: `Problems in ${name}` });
const problemButtons = (name = TOOLS_LABEL) => within(problemList(name)!).getAllByRole('button').map((b) => b.textContent);

const BAD_TOOLS = [
  '[',
  '  { "name": "get weather" },',
  '  {',
  '    "name": "lookup",',
  '    "parameters": { "type": "object", "properties": { "q": { "type": "strng" } } }',
  '  }',
  ']',
].join('\n');

const TYPES = 'array, boolean, integer, null, number, object, string';

describe('JsonEditor', () => {
  it('shows valid tools in CodeMirror, named by its label, with no problems', async () => {
    const { lastReport } = renderEditor('[{ "name": "get_weather" }]');
    const box = await codeEditor();
    expect(shownText(box)).toBe('[{ "name": "get_weather" }]');
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'No problems');
    expect(box.getAttribute('aria-invalid')).toBe('false');
    expect(problemList()).toBeNull();
    expect(lastReport()).toEqual([]);
  });

  it('lists each problem of invalid tools at its line and column, and reports the same to the page', async () => {
    const { lastReport } = renderEditor(BAD_TOOLS);
    const box = await codeEditor();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 problems'));
    expect(problemButtons()).toEqual([
      'Line 2:13 Tool name "get weather" is not allowed: use 1 to 64 letters, digits, "_" or "-"',
      `Line 5:62 Tool "lookup", parameters: "type" must be one of ${TYPES}, not "strng"`,
    ]);
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    // The summary and the hint are the editor's description, so a screen reader hears "2 problems" on entering it.
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toContain('2 problems');
    expect(lastReport()).toEqual([
      { line: 2, column: 13, message: 'Tool name "get weather" is not allowed: use 1 to 64 letters, digits, "_" or "-"' },
      { line: 5, column: 62, message: `Tool "lookup", parameters: "type" must be one of ${TYPES}, not "strng"` },
    ]);
  });

  it('takes the cursor to a problem when it is clicked, and typing the fix there clears the list', async () => {
    const { user, changes, lastReport } = renderEditor('[{ "name": "get weather" }]');
    const box = await codeEditor();
    await user.click(await screen.findByRole('button', { name: /^Line 1:12 Tool name "get weather" is not allowed/ }));
    expect(document.activeElement).toBe(box);

    // The cursor is at the name's opening quote: past `"get`, the space becomes an underscore.
    await user.keyboard('{ArrowRight>4/}{Delete}_');
    expect(changes.at(-1)).toBe('[{ "name": "get_weather" }]');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No problems'));
    expect(problemList()).toBeNull();
    expect(lastReport()).toEqual([]);
  });

  it('passes each edit to onChange as the whole text', async () => {
    const { user, changes } = renderEditor('[]');
    const box = await codeEditor();
    await user.click(box);
    await user.keyboard('{End}{ArrowLeft}1');
    expect(changes).toEqual(['[1]']);
    await waitFor(() => expect(problemButtons()).toEqual(['Line 1:2 Tool 1 must be an object with a "name"']));
    await user.keyboard('{Backspace}');
    expect(changes).toEqual(['[1]', '[]']);
    await waitFor(() => expect(problemList()).toBeNull());
  });

  it('checks a response schema: a misspelt type at its key, a syntax error where the text stops', async () => {
    const schema = ['{', '  "type": "object",', '  "properties": {', '    "a": { "type": "strng" }', '  }', '}'].join('\n');
    const { user, lastReport } = renderEditor(schema, 'json-schema');
    const box = await codeEditor();
    await waitFor(() => expect(problemButtons()).toEqual([`Line 4:12 "type" must be one of ${TYPES}, not "strng"`]));
    expect(lastReport()).toEqual([{ line: 4, column: 12, message: `"type" must be one of ${TYPES}, not "strng"` }]);

    // Without its last brace the object is unfinished: the error is where the text ends, on the now empty line 6.
    await user.click(box);
    await user.keyboard('{Control>}{End}{/Control}{Backspace}');
    await waitFor(() => expect(problemButtons()).toEqual(['Line 6:1 Expected "," or "}" after a property value, found the end of the text']));
  });

  it('checks the text again when its kind changes', async () => {
    const { rerender, lastReport } = renderEditor('[]', 'json');
    await codeEditor();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No problems'));
    rerender('json-schema');
    await waitFor(() => expect(problemButtons()).toEqual(['Line 1:1 The response format’s schema must be a JSON object, such as { "type": "object", "properties": { … } }']));
    expect(lastReport()).toHaveLength(1);
  });

  it('shows a value the page replaces (a session loaded) without echoing it back as an edit', async () => {
    const changes: string[] = [];
    const reports: JsonProblem[][] = [];
    const editor = (value: string) => (
      <JsonEditor label={TOOLS_LABEL} kind="tools" value={value} onChange={(text) => changes.push(text)} onProblems={(problems) => reports.push(problems)} />
    );
    const { rerender } = render(editor(''));
    const box = await codeEditor();
    await waitFor(() => expect(reports.at(-1)).toEqual([]));
    rerender(editor('[{ "name": "a b" }]'));
    await waitFor(() => expect(shownText(box)).toBe('[{ "name": "a b" }]'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 problem'));
    expect(reports.at(-1)).toEqual([{ line: 1, column: 12, message: 'Tool name "a b" is not allowed: use 1 to 64 letters, digits, "_" or "-"' }]);
    expect(changes).toEqual([]);
  });
});
