import { issueAt, readEditor, sectionOf, toEditorField, toolInputs, variantInput } from '../../../features/playground/run-input';
import { newEditor, newMessage, newVariant, type EditorState } from '../../../features/playground/session';

const editor = (change: (e: EditorState) => EditorState = (e) => e): EditorState =>
  change({ ...newEditor(), model: { provider: 'simulator', model: 'sim-fast' }, messages: [newMessage('user', 'Hello')] });

describe('readEditor', () => {
  it('sends only what is set', () => {
    const { fields, problems } = readEditor(editor());
    expect(problems).toEqual([]);
    expect(fields).toEqual({ provider: 'simulator', model: 'sim-fast', messages: [{ role: 'user', content: 'Hello' }] });
  });

  it('leaves out a blank system prompt, and maps the gateway’s message numbers back to the editor’s', () => {
    const { fields, sent } = readEditor(editor((e) => ({ ...e, messages: [newMessage('system', '  '), newMessage('user', 'Hi'), newMessage('developer', ''), newMessage('assistant', 'Yo')] })));
    expect(fields.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Yo' },
    ]);
    expect(sent).toEqual([1, 3]);
    expect(toEditorField('messages.1.content', sent)).toBe('messages.3.content');
    expect(toEditorField('overrides.messages.0', sent)).toBe('overrides.messages.1');
    expect(toEditorField('temperature', sent)).toBe('temperature');
    expect(readEditor(editor((e) => ({ ...e, messages: [newMessage('system', '')] }))).problems).toEqual([{ field: 'messages', message: 'add at least one message' }]);
  });

  it('reads every parameter as the input types it', () => {
    const { fields, problems } = readEditor(
      editor((e) => ({
        ...e,
        params: {
          temperature: '0.7',
          topP: '.9',
          maxTokens: '256',
          maxCompletionTokens: '1024',
          stop: ['\\n\\n', '', 'END'],
          seed: '9223372036854775807',
          presencePenalty: '-0.5',
          frequencyPenalty: '1e-1',
          reasoningEffort: 'low',
          n: '2',
          user: 'u-1',
          logitBias: '{"50256": -100}',
          extra: '{"top_k": 40}',
        },
      })),
    );
    expect(problems).toEqual([]);
    expect(fields).toMatchObject({
      temperature: 0.7,
      topP: 0.9,
      maxTokens: 256,
      maxCompletionTokens: 1024,
      stop: ['\n\n', 'END'],
      // As digits: a JavaScript number would end in ...808.
      seed: '9223372036854775807',
      presencePenalty: -0.5,
      frequencyPenalty: 0.1,
      reasoningEffort: 'low',
      n: 2,
      user: 'u-1',
      logitBias: { '50256': -100 },
      extra: { top_k: 40 },
    });
  });

  it('names each field that cannot be sent as typed', () => {
    const { problems } = readEditor(
      editor((e) => ({
        ...e,
        model: { provider: '', model: ' ' },
        params: { ...e.params, temperature: 'hot', maxTokens: '1.5', seed: '12a', logitBias: '[1]', extra: '{oops' },
      })),
    );
    expect(problems.map((p) => p.field)).toEqual(['model', 'temperature', 'maxTokens', 'seed', 'logitBias', 'extra']);
    expect(problems.find((p) => p.field === 'extra')!.message).toMatch(/^is not valid JSON/);
  });

  it('sends the variables the messages use, and wants a value for each', () => {
    const withVars = editor((e) => ({ ...e, messages: [newMessage('user', 'Weather in {{city}} in {{unit}}?')], variables: { city: 'Oslo', unused: 'x' } }));
    const { fields, problems } = readEditor(withVars);
    expect(fields.variables).toEqual({ city: 'Oslo', unit: '' });
    expect(problems).toEqual([{ field: 'variables.unit', message: 'give {{unit}} a value' }]);
  });

  it('writes messages of every role with what their role carries', () => {
    const { fields, problems } = readEditor(
      editor((e) => ({
        ...e,
        messages: [
          { ...newMessage('developer', 'Be brief.'), name: 'ops' },
          {
            ...newMessage('user'),
            content: null,
            parts: [
              { key: 'p1', kind: 'text', text: 'What is this?' },
              { key: 'p2', kind: 'image', imageUrl: 'data:image/png;base64,AA==', detail: 'low' },
              { key: 'p3', kind: 'file', fileId: 'file-1', fileData: '', filename: '' },
              { key: 'p4', kind: 'raw', type: 'x', raw: { type: 'x', y: 1 } },
            ],
          },
          { ...newMessage('assistant'), content: null, toolCalls: [{ key: 'c', id: 'call_1', name: 'look', arguments: '{}' }] },
          { ...newMessage('tool', '{"ok":true}'), toolCallId: 'call_1', extra: '{"x-note": 1}' },
        ],
      })),
    );
    expect(problems).toEqual([]);
    expect(fields.messages).toEqual([
      { role: 'developer', content: 'Be brief.', name: 'ops' },
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', imageUrl: 'data:image/png;base64,AA==', detail: 'low' },
          { type: 'file', file: { fileId: 'file-1' } },
          { type: 'x', raw: { type: 'x', y: 1 } },
        ],
      },
      { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'look', arguments: '{}' }] },
      { role: 'tool', content: '{"ok":true}', toolCallId: 'call_1', extra: { 'x-note': 1 } },
    ]);
  });

  it('wants a tool message to name its call, and an image part its URL', () => {
    const { problems } = readEditor(
      editor((e) => ({ ...e, messages: [newMessage('tool', 'x'), { ...newMessage('user'), content: null, parts: [{ key: 'p', kind: 'image', imageUrl: '', detail: '' }] }] })),
    );
    expect(problems.map((p) => p.field)).toEqual(['messages.0.toolCallId', 'messages.1.parts.0.imageUrl']);
  });

  it('reads tools, tool choice, parallel calls and a json_schema response format together', () => {
    const { fields, problems } = readEditor(
      editor((e) => ({
        ...e,
        tools: {
          definitions: JSON.stringify([{ name: 'a', parameters: { type: 'object' } }, { type: 'function', function: { name: 'b', description: 'B', strict: true } }]),
          choice: 'function:b',
          parallel: 'false',
        },
        responseFormat: { type: 'json_schema', name: 'out', description: '', strict: 'true', schema: '{"type":"object"}' },
      })),
    );
    expect(problems).toEqual([]);
    expect(fields.tools).toEqual([
      { name: 'a', parameters: { type: 'object' } },
      { name: 'b', description: 'B', strict: true },
    ]);
    expect(fields.toolChoice).toEqual({ function: 'b' });
    expect(fields.parallelToolCalls).toBe(false);
    expect(fields.responseFormat).toEqual({ type: 'json_schema', name: 'out', strict: true, schema: { type: 'object' } });
    expect(readEditor(editor((e) => ({ ...e, tools: { ...e.tools, choice: 'required' } }))).fields.toolChoice).toEqual({ mode: 'required' });
  });

  it('refuses tool definitions it would have to drop fields of', () => {
    const problems: { field: string; message: string }[] = [];
    toolInputs('[{"name":"a","paramaters":{}}, 3]', problems);
    expect(problems.map((p) => p.field)).toEqual(['tools.0.paramaters', 'tools.1']);
    expect(toolInputs('[]')).toBeUndefined();
    expect(toolInputs('')).toBeUndefined();
  });
});

