/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';

// The editor's CodeMirror part cannot be fetched (offline, or a deploy replaced it): its import fails.
const esm = import.meta.jest as unknown as { unstable_mockModule(path: string, factory: () => unknown): void };
esm.unstable_mockModule('../../../features/json-editor/CodeEditor', async () => {
  throw new Error('Failed to fetch dynamically imported module');
});
const { JsonEditor } = await import('../../../features/json-editor/JsonEditor');

function Page({ changes }: { changes: string[] }) {
  const [value, setValue] = useState('{}');
  return (
    <JsonEditor
      label="Response schema"
      kind="json-schema"
      value={value}
      onChange={(text) => {
        changes.push(text);
        setValue(text);
      }}
    />
  );
}

it('keeps the textarea, saying why there are no checks, when the editor cannot be loaded', async () => {
  // React reports the error its boundary caught; here that failure is the point.
  const quiet = import.meta.jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const changes: string[] = [];
    const user = userEvent.setup();
    render(<Page changes={changes} />);
    await screen.findByText('The JSON editor could not be loaded, so this is plain text without checks. Reload the page to try again.');

    const plain = screen.getByRole('textbox', { name: 'Response schema' });
    expect(plain.tagName).toBe('TEXTAREA');
    expect(plain).toHaveProperty('value', '{}');
    await user.type(plain, '{ArrowLeft}1');
    expect(changes).toEqual(['{1}']);
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Response schema' })).toHaveProperty('value', '{1}'));
  } finally {
    quiet.mockRestore();
  }
});
