import { batchSchema, RUN_EVENT_FIELD, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS } from '../support/isolation.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';
import { chatBody } from './support/history-stand-in.js';

let stack: BatchStack;

beforeAll(async () => {
  stack = await startBatchStack();
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

describe('a bulk replay asks for whole answers, not streams', () => {
  const ws = 'ws-whole';

  it('sends "stream": false without stream_options, every other member as stored, and records every choice and call', async () => {
    const original = chatBody('whole answers', { n: 2, stream: true, stream_options: { include_usage: true }, seed: 12345678901234567890, temperature: 0 }).replace(
      '12345678901234567000',
      '12345678901234567890',
    );
    const [request] = stack.history.add(ws, [{ requestBody: original, tags: ['whole'] }]);
    stack.upstream.script({
      kind: 'stream',
      content: ['Looking ', 'it up'],
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: ['{"city":', '"Paris"}'] }],
      moreChoices: [{ content: ['Second ', 'choice'] }],
      usage: { prompt_tokens: 12, completion_tokens: 6 },
    });
    const res = await stack.post<Batch>('/batches', { workspaceId: ws, selection: { filter: { tagsAny: ['whole'] } } });
    expect(res.status).toBe(201);
    const batch = batchSchema.parse(res.body);
    const done = await stack.until(ws, batch.id, (b) => b.status === 'completed');
    expect(done.counts.completed).toBe(1);

    const [sent] = stack.upstream.chatRequests().filter((r) => r.body.includes('whole answers'));
    // The stored text with model and streaming spliced in: the seed keeps its digits.
    expect(sent!.body).toBe(original.replace('"gpt-4o-mini"', '"stand-in-model"').replace('"stream":true', '"stream":false').replace(',"stream_options":{"include_usage":true}', ''));

    const [record] = await stack.recordsOf(batch.id);
    expect(record).toMatchObject({ replayOf: request!.id, status: 'completed', output: 'Looking it up', ttftMs: null, usage: { promptTokens: 12, completionTokens: 6, totalTokens: 18 } });
    const response = JSON.parse(record!.responseBody!) as { choices: { index: number; message: { content: string | null; tool_calls?: unknown[] }; finish_reason: string }[] };
    expect(response.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Looking it up', refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
      { index: 1, message: { role: 'assistant', content: 'Second choice', refusal: null }, logprobs: null, finish_reason: 'stop' },
    ]);

    // Its events, for anyone watching the replay: the answer in one delta, the call whole, then the end.
    const entries = await stack.suite.redis.xrange(stack.suite.keys.runStream(record!.runId), '-', '+');
    const events = entries.map(([, fields]) => JSON.parse(fields[fields.indexOf(RUN_EVENT_FIELD) + 1]!) as { type: string });
    expect(events).toEqual([
      expect.objectContaining({ type: 'started' }),
      { type: 'delta', text: 'Looking it up' },
      { type: 'tool_call_delta', index: 0, id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      expect.objectContaining({ type: 'completed' }),
    ]);
  });
});
