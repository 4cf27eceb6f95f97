import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { CompletionAssembler } from '../completion-assembler.js';

const meta = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1_700_000_000, model: 'gpt-4o-mini' };
const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({ ...meta, choices, ...extra });
const delta = (d: ChatCompletionChunk.Choice.Delta, finish: ChatCompletionChunk.Choice['finish_reason'] = null, index = 0) => ({ index, delta: d, logprobs: null, finish_reason: finish });

describe('CompletionAssembler', () => {
  it('concatenates text and keeps the last finish reason, the usage chunk and top-level fields', () => {
    const a = new CompletionAssembler();
    expect(a.add(chunk([delta({ role: 'assistant', content: '', refusal: null })], { system_fingerprint: 'fp_1', service_tier: 'default', usage: null }))).toBe(false);
    expect(a.add(chunk([delta({ content: 'Hel' })]))).toBe(true);
    a.add(chunk([delta({ content: 'lo' })]));
    a.add(chunk([delta({}, 'stop')]));
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    a.add(chunk([], { usage }));
    expect(a.completion()).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage,
      system_fingerprint: 'fp_1',
      service_tier: 'default',
    });
  });

  it('reassembles parallel tool calls by index, arguments concatenated', () => {
    const a = new CompletionAssembler();
    a.add(chunk([delta({ role: 'assistant', content: null })]));
    a.add(chunk([delta({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'b', arguments: '' } }] })]));
    a.add(chunk([delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"x"' } }] })]));
    a.add(chunk([delta({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }, { index: 1, function: { arguments: '{}' } }] })]));
    a.add(chunk([delta({}, 'tool_calls')]));
    const { choices } = a.completion();
    expect(choices[0]!.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
        { id: 'call_b', type: 'function', function: { name: 'b', arguments: '{}' } },
      ],
    });
    expect(choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('keeps choices apart when n > 1, and refusals and logprobs', () => {
    const a = new CompletionAssembler();
    const lp = (token: string) => ({ token, logprob: -1, bytes: null, top_logprobs: [] });
    a.add(chunk([{ index: 1, delta: { content: 'B' }, finish_reason: null }, { index: 0, delta: { refusal: 'No' }, finish_reason: null, logprobs: { content: null, refusal: [lp('No')] } }]));
    a.add(chunk([{ index: 0, delta: { refusal: '.' }, finish_reason: 'stop', logprobs: { content: null, refusal: [lp('.')] } }, delta({}, 'stop', 1)]));
    const { choices } = a.completion();
    expect(choices.map((c) => c.index)).toEqual([0, 1]);
    expect(choices[0]!.message.refusal).toBe('No.');
    expect(choices[0]!.logprobs).toEqual({ content: null, refusal: [lp('No'), lp('.')] });
    expect(choices[1]!.message.content).toBe('B');
  });
});
