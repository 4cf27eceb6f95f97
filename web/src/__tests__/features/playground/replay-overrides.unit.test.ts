import { replayOverrides, sameJson } from '../../../features/playground/replay-overrides';
import { editorFromReplay } from '../../../features/playground/replay-session';
import { readEditor } from '../../../features/playground/run-input';
import { updateMessage, type EditorState } from '../../../features/playground/session';
import { replayInput } from './fixtures';

const loaded = () => editorFromReplay(replayInput());
const edited = (change: (e: EditorState) => EditorState) => {
  const before = loaded();
  return replayOverrides(before, change(before));
};

describe('editorFromReplay', () => {
  it('shows every message, part, tool and parameter of the logged request', () => {
    const { fields, problems } = readEditor(loaded());
    expect(problems.filter((p) => !p.field.startsWith('variables.'))).toEqual([]);
    expect(fields).toEqual({
      provider: 'simulator',
      model: 'sim-fast',
      messages: [
        { role: 'system', content: 'You are terse.' },
        {
          role: 'user',
          name: 'ada',
          parts: [
            { type: 'text', text: 'What is in {{thing}}?' },
            { type: 'image_url', imageUrl: 'https://example.com/a.png', detail: 'high' },
            { type: 'input_audio', inputAudio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { fileId: 'file-1' } },
            { type: 'weird', raw: { type: 'weird', x: 1 } },
          ],
        },
        { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'look', arguments: '{"at":"it"}' }], extra: { refusal: null } },
        { role: 'tool', content: '{"seen":true}', toolCallId: 'call_1' },
      ],
      variables: { thing: '' },
      temperature: 1,
      maxTokens: 100,
      stop: ['\n\n', 'END'],
      seed: '9223372036854775807',
      // A stored -0.0 reads as 0 in the editor; untouched, the replay sends it as stored.
      frequencyPenalty: 0,
      logitBias: { '50256': -100 },
      tools: [{ name: 'look', parameters: { type: 'object', properties: { at: { type: 'string' } } }, strict: true }],
      toolChoice: { mode: 'auto' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'seen', schema: { type: 'object' } },
      extra: { top_k: 40, metadata: { 'a.b': 1 } },
    });
  });

  it('keeps the seed’s digits beyond 2^53', () => {
    expect(loaded().params.seed).toBe('9223372036854775807');
  });
});

describe('replayOverrides', () => {
  it('overrides nothing when nothing was edited, so every field is sent as stored', () => {
    const diff = replayOverrides(loaded(), loaded());
    expect(diff).toEqual({ overrides: {}, changed: [], problems: [] });
  });

  it('sends only the edited field', () => {
    expect(edited((e) => ({ ...e, params: { ...e.params, temperature: '0.3' } }))).toMatchObject({ overrides: { temperature: 0.3 }, changed: ['temperature'] });
  });

  it('does not count a value typed differently but equal as an edit', () => {
    expect(edited((e) => ({ ...e, params: { ...e.params, temperature: '1.0', maxTokens: ' 100 ' } })).overrides).toEqual({});
  });

  it('removes a field the user cleared, by its body name', () => {
    const diff = edited((e) => ({ ...e, params: { ...e.params, seed: '', maxTokens: '' }, tools: { ...e.tools, parallel: '' } }));
    expect(diff.overrides).toEqual({ remove: ['max_tokens', 'seed', 'parallel_tool_calls'] });
  });

  it('sends an edited or added provider field, and removes a deleted one', () => {
    const diff = edited((e) => ({ ...e, params: { ...e.params, extra: '{"top_k": 50, "min_p": 0.1}' } }));
    expect(diff.overrides).toEqual({ extra: { top_k: 50, min_p: 0.1 }, remove: ['metadata'] });
    expect(diff.changed).toEqual(['extra.top_k', 'extra.min_p', 'extra.metadata']);
  });

  it('replaces the conversation when a message is edited, with the variables it uses', () => {
    const diff = edited((e) => {
      const withValue = { ...e, variables: { thing: 'the box' } };
      return updateMessage(withValue, e.messages[0]!.key, { content: 'You are verbose.' });
    });
    expect(diff.changed).toEqual(['messages']);
    expect(diff.overrides.variables).toEqual({ thing: 'the box' });
    expect(diff.overrides.messages?.[0]).toEqual({ role: 'system', content: 'You are verbose.' });
    expect(diff.overrides.messages).toHaveLength(4);
  });

  it('leaves the stored conversation’s variables alone until the conversation is edited', () => {
    expect(replayOverrides(loaded(), loaded()).problems).toEqual([]);
    const diff = edited((e) => updateMessage(e, e.messages[0]!.key, { content: 'x' }));
    expect(diff.problems).toEqual([{ field: 'variables.thing', message: 'give {{thing}} a value' }]);
  });

  it('overrides the model and the provider when changed, and the whole tools list when a tool is', () => {
    const diff = edited((e) => ({ ...e, model: { provider: 'other', model: 'gpt-x' }, tools: { ...e.tools, definitions: '[{"name":"look2"}]' } }));
    expect(diff.overrides).toEqual({ model: 'gpt-x', provider: 'other', tools: [{ name: 'look2' }] });
  });

  it('keeps problems of an edited field, so a bad number is not taken for a cleared one', () => {
    const diff = edited((e) => ({ ...e, params: { ...e.params, temperature: 'warm' } }));
    expect(diff.problems).toEqual([{ field: 'temperature', message: 'must be a number' }]);
  });
});

describe('sameJson', () => {
  it('compares values, not key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
