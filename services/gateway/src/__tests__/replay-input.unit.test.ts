import { replayInputOf, unansweredToolCalls } from '../resolvers/replay-input.js';

const record = { provider: 'openai', model: 'gpt-4o' };
const providers = new Set(['simulator', 'openai']);

describe('replayInputOf', () => {
  it('puts each field the editor holds exactly in its typed field', () => {
    const body = '{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}]}],"temperature":0.5,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"tool_choice":{"type":"function","function":{"name":"f"}},"seed":12345678901234567890}';
    const { input, notes } = replayInputOf(body, record, providers);
    expect(input).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      temperature: 0.5,
      seed: '12345678901234567890',
      messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }, { type: 'image_url', imageUrl: 'https://x/y.png', detail: 'low' }] }],
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { function: 'f' },
      extra: {},
    });
    expect(notes).toEqual([]);
  });

  it('shows what it cannot hold in extra, as stored, and says so', () => {
    const body = '{"model":"gpt-4o","messages":[{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"},"refusal":null},{"role":"user","content":[{"type":"video","video":{"id":1}}]}],"functions":[{"name":"f"}],"function_call":"auto","temperature":"hot","top_k":40,"x":{"big":123456789012345678901}}';
    const { input, notes } = replayInputOf(body, record, providers);
    expect(input.messages[0]).toEqual({ role: 'assistant', extra: { content: null, function_call: { name: 'f', arguments: '{}' }, refusal: null } });
    expect(input.messages[1]).toEqual({ role: 'user', parts: [{ type: 'video', raw: { type: 'video', video: { id: 1 } } }] });
    expect(input.extra).toEqual({ functions: [{ name: 'f' }], function_call: 'auto', temperature: 'hot', top_k: 40, x: { big: 123456789012345678901 } });
    expect(notes.map((n) => [n.kind, n.field])).toEqual([
      ['shown_differently', 'functions'],
      ['shown_differently', 'function_call'],
      ['shown_differently', 'temperature'],
      ['shown_differently', 'x.big'],
    ]);
  });

  it('keeps a __proto__ key as a key, notes it, and notes a key written twice', () => {
    const { input, notes } = replayInputOf('{"model":"m","messages":[{"role":"user","content":"a"}],"metadata":{"__proto__":"kept"},"n":1,"n":2}', record, providers);
    expect(Object.hasOwn(input.extra.metadata as object, '__proto__')).toBe(true);
    expect(JSON.stringify(input.extra)).toBe('{"metadata":{"__proto__":"kept"}}');
    expect(input.n).toBe(2);
    expect(notes.map((n) => n.field)).toEqual(expect.arrayContaining(['metadata.__proto__', 'n']));
  });

  it('notes a provider the workspace does not have, stream flags and a single stop string', () => {
    const { input, notes } = replayInputOf('{"model":"m","messages":[{"role":"user","content":"a"}],"stream":true,"stop":"END"}', { provider: 'azure', model: 'm' }, providers);
    expect(input).toMatchObject({ provider: null, stop: ['END'] });
    expect(notes.map((n) => n.field)).toEqual(['provider', 'stream', 'stop']);
  });

  it('says a body that is not a JSON object cannot be sent', () => {
    expect(replayInputOf('[1]', record, providers).notes).toEqual([expect.objectContaining({ kind: 'cannot_send' })]);
    expect(replayInputOf('nope', record, providers).notes).toEqual([expect.objectContaining({ kind: 'cannot_send' })]);
  });
});

describe('unansweredToolCalls', () => {
  it('lists every call no later tool message answers', () => {
    const messages = [
      { role: 'assistant', content: null, tool_calls: [{ id: 'a', function: { name: 'f' } }, { id: 'b', function: { name: 'g' } }] },
      { role: 'tool', tool_call_id: 'a', content: '1' },
    ];
    expect(unansweredToolCalls(messages)).toEqual([{ id: 'b', name: 'g', index: 0 }]);
    expect(unansweredToolCalls([...messages, { role: 'tool', tool_call_id: 'b', content: '2' }])).toEqual([]);
  });
});
