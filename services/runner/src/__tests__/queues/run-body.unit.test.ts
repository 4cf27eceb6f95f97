import { bodyFacts, bodyToSend } from '../../queues/run-body.js';

describe('bodyToSend', () => {
  it('replaces model and streaming wherever they are, every other member as written', () => {
    expect(bodyToSend('{"stream":false,"model":"a", "seed":12345678901234567890,"messages":[],"model":"b"}', 'gpt-x')).toBe(
      '{"stream":true,"model":"gpt-x","seed":12345678901234567890,"messages":[],"model":"gpt-x","stream_options":{"include_usage":true}}',
    );
  });

  it('asks for the whole answer at once when not streaming, with no stream_options (the API refuses them then)', () => {
    expect(bodyToSend('{"stream":true,"stream_options":{"include_usage":true},"model":"a","n":2}', 'gpt-x', { stream: false })).toBe('{"stream":false,"model":"gpt-x","n":2}');
  });

  it('writes the model as a JSON string', () => {
    expect(bodyToSend('{}', 'a"b\\c')).toBe('{"model":"a\\"b\\\\c","stream":true,"stream_options":{"include_usage":true}}');
  });

  it('throws on text that is not a JSON object', () => {
    expect(() => bodyToSend('[]', 'm')).toThrow('expected an object');
    expect(() => bodyToSend('{"a":', 'm')).toThrow();
  });
});

describe('bodyFacts', () => {
  it('names tools and legacy functions, and joins the messages’ text', () => {
    const facts = bodyFacts(
      JSON.stringify({
        messages: [{ role: 'user', content: 'a' }, { role: 'user', content: [{ type: 'text', text: 'b' }, { type: 'image_url', image_url: { url: 'x' } }] }],
        tools: [{ type: 'function', function: { name: 't1' } }],
        functions: [{ name: 'f1' }, { name: 't1' }],
      }),
    );
    expect(facts.toolNames).toEqual(['t1', 'f1']);
    expect(facts.promptText).toBe('a\nb ');
    expect(facts.checkOutput('x')).toBeNull();
  });

  it('reads any shape without throwing', () => {
    for (const text of ['', 'null', '[1]', '{"messages":5,"tools":{"a":1},"functions":"f"}', '{"messages":[[],null],"tools":[{"function":null}],"response_format":"json"}']) {
      const facts = bodyFacts(text);
      expect(facts.toolNames).toEqual([]);
      expect(typeof facts.promptText).toBe('string');
      expect(facts.checkOutput('{}')).toBeNull();
    }
  });

  it('checks json_object and json_schema answers', () => {
    expect(bodyFacts('{"response_format":{"type":"json_object"}}').checkOutput('nope')).toEqual({ valid: false, error: 'the answer is not JSON' });
    const schema = { type: 'object', required: ['a'] };
    expect(bodyFacts(JSON.stringify({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } })).checkOutput('{"a":1}')).toEqual({ valid: true, error: null });
    expect(bodyFacts(JSON.stringify({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } })).checkOutput('{}')).toMatchObject({ valid: false });
  });
});
