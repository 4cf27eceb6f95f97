/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { shownText } from '../support/editor-text';

/*
 * The editor's CodeMirror part is fetched on first use. Here that fetch waits until the test
 * lets it finish, so the textarea shown meanwhile can be seen and typed in, then the hand-over.
 */

// Jest mocks native ES modules with unstable_mockModule, on import.meta.jest; @types/jest does not declare it yet.
const esm = import.meta.jest as unknown as { unstable_mockModule(path: string, factory: () => unknown): void };
const codeEditorPath = '../../../features/json-editor/CodeEditor';
const realCodeEditor = await import(codeEditorPath);
let finishLoading!: () => void;
const loaded = new Promise<void>((resolve) => (finishLoading = resolve));
esm.unstable_mockModule(codeEditorPath, async () => {
  await loaded;
  return realCodeEditor;
});
const { JsonEditor } = await import('../../../features/json-editor/JsonEditor');

function Page({ changes }: { changes: string[] }) {
  const [value, setValue] = useState('');
  return (
    <JsonEditor
      label="Function definitions"
      kind="tools"
      value={value}
      onChange={(text) => {
        changes.push(text);
        setValue(text);
      }}
    />
  );
}

it('offers a labelled textarea until CodeMirror has loaded, then carries on in CodeMirror where the typing was', async () => {
  const changes: string[] = [];
  const user = userEvent.setup();
  render(<Page changes={changes} />);

  const plain = screen.getByRole('textbox', { name: 'Function definitions' });
  expect(plain.tagName).toBe('TEXTAREA');
  expect(screen.getByText('Loading the editor and its checks…')).toBeTruthy();
  // No checks yet, so nothing claims the text is fine.
  expect(screen.queryByText('No problems')).toBeNull();

  await user.type(plain, '[[{{');
  expect(changes).toEqual(['[', '[{']);
  expect(plain).toHaveProperty('value', '[{');

  finishLoading();
  await waitFor(() => expect(screen.getByRole('textbox', { name: 'Function definitions' }).getAttribute('contenteditable')).toBe('true'));
  const code = screen.getByRole('textbox', { name: 'Function definitions' });
  expect(shownText(code)).toBe('[{');
  expect(screen.queryByText('Loading the editor and its checks…')).toBeNull();
  expect(document.activeElement).toBe(code);

  // The caret came across at the end of "[{", so the typing goes on from there.
  await user.keyboard('}]');
  expect(changes.at(-1)).toBe('[{}]');
  await waitFor(() => expect(screen.getByRole('button', { name: 'Line 1:2 Tool 1 has no "name"' })).toBeTruthy());
});
