import { PROMPT_PREVIEW_CHARS, promptPreviewOf } from '../chat.js';

describe('promptPreviewOf: what a request asked, in a line', () => {
  it('takes the last user message with text, whitespace collapsed', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'An answer' },
      { role: 'user', content: '  Tell   me about\nthe tides ' },
    ];
    expect(promptPreviewOf(messages)).toBe('Tell me about the tides');
  });

  it('reads text parts, and skips user messages without text', () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'What is in' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'this picture?' }] },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'y' } }] },
    ];
    expect(promptPreviewOf(messages)).toBe('What is in this picture?');
  });

  it(`keeps the first ${PROMPT_PREVIEW_CHARS} characters`, () => {
    expect(promptPreviewOf([{ role: 'user', content: 'x'.repeat(1000) }])).toBe('x'.repeat(PROMPT_PREVIEW_CHARS));
  });

  it('reads a long message only as far as the preview needs, and gives what collapsing the whole of it would', () => {
    const texts = [
      `${'word '.repeat(20_000)}`,
      `   ${'a'.repeat(150)}\t\n ${'b'.repeat(150)} c`,
      `${'x'.repeat(199)} \u00a0\u2003 y${' z'.repeat(500)}`,
      `${'long'.repeat(100)}   ${'w '.repeat(300)}`,
      ' \n\t ',
      ' one ',
      `${' '.repeat(5000)}tail \n end`,
      `${'a '.repeat(150)}${'\n'.repeat(3000)}b ${'c'.repeat(500)}`,
      `${'\ud83d\ude00'.repeat(300)}`,
    ];
    for (const content of texts) {
      const whole = content.trim().replace(/\s+/g, ' ').slice(0, PROMPT_PREVIEW_CHARS) || null;
      expect(promptPreviewOf([{ role: 'user', content }])).toBe(whole);
    }
  });

  it('is null with no user text, and for what is no list of messages', () => {
    expect(promptPreviewOf([{ role: 'system', content: 'x' }])).toBeNull();
    expect(promptPreviewOf([])).toBeNull();
    expect(promptPreviewOf({ role: 'user' })).toBeNull();
    expect(promptPreviewOf([null, 'hi', { role: 'user', content: null }])).toBeNull();
  });
});
