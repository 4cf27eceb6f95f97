import { findVariables } from '../../../features/playground/variables';
import { newMessage, type MessageDraft } from '../../../features/playground/session';

const text = (content: string | null, role = 'user'): MessageDraft => ({ ...newMessage(role), content });

describe('findVariables', () => {
  it('lists each name once, in the order it first appears, across messages', () => {
    const messages = [text('You help {{team}}.', 'system'), text('Hi {{ name }}, about {{topic}} for {{team}}'), text('{{topic}} again')];
    expect(findVariables(messages)).toEqual(['team', 'name', 'topic']);
  });

  it('reads text parts and skips images and other parts', () => {
    const message: MessageDraft = {
      ...newMessage(),
      content: null,
      parts: [
        { key: 'a', kind: 'text', text: 'Describe {{subject}}' },
        { key: 'b', kind: 'image', imageUrl: 'https://x/{{not_this}}.png', detail: '' },
        { key: 'c', kind: 'raw', type: 'x', raw: { text: '{{nor_this}}' } },
      ],
    };
    expect(findVariables([message])).toEqual(['subject']);
  });

  it('takes the names the gateway fills, not other braces', () => {
    expect(findVariables([text('{{a.b-c_1}} {{1bad}} {{}} {single} {{ spaced }} {{two words}}')])).toEqual(['a.b-c_1', 'spaced']);
  });

  it('finds none in messages without text', () => {
    expect(findVariables([text(null, 'assistant'), text('')])).toEqual([]);
  });
});
