import {
  escapeStop,
  insertMessage,
  moveMessage,
  newEditor,
  newMessage,
  removeMessage,
  toggleParts,
  unescapeStop,
  updateMessage,
  withToolResults,
  type EditorState,
} from '../../../features/playground/session';

const roles = (editor: EditorState) => editor.messages.map((m) => m.role);

describe('conversation edits', () => {
  const editor = (): EditorState => ({ ...newEditor(), messages: [newMessage('system', 'S'), newMessage('user', 'U'), newMessage('assistant', 'A')] });

  it('moves a message up or down one place, and not past either end', () => {
    const start = editor();
    const [system, user, assistant] = start.messages;
    expect(moveMessage(start, user!.key, -1).messages.map((m) => m.content)).toEqual(['U', 'S', 'A']);
    expect(moveMessage(start, user!.key, 1).messages.map((m) => m.content)).toEqual(['S', 'A', 'U']);
    expect(moveMessage(start, system!.key, -1)).toBe(start);
    expect(moveMessage(start, assistant!.key, 1)).toBe(start);
  });

  it('adds a message after another, the next speaker by default', () => {
    const start = editor();
    const afterUser = insertMessage(start, start.messages[1]!.key);
    expect(roles(afterUser.editor)).toEqual(['system', 'user', 'assistant', 'assistant']);
    expect(afterUser.editor.messages[2]!.key).toBe(afterUser.key);
    const atEnd = insertMessage(start, null);
    expect(roles(atEnd.editor)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(roles(insertMessage(start, null, 'tool').editor).at(-1)).toBe('tool');
  });

  it('edits and removes one message by its key', () => {
    const start = editor();
    const key = start.messages[1]!.key;
    expect(updateMessage(start, key, { content: 'changed' }).messages.map((m) => m.content)).toEqual(['S', 'changed', 'A']);
    expect(roles(removeMessage(start, key))).toEqual(['system', 'assistant']);
  });

  it('switches between text and parts without losing the text', () => {
    const message = newMessage('user', 'Look at this');
    const parts = toggleParts(message);
    expect(parts.content).toBeNull();
    expect(parts.parts).toEqual([expect.objectContaining({ kind: 'text', text: 'Look at this' })]);
    const back = toggleParts({ ...message, ...parts, parts: [...parts.parts!, { key: 'x', kind: 'text', text: 'and this' }] });
    expect(back).toEqual({ parts: null, content: 'Look at this\n\nand this' });
  });
});

describe('withToolResults', () => {
  it('adds the answer as an assistant turn with its calls, then one tool message per call, in order', () => {
    const calls = [
      { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_b', name: 'time', arguments: '{}' },
    ];
    const next = withToolResults({ ...newEditor(), messages: [newMessage('user', 'Hi')] }, '', calls, { call_b: '"noon"', call_a: '{"temp":4}' });
    expect(next.messages.map((m) => [m.role, m.content, m.toolCallId])).toEqual([
      ['user', 'Hi', ''],
      ['assistant', null, ''],
      ['tool', '{"temp":4}', 'call_a'],
      ['tool', '"noon"', 'call_b'],
    ]);
    expect(next.messages[1]!.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }))).toEqual(calls);
  });
});

describe('stop sequences', () => {
  it('are typed with escapes and read back exactly', () => {
    for (const value of ['\n\n', 'END', 'a\\nb', '\t|\r', '\\', '']) expect(unescapeStop(escapeStop(value))).toBe(value);
    expect(escapeStop('\n\n')).toBe('\\n\\n');
    expect(unescapeStop('\\n###')).toBe('\n###');
    expect(unescapeStop('C:\\path')).toBe('C:\\path');
  });
});