describe('variantInput', () => {
  it('changes only what the variant sets', () => {
    expect(variantInput(newVariant(), 0)).toEqual({});
    expect(variantInput({ ...newVariant(), provider: 'simulator', model: 'sim-large', temperature: '0.2', seed: '7' }, 1)).toEqual({
      provider: 'simulator',
      model: 'sim-large',
      temperature: 0.2,
      seed: '7',
    });
    const problems: { field: string; message: string }[] = [];
    variantInput({ ...newVariant(), temperature: 'x' }, 2, problems);
    expect(problems).toEqual([{ field: 'variants.2.temperature', message: 'must be a number' }]);
  });
});

describe('where a field is edited', () => {
  it('maps the gateway’s field paths to the page’s sections', () => {
    expect(sectionOf('overrides.temperature')).toBe('params');
    expect(sectionOf('messages.3.toolCalls.0.arguments')).toBe('messages');
    expect(sectionOf('input.tools.0.parameters.type')).toBe('tools');
    expect(sectionOf('variables.city')).toBe('variables');
    expect(sectionOf('responseFormat.schema')).toBe('responseFormat');
    expect(sectionOf('provider')).toBe('model');
  });

  it('joins the messages about a field and what lies under it', () => {
    const problems = [
      { field: 'overrides.messages.1.toolCallId', message: 'needed' },
      { field: 'messages.1', message: 'odd' },
      { field: 'messages.10', message: 'not this one' },
    ];
    expect(issueAt(problems, 'messages.1')).toBe('toolCallId: needed; odd');
    expect(issueAt(problems, 'temperature')).toBeNull();
  });
});
