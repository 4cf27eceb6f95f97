import { exportSession, importSession, SESSION_FORMAT, sessionFileName } from '../../../features/playground/session-file';
import { editorFromReplay } from '../../../features/playground/replay-session';
import { readEditor } from '../../../features/playground/run-input';
import { newSession, type PlaygroundSession } from '../../../features/playground/session';
import { replayInput } from './fixtures';

const withoutKeys = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (k, v) => (k === 'key' ? undefined : v)));

function sampleSession(): PlaygroundSession {
  const editor = editorFromReplay(replayInput());
  return {
    editor: { ...editor, variables: { thing: 'a box' } },
    origin: { kind: 'replay', id: 'req-1', model: 'sim-fast', loaded: editor, notes: [{ kind: 'SHOWN_DIFFERENTLY', field: 'functions', message: 'legacy' }] },
    compare: { on: true, variants: [{ ...newSession().compare.variants[0]!, model: 'sim-large' }, newSession().compare.variants[1]!] },
  };
}

describe('session files', () => {
  it('export and import give back the same session, with new list keys', () => {
    const session = sampleSession();
    const text = exportSession(session, new Date('2025-02-03T04:05:06Z'));
    expect(JSON.parse(text)).toMatchObject({ format: SESSION_FORMAT, version: 1, exportedAt: '2025-02-03T04:05:06.000Z' });
    expect(text).not.toContain('"key"');
    const result = importSession(text);
    if (!result.ok) throw new Error(result.error);
    expect(withoutKeys(result.session)).toEqual(withoutKeys(session));
    expect(readEditor(result.session.editor)).toEqual(readEditor(session.editor));
    expect(result.session.editor.messages[0]!.key).not.toBe(session.editor.messages[0]!.key);
  });

  it('fills in what a hand-written file leaves out', () => {
    const result = importSession(JSON.stringify({ format: SESSION_FORMAT, version: 1, editor: { messages: [{ role: 'user', content: 'Hi {{name}}' }] } }));
    if (!result.ok) throw new Error(result.error);
    expect(result.session.origin).toBeNull();
    expect(result.session.compare.variants).toHaveLength(2);
    expect(result.session.editor.params.temperature).toBe('');
    expect(result.session.editor.tools).toEqual({ definitions: '', choice: '', parallel: '' });
    expect(readEditor(result.session.editor).fields.messages).toEqual([{ role: 'user', content: 'Hi {{name}}' }]);
  });

  it.each([
    ['not JSON', '{"format":', /^The file is not JSON: /],
    ['another kind of file', JSON.stringify({ format: 'something-else', version: 1, editor: { messages: [] } }), /^This file is not a playground session: its "format" is not "reprise.playground-session"\.$/],
    ['a later version', JSON.stringify({ format: SESSION_FORMAT, version: 9, editor: { messages: [] } }), /it is version 9; this page reads version 1\.$/],
    ['no messages', JSON.stringify({ format: SESSION_FORMAT, version: 1, editor: {} }), /editor is missing "messages"\.$/],
    ['a wrong type', JSON.stringify({ format: SESSION_FORMAT, version: 1, editor: { messages: [{ role: 3 }] } }), /editor\.messages\.0\.role must be string\.$/],
    ['an unknown field', JSON.stringify({ format: SESSION_FORMAT, version: 1, editor: { messages: [], temprature: '1' } }), /editor has an unknown field "temprature"\.$/],
    ['a bad part', JSON.stringify({ format: SESSION_FORMAT, version: 1, editor: { messages: [{ role: 'user', parts: [{ kind: 'video' }] }] } }), /editor\.messages\.0\.parts\.0/],
  ])('refuses %s, saying what is wrong', (_name, text, expected) => {
    const result = importSession(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(expected);
  });

  it('names the file by the day', () => {
    expect(sessionFileName(new Date('2025-02-03T23:00:00Z'))).toBe('reprise-session-2025-02-03.json');
  });
});
