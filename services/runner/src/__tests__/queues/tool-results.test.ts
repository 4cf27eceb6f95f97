import { appendItems, memberOf, parseJsonText, type RunEvent } from '@reprise/contracts';
import { requestCancel } from '../../queues/cancellation.js';
import { MAX_TOOL_TURNS } from '../../queues/tool-results.js';
import { CLOSE_TIMEOUT_MS, isolate } from '../support/isolation.js';
import type { ScriptedStream } from '../support/model-provider.js';
import { startWorkerHarness, streamedText, terminalOf, type WorkerHarness } from '../support/run-worker.js';
import { eventsOf, eventually } from '../support/run-stream.js';

/**
 * Replays with reuseToolResults: the model's tool calls answered from the
 * original conversation's recorded results, turn after turn, until it
 * answers in text or calls something the original never did.
 */
const suite = isolate();
let harness: WorkerHarness;

beforeAll(async () => {
  harness = await startWorkerHarness(suite, {
    providers: (stand) => [{ id: 'stand-in', label: 'Stand-in', baseURL: stand.url, apiKey: 'k', models: ['stand-in-model'], prices: { 'stand-in-model': { input: 2, output: 8 } } }],
  });
});

afterAll(() => harness?.close(), CLOSE_TIMEOUT_MS);
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

/**
 * A logged agent conversation, as its last request was sent: the user's
 * question, then the weather call and its result, then the conversion call
 * and its result (content parts, and a number written 21.50).
 */
const agentBody = (tag: string) =>
  `{"messages":[` +
  `{"role":"system","content":"You are a weather agent. ${tag}"},` +
  `{"role":"user","content":"How warm is Paris, in Fahrenheit?"},` +
  `{"role":"assistant","content":null,"tool_calls":[{"id":"call_w","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"unit\\":\\"c\\"}"}}]},` +
  `{"role":"tool","tool_call_id":"call_w","content":"{\\"temp\\": 21.50}"},` +
  `{"role":"assistant","content":null,"tool_calls":[{"id":"call_c","type":"function","function":{"name":"to_fahrenheit","arguments":"{\\"celsius\\":21.5}"}}]},` +
  `{"role":"tool","tool_call_id":"call_c","content":[{"type":"text","text":"70.7"}]}` +
  `],"tools":[{"type":"function","function":{"name":"get_weather"}},{"type":"function","function":{"name":"to_fahrenheit"}}],"seed":98765432109876543210}`;

const calls = (...list: [id: string, name: string, args: string][]): ScriptedStream => ({
  kind: 'stream',
  toolCalls: list.map(([id, name, args]) => ({ id, name, arguments: [args.slice(0, 5), args.slice(5)] })),
  usage: { prompt_tokens: 10, completion_tokens: 2 },
});
const weather = (id: string, args = '{"city":"Paris","unit":"c"}') => calls([id, 'get_weather', args]);
const text = (...content: string[]): ScriptedStream => ({ kind: 'stream', content, usage: { prompt_tokens: 30, completion_tokens: 5 } });

const reuse = { reuseToolResults: true, source: 'replay' as const, replayOf: 'req-agent' };
const types = (events: RunEvent[]) => events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);

