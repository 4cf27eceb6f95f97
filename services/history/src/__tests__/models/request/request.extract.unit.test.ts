import { extract, toolNamesOf } from '../../../models/request/request.extract.js';

describe('extraction from a logged body', () => {
  it('takes tool names from tools and from the legacy functions, each once', () => {
    const body = JSON.stringify({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'get_weather' } }, { type: 'function', function: { name: 'get_time' } }],
      functions: [{ name: 'get_weather' }, { name: 'legacy_lookup', parameters: {} }],
      function_call: 'auto',
    });
    expect(extract(body, null).toolNames).toEqual(['get_weather', 'get_time', 'legacy_lookup']);
  });

  it('reads the prompt of every message, a role function one included, and a legacy function_call answer', () => {
    const request = JSON.stringify({
      model: 'gpt-3.5-turbo-0613',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { role: 'function', name: 'get_weather', content: '{"temp":21}' },
      ],
      functions: [{ name: 'get_weather', parameters: { type: 'object' } }],
    });
    const response = JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Lyon"}' } } }] });
    const got = extract(request, response);
    expect(got.output).toBe('get_weather({"city":"Lyon"})');
    expect(got.searchText).toBe('weather in paris?\n\n{"temp":21}\nget_weather({"city":"lyon"})');
  });

  it.each([
    ['tools is not a list', { tools: { name: 'x' } }],
    ['tools holds nulls and strings', { tools: [null, 'x', { function: null }, { function: { name: 3 } }] }],
    ['functions is a string', { functions: 'f' }],
    ['functions holds nulls', { functions: [null, { name: null }] }],
    ['messages hold nulls and odd contents', { messages: [null, 1, { role: 'user', content: { text: 'x' } }, { role: 'user', content: [null, { type: 'text', text: 5 }] }] }],
    ['the model is a number', { model: 5 }],
    ['explicit nulls everywhere', { tools: null, functions: null, tool_choice: null, response_format: null, seed: null }],
  ])('does not throw when %s', (_name, fields) => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...fields });
    expect(() => extract(body, null)).not.toThrow();
  });

  it.each([
    ['choices is empty', { choices: [] }],
    ['a choice is null', { choices: [null] }],
    ['the message is a string', { choices: [{ message: 'hi' }] }],
    ['tool_calls is an object', { choices: [{ message: { content: null, tool_calls: { a: 1 } } }] }],
    ['a tool call is null', { choices: [{ message: { content: null, tool_calls: [null, { function: { name: 'f' } }] } }] }],
    ['usage is odd', { choices: [], usage: { prompt_tokens: '10', completion_tokens: -1 } }],
  ])('does not throw when the response %s', (_name, response) => {
    expect(() => extract('{"model":"m","messages":[{"role":"user","content":"x"}]}', JSON.stringify(response))).not.toThrow();
  });

  it('keeps no usage that is not counts of tokens', () => {
    expect(extract('{"model":"m","messages":[]}', JSON.stringify({ choices: [], usage: { prompt_tokens: 1.5, completion_tokens: 2 } })).usage).toBeNull();
  });

  it('lists no tool names of a body that is not an object of tools', () => {
    expect(toolNamesOf({})).toEqual([]);
  });
});
