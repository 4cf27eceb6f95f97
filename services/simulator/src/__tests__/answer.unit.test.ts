import { simulatedAnswer } from '../answer.js';

const ask = (content: string) => ({ messages: [{ role: 'user', content }] });

describe('simulatedAnswer', () => {
  it('is the same for the same messages, every time', () => {
    const body = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there' }] };
    expect(simulatedAnswer(body)).toEqual(simulatedAnswer(structuredClone(body)));
  });

  it('differs between prompts', () => {
    expect(simulatedAnswer(ask('What is the capital of Norway?')).text).not.toBe(simulatedAnswer(ask('Tell me a joke')).text);
  });

  it.each([0, 1, 2, 3, 16, 100])('joins its %i tokens into its text, each after the first led by a space', (tokens) => {
    const answer = simulatedAnswer(ask('hi'), { tokens });
    expect(answer.tokens).toHaveLength(tokens);
    expect(answer.text).toBe(answer.tokens.join(''));
    answer.tokens.forEach((token, i) => expect(token).toMatch(i === 0 ? /^\S/ : /^ \S/));
  });

  it('has 16 tokens by default and opens with a recognisable lead-in', () => {
    const answer = simulatedAnswer(ask('hi'));
    expect(answer.tokens).toHaveLength(16);
    expect(answer.text).toMatch(/^Simulated answer .*\.$/);
  });

  it('lets a [sim tokens=N] marker win over the given count, as the server does', () => {
    expect(simulatedAnswer(ask('hi [sim tokens=5]'), { tokens: 9 }).tokens).toHaveLength(5);
  });

  it('reads text parts and ignores other parts', () => {
    const parts = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello ' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            { type: 'text', text: 'there' },
          ],
        },
      ],
    };
    expect(simulatedAnswer(parts)).toEqual(simulatedAnswer(ask('Hello there')));
  });

  it('depends on the whole conversation, not only the last message', () => {
    const followUp = (first: string) => ({
      messages: [
        { role: 'user', content: first },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'and then?' },
      ],
    });
    expect(simulatedAnswer(followUp('a')).text).not.toBe(simulatedAnswer(followUp('b')).text);
  });
});
