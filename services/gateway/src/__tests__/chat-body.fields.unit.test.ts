import { chatBodyShape, inputPath, toBody } from '../resolvers/chat-body.fields.js';

const pathOf = (bodyPath: string) => inputPath(chatBodyShape, bodyPath.split('.')).join('.');

describe('the start-run input as a chat body', () => {
  it('renames and nests every field, leaving out what is null', () => {
    const body = toBody(chatBodyShape, {
      messages: [
        { role: 'system', content: 'Be brief.', name: null },
        { role: 'user', parts: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', imageUrl: 'https://x/cat.png', detail: 'low' }] },
        { role: 'assistant', toolCalls: [{ id: 'c1', name: 'clock', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c1', content: '12:00' },
      ],
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 10,
      maxCompletionTokens: 20,
      stop: ['\n'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      user: 'u1',
      logitBias: { '50256': -100 },
      reasoningEffort: 'low',
      n: 2,
      tools: [{ name: 'clock', description: 'The time', parameters: { type: 'object' }, strict: null }],
      toolChoice: { function: 'clock' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    });
    expect(body).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://x/cat.png', detail: 'low' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'clock', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '12:00' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 10,
      max_completion_tokens: 20,
      stop: ['\n'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      user: 'u1',
      logit_bias: { '50256': -100 },
      reasoning_effort: 'low',
      n: 2,
      tools: [{ type: 'function', function: { name: 'clock', description: 'The time', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'clock' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    });
  });

  it('sends a tool choice mode as the plain string, and a format without a schema without json_schema', () => {
    expect(toBody(chatBodyShape, { toolChoice: { mode: 'required' }, responseFormat: { type: 'json_object' } })).toEqual({
      tool_choice: 'required',
      response_format: { type: 'json_object' },
    });
    expect(toBody(chatBodyShape, { toolChoice: {} })).toBeUndefined();
  });

  it.each([
    ['top_p', 'topP'],
    ['max_tokens', 'maxTokens'],
    ['max_completion_tokens', 'maxCompletionTokens'],
    ['presence_penalty', 'presencePenalty'],
    ['frequency_penalty', 'frequencyPenalty'],
    ['logit_bias.abc', 'logitBias.abc'],
    ['reasoning_effort', 'reasoningEffort'],
    ['parallel_tool_calls', 'parallelToolCalls'],
    ['tool_choice', 'toolChoice'],
    ['tool_choice.function.name', 'toolChoice.function'],
    ['response_format', 'responseFormat'],
    ['response_format.type', 'responseFormat.type'],
    ['response_format.json_schema', 'responseFormat.json_schema'],
    ['response_format.json_schema.name', 'responseFormat.name'],
    ['response_format.json_schema.schema.properties.a.type', 'responseFormat.schema.properties.a.type'],
    ['tools', 'tools'],
    ['tools.3.function.name', 'tools.3.name'],
    ['tools.0.function.parameters.type', 'tools.0.parameters.type'],
    ['messages', 'messages'],
    ['messages.1.role', 'messages.1.role'],
    ['messages.0.content', 'messages.0.content'],
    ['messages.0.tool_call_id', 'messages.0.toolCallId'],
    ['messages.2.tool_calls', 'messages.2.toolCalls'],
    ['messages.2.tool_calls.1.function.name', 'messages.2.toolCalls.1.name'],
    ['messages.2.tool_calls.1.function.arguments', 'messages.2.toolCalls.1.arguments'],
    ['messages.0.content.1', 'messages.0.parts.1'],
    ['messages.0.content.1.image_url.url', 'messages.0.parts.1.imageUrl'],
    ['messages.0.content.1.image_url.detail', 'messages.0.parts.1.detail'],
    ['messages.0.content.0.text', 'messages.0.parts.0.text'],
    ['top_k', 'top_k'],
  ])('names the body field %s as the input field %s', (body, input) => {
    expect(pathOf(body)).toBe(input);
  });
});
