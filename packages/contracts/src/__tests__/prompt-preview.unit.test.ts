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

  it('is null with no user text, and for what is no list of messages', () => {
    expect(promptPreviewOf([{ role: 'system', content: 'x' }])).toBeNull();
    expect(promptPreviewOf([])).toBeNull();
    expect(promptPreviewOf({ role: 'user' })).toBeNull();
    expect(promptPreviewOf([null, 'hi', { role: 'user', content: null }])).toBeNull();
  });
});
