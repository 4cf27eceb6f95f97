import type { ToolCall } from '@reprise/contracts';
import { answerTurn, continuedBody, recordedCalls } from '../../queues/tool-results.js';

const call = (id: string, name: string, args: string): ToolCall => ({ id, type: 'function', function: { name, arguments: args } });

/** An original conversation: one call per assistant message, each answered by its tool message. */
function conversation(...calls: { id: string; name: string; args: string; result: string }[]): string {
  const messages = ['{"role":"user","content":"Go"}'];
  for (const c of calls) {
    messages.push(`{"role":"assistant","content":null,"tool_calls":[{"id":${JSON.stringify(c.id)},"type":"function","function":{"name":${JSON.stringify(c.name)},"arguments":${JSON.stringify(c.args)}}}]}`);
    messages.push(`{"role":"tool","tool_call_id":${JSON.stringify(c.id)},"content":${c.result}}`);
  }
  return `{"messages":[${messages.join(',')}]}`;
}

describe('recordedCalls', () => {
  it('pairs each call with its tool message, keeping the content as its text', () => {
    const body = conversation(
      { id: 'c1', name: 'get_weather', args: '{"city":"Paris"}', result: '"{\\"temp\\": 21.50}"' },
      { id: 'c2', name: 'lookup', args: 'not json', result: '[{"type":"text","text":"done"}]' },
    );
    expect(recordedCalls(body).map(({ id, name, arguments: args, contentText }) => ({ id, name, args, contentText }))).toEqual([
      { id: 'c1', name: 'get_weather', args: '{"city":"Paris"}', contentText: '"{\\"temp\\": 21.50}"' },
      { id: 'c2', name: 'lookup', args: 'not json', contentText: '[{"type":"text","text":"done"}]' },
    ]);
  });

  it('leaves out calls without a result and anything not shaped as the API shapes it', () => {
    const body =
      '{"messages":[null,7,{"role":"assistant","tool_calls":[null,{"id":"x"},{"id":"c1","function":{"name":"f","arguments":"{}"}},{"id":"c2","function":{"name":"g"}}]},' +
      '{"role":"tool","tool_call_id":"c2","content":"g result"},{"role":"user","tool_call_id":"c1","content":"not a tool message"}]}';
    expect(recordedCalls(body).map((c) => [c.id, c.name, c.arguments])).toEqual([['c2', 'g', '']]);
    expect(recordedCalls('not json')).toEqual([]);
    expect(recordedCalls('{"messages":"none"}')).toEqual([]);
  });
});

describe('answerTurn', () => {
  const recorded = recordedCalls(
    conversation(
      { id: 'orig_1', name: 'get_weather', args: '{"city":"Paris","unit":"c","days":[1,2]}', result: '"sunny"' },
      { id: 'orig_2', name: 'convert', args: '{"value":21.5,"id":98765432109876543210}', result: '{"f":70.7}' },
      { id: 'orig_3', name: 'free_text', args: 'Paris, please', result: '"ok"' },
    ),
  );

  it('matches arguments as JSON values: key order and spacing aside, numbers by value', () => {
    const answer = answerTurn(recorded, 2, '', [call('new_1', 'get_weather', '{ "days": [1, 2], "unit": "c", "city": "Paris" }'), call('new_2', 'convert', '{"id":98765432109876543210,"value":21.50}')]);
    expect(answer?.results).toEqual([
      { step: 2, callId: 'new_1', name: 'get_weather', arguments: '{ "days": [1, 2], "unit": "c", "city": "Paris" }', fromCallId: 'orig_1' },
      { step: 2, callId: 'new_2', name: 'convert', arguments: '{"id":98765432109876543210,"value":21.50}', fromCallId: 'orig_2' },
    ]);
    expect(answer?.messages).toEqual([
      '{"role":"assistant","content":null,"tool_calls":[{"id":"new_1","type":"function","function":{"name":"get_weather","arguments":"{ \\"days\\": [1, 2], \\"unit\\": \\"c\\", \\"city\\": \\"Paris\\" }"}},{"id":"new_2","type":"function","function":{"name":"convert","arguments":"{\\"id\\":98765432109876543210,\\"value\\":21.50}"}}]}',
      '{"role":"tool","tool_call_id":"new_1","content":"sunny"}',
      '{"role":"tool","tool_call_id":"new_2","content":{"f":70.7}}',
    ]);
  });

  it('finds nothing for other arguments, another name, an integer beyond 2^53 off by one, or text that differs', () => {
    expect(answerTurn(recorded, 1, '', [call('n', 'get_weather', '{"city":"Lyon","unit":"c","days":[1,2]}')])).toBeNull();
    expect(answerTurn(recorded, 1, '', [call('n', 'get_weather', '{"city":"Paris","unit":"c","days":[2,1]}')])).toBeNull();
    expect(answerTurn(recorded, 1, '', [call('n', 'get_weather', '{"city":"Paris","unit":"c"}')])).toBeNull();
    expect(answerTurn(recorded, 1, '', [call('n', 'get_forecast', '{"city":"Paris","unit":"c","days":[1,2]}')])).toBeNull();
    expect(answerTurn(recorded, 1, '', [call('n', 'convert', '{"value":21.5,"id":98765432109876543211}')])).toBeNull();
    expect(answerTurn(recorded, 1, '', [call('n', 'free_text', 'Paris,  please')])).toBeNull();
    expect(answerTurn(recorded, 1, '', [call('n', 'free_text', 'Paris, please')])?.results[0]?.fromCallId).toBe('orig_3');
    expect(answerTurn(recorded, 1, 'Let me check.', [])).toBeNull();
  });

  it('answers a turn only when every call has a result', () => {
    expect(answerTurn(recorded, 1, '', [call('a', 'free_text', 'Paris, please'), call('b', 'free_text', 'Rome')])).toBeNull();
  });

  it('keeps what the model said beside its calls', () => {
    const answer = answerTurn(recorded, 1, 'Checking.', [call('a', 'free_text', 'Paris, please')]);
    expect(JSON.parse(answer!.messages[0]!)).toMatchObject({ role: 'assistant', content: 'Checking.' });
  });
});

describe('continuedBody', () => {
  it('appends to the messages list, every other byte as sent', () => {
    const sent = '{"seed": 98765432109876543210, "messages": [ {"role":"user","content":"Go"} ] ,"__proto__":{}}';
    const answer = { results: [], messages: ['{"role":"assistant"}', '{"role":"tool"}'] };
    expect(continuedBody(sent, answer)).toBe('{"seed": 98765432109876543210, "messages": [ {"role":"user","content":"Go"} ,{"role":"assistant"},{"role":"tool"}] ,"__proto__":{}}');
  });
});
