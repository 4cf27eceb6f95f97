import { checkStructuredOutput } from '../json-schema.js';

describe('checkStructuredOutput', () => {
  it('checks answers against schemas that share an $id but differ, each by its own content', () => {
    const a = { $id: 'https://example.com/answer', type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
    const b = { $id: 'https://example.com/answer', type: 'object', properties: { s: { type: 'string' } }, required: ['s'] };
    expect(checkStructuredOutput('{"n":1}', a)).toEqual({ valid: true, error: null });
    expect(checkStructuredOutput('{"n":1}', b)).toMatchObject({ valid: false });
    expect(checkStructuredOutput('{"s":"x"}', b)).toEqual({ valid: true, error: null });
    expect(checkStructuredOutput('{"s":"x"}', a)).toMatchObject({ valid: false, error: expect.stringContaining('required') });
  });

  it('says an answer is not JSON, and that a schema ajv cannot compile leaves only the parse checked', () => {
    expect(checkStructuredOutput('nope', { type: 'object' })).toEqual({ valid: false, error: 'the answer is not JSON' });
    expect(checkStructuredOutput('{}', { $ref: '#/nowhere' })).toEqual({ valid: true, error: expect.stringMatching(/^the schema could not be checked: /) });
    expect(checkStructuredOutput('nope', { type: 12 })).toEqual({ valid: false, error: 'the answer is not JSON' });
  });
});