describe('a replay that reuses tool results', () => {
  it('plays a two-step agent conversation to its end, each turn answered from the original', async () => {
    harness.upstream.script(weather('new_w'), calls(['new_c', 'to_fahrenheit', '{"celsius": 21.5}']), text('It is', ' 70.7°F.'));
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    const events = await harness.ended(run);

    expect(types(events)).toEqual(['started', 'tool_call_delta', 'tool_results', 'tool_call_delta', 'tool_results', 'delta', 'completed']);
    const results = events.filter((e) => e.type === 'tool_results');
    expect(results).toEqual([
      { type: 'tool_results', step: 1, results: [{ step: 1, callId: 'new_w', name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}', fromCallId: 'call_w' }] },
      { type: 'tool_results', step: 2, results: [{ step: 2, callId: 'new_c', name: 'to_fahrenheit', arguments: '{"celsius": 21.5}', fromCallId: 'call_c' }] },
    ]);
    expect(streamedText(events)).toBe('It is 70.7°F.');

    // Each turn's body is the one before, its messages grown by the model's
    // calls and the recorded results (as their original text), nothing else touched.
    const [first, second, third] = run.requests();
    expect(run.requests()).toHaveLength(3);
    const grown = (sent: string, items: string[]) => appendItems(sent, memberOf(parseJsonText(sent), 'messages')!.value, items);
    expect(second!.body).toBe(
      grown(first!.body, [
        '{"role":"assistant","content":null,"tool_calls":[{"id":"new_w","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"unit\\":\\"c\\"}"}}]}',
        '{"role":"tool","tool_call_id":"new_w","content":"{\\"temp\\": 21.50}"}',
      ]),
    );
    expect(third!.body).toBe(
      grown(second!.body, [
        '{"role":"assistant","content":null,"tool_calls":[{"id":"new_c","type":"function","function":{"name":"to_fahrenheit","arguments":"{\\"celsius\\": 21.5}"}}]}',
        '{"role":"tool","tool_call_id":"new_c","content":[{"type":"text","text":"70.7"}]}',
      ]),
    );
    expect(third!.body).toContain('"seed":98765432109876543210');

    // Usage and cost add up over the three turns.
    const usage = { promptTokens: 50, completionTokens: 9, totalTokens: 59 };
    const cost = (50 * 2 + 9 * 8) / 1_000_000;
    const completed = terminalOf(events);
    expect(completed).toMatchObject({ type: 'completed', message: { content: 'It is 70.7°F.' }, finishReason: 'stop', usage, cost });
    const record = await harness.recordOf(run);
    expect(record).toMatchObject({ status: 'completed', replayOf: 'req-agent', source: 'replay', usage, cost, output: 'It is 70.7°F.' });
    expect(record.requestBody).toBe(third!.body);
    expect(record.reusedToolResults).toEqual(results.flatMap((e) => (e.type === 'tool_results' ? e.results : [])));
    expect(record.latencyMs).toBeGreaterThanOrEqual(third!.endedAt! - first!.at - 5);
    // The response is the last turn's, as the provider sent it.
    expect(JSON.parse(record.responseBody!)).toMatchObject({ choices: [{ message: { content: 'It is 70.7°F.' } }], usage: { prompt_tokens: 30 } });
  });

  it('matches a call whose arguments come in another key order and spacing', async () => {
    harness.upstream.script(weather('w2', '{ "unit": "c",  "city": "Paris" }'), text('Mild.'));
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    const events = await harness.ended(run);
    expect(events.find((e) => e.type === 'tool_results')).toMatchObject({ results: [{ callId: 'w2', fromCallId: 'call_w', arguments: '{ "unit": "c",  "city": "Paris" }' }] });
    expect(terminalOf(events)).toMatchObject({ type: 'completed', message: { content: 'Mild.' } });
    expect(run.requests()).toHaveLength(2);
  });

  it('stops at a call with other arguments: the run completes with that call, as any run does', async () => {
    harness.upstream.script(weather('w3', '{"city":"Lyon","unit":"c"}'));
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    const events = await harness.ended(run);
    expect(events.some((e) => e.type === 'tool_results')).toBe(false);
    expect(terminalOf(events)).toMatchObject({
      type: 'completed',
      finishReason: 'tool_calls',
      message: { content: null, toolCalls: [{ id: 'w3', function: { name: 'get_weather', arguments: '{"city":"Lyon","unit":"c"}' } }] },
    });
    expect(run.requests()).toHaveLength(1);
    const record = await harness.recordOf(run);
    expect(record).toMatchObject({ reusedToolResults: [], requestBody: run.requests()[0]!.body });
  });

  it('answers parallel calls of one turn together, or not at all', async () => {
    harness.upstream.script(calls(['p1', 'to_fahrenheit', '{"celsius":21.5}'], ['p2', 'get_weather', '{"unit":"c","city":"Paris"}']), text('Both done.'));
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    const events = await harness.ended(run);
    expect(events.filter((e) => e.type === 'tool_results')).toEqual([
      {
        type: 'tool_results',
        step: 1,
        results: [
          { step: 1, callId: 'p1', name: 'to_fahrenheit', arguments: '{"celsius":21.5}', fromCallId: 'call_c' },
          { step: 1, callId: 'p2', name: 'get_weather', arguments: '{"unit":"c","city":"Paris"}', fromCallId: 'call_w' },
        ],
      },
    ]);
    const sent = JSON.parse(run.requests()[1]!.body) as { messages: { role: string; tool_call_id?: string; content: unknown; tool_calls?: { id: string }[] }[] };
    expect(sent.messages.slice(-3)).toEqual([
      { role: 'assistant', content: null, tool_calls: [expect.objectContaining({ id: 'p1' }), expect.objectContaining({ id: 'p2' })] },
      { role: 'tool', tool_call_id: 'p1', content: [{ type: 'text', text: '70.7' }] },
      { role: 'tool', tool_call_id: 'p2', content: '{"temp": 21.50}' },
    ]);
    expect(terminalOf(events)).toMatchObject({ type: 'completed', message: { content: 'Both done.' } });

    // One of the two unrecorded: the turn is not answered.
    harness.upstream.script(calls(['q1', 'to_fahrenheit', '{"celsius":21.5}'], ['q2', 'get_weather', '{"city":"Rome"}']));
    const partial = await harness.queueRun({}, { body: agentBody, job: reuse });
    const partialEvents = await harness.ended(partial);
    expect(partialEvents.some((e) => e.type === 'tool_results')).toBe(false);
    expect(terminalOf(partialEvents)).toMatchObject({ type: 'completed', message: { toolCalls: [{ id: 'q1' }, { id: 'q2' }] } });
    expect((await harness.recordOf(partial)).reusedToolResults).toEqual([]);
  });

  it(`ends after ${MAX_TOOL_TURNS} turns with the last answer`, async () => {
    // One more would get the stand-in's fallback, a text answer, and end the run there.
    harness.upstream.script(...Array.from({ length: MAX_TOOL_TURNS }, (_, i) => weather(`loop_${i + 1}`)));
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    const events = await harness.ended(run);
    expect(run.requests()).toHaveLength(MAX_TOOL_TURNS);
    expect(events.filter((e) => e.type === 'tool_results').map((e) => e.type === 'tool_results' && e.step)).toEqual(Array.from({ length: MAX_TOOL_TURNS - 1 }, (_, i) => i + 1));
    expect(terminalOf(events)).toMatchObject({ type: 'completed', message: { toolCalls: [{ id: `loop_${MAX_TOOL_TURNS}` }] }, usage: { promptTokens: 10 * MAX_TOOL_TURNS } });
    const record = await harness.recordOf(run);
    expect(record.reusedToolResults).toHaveLength(MAX_TOOL_TURNS - 1);
    expect(record.requestBody).toBe(run.requests().at(-1)!.body);
  });

  it('retries within a turn, announcing it after the turn before', async () => {
    harness.upstream.script(weather('r1'), { kind: 'error', status: 503, message: 'Overloaded', type: 'server_error' }, text('Back.'));
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    const events = await harness.ended(run);
    expect(types(events)).toEqual(['started', 'tool_call_delta', 'tool_results', 'retrying', 'delta', 'completed']);
    expect(events.find((e) => e.type === 'retrying')).toMatchObject({ attempt: 2, discardOutput: false, error: { status: 503 } });
    const [, second, third] = run.requests();
    expect(third!.body).toBe(second!.body);
    expect(terminalOf(events)).toMatchObject({ type: 'completed', message: { content: 'Back.' } });
  });

  it('ends cancelled when cancelled mid-turn, with that turn’s partial output and what was reused so far', async () => {
    harness.upstream.script(weather('k1'), { kind: 'stream', content: ['Thinking', ' about'], hold: true });
    const run = await harness.queueRun({}, { body: agentBody, job: reuse });
    await eventually(() => eventsOf(suite.redis, suite.keys, run.runId), (events) => streamedText(events) === 'Thinking about');
    await requestCancel(suite.redis, suite.keys, run.runId);
    const events = await harness.ended(run);
    expect(terminalOf(events)).toMatchObject({ type: 'cancelled', partial: { content: 'Thinking about', toolCalls: [] } });
    const second = run.requests()[1]!;
    await second.finished;
    expect(second.closedByClient).toBe(true);
    const record = await harness.recordOf(run);
    expect(record).toMatchObject({ status: 'cancelled', output: 'Thinking about', reusedToolResults: [{ callId: 'k1', fromCallId: 'call_w' }] });
    expect(record.requestBody).toBe(second.body);
  });

  it('does nothing of the kind without reuseToolResults', async () => {
    harness.upstream.script(weather('n1'));
    const run = await harness.queueRun({}, { body: agentBody, job: { source: 'replay', replayOf: 'req-agent' } });
    const events = await harness.ended(run);
    expect(types(events)).toEqual(['started', 'tool_call_delta', 'completed']);
    expect(run.requests()).toHaveLength(1);
    expect(await harness.recordOf(run)).not.toHaveProperty('reusedToolResults');
  });
});
