import { randomUUID } from 'node:crypto';
import { requestCancel } from '../../queues/cancellation.js';
import { CLOSE_TIMEOUT_MS, isolate } from '../support/isolation.js';
import { mostAtOnce, type ModelProvider, type ScriptedAnswer } from '../support/model-provider.js';
import { startWorkerHarness, streamedText as textOf, terminalOf, type WorkerHarness } from '../support/run-worker.js';
import { eventsOf, eventually } from '../support/run-stream.js';

const suite = isolate();
let harness: WorkerHarness;
let upstream: ModelProvider;

beforeAll(async () => {
  harness = await startWorkerHarness(suite, {
    providers: (stand) => {
      const standIn = { label: 'Stand-in', baseURL: stand.url, apiKey: 'stand-in-key', models: ['stand-in-model'] };
      return [
        // The provider's own prices win over the list prices.
        { id: 'stand-in', ...standIn, prices: { 'stand-in-model': { input: 2, output: 8 } } },
        { id: 'limited', ...standIn, limits: { concurrency: 1 } },
      ];
    },
  });
  upstream = harness.upstream;
});

afterAll(() => harness?.close(), CLOSE_TIMEOUT_MS);
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

const queueRun: WorkerHarness['queueRun'] = (...args) => harness.queueRun(...args);
const ended: WorkerHarness['ended'] = (run) => harness.ended(run);
const recordOf: WorkerHarness['recordOf'] = (run) => harness.recordOf(run);

describe('a run that completes', () => {
  it('publishes started, then each delta, then completed, and queues one record with what the worker has', async () => {
    upstream.script({ kind: 'stream', content: ['Sunny', ' and', ' warm'], firstDelayMs: 60, delayMs: 5, usage: { prompt_tokens: 12, completion_tokens: 3 } });
    const run = await queueRun({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'https://example.com/sky.png' } }, { type: 'text', text: 'Now.' }] },
        { role: 'user', content: 'tag' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      temperature: 0.5,
      seed: 7,
    });
    const events = await ended(run);

    expect(events[0]).toMatchObject({ type: 'started', provider: 'stand-in', model: 'stand-in-model' });
    expect(events.slice(1, -1).every((e) => e.type === 'delta')).toBe(true);
    expect(textOf(events)).toBe('Sunny and warm');
    const cost = (12 * 2 + 3 * 8) / 1_000_000;
    const completed = terminalOf(events);
    expect(completed).toMatchObject({
      type: 'completed',
      message: { role: 'assistant', content: 'Sunny and warm' },
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 3, totalTokens: 15 },
      cost,
      structuredOutput: null,
    });
    if (completed.type !== 'completed') throw new Error('not completed');
    expect(completed.ttftMs).toBeGreaterThanOrEqual(50);
    expect(completed.latencyMs).toBeGreaterThanOrEqual(completed.ttftMs!);

    const [sent] = upstream.chatRequests().filter((r) => r.body.includes('get_weather'));
    const record = await recordOf(run);
    expect(record).toMatchObject({
      runId: run.runId,
      status: 'completed',
      output: 'Sunny and warm',
      usage: { promptTokens: 12, completionTokens: 3, totalTokens: 15 },
      toolNames: ['get_weather'],
      // Text parts joined with ' ', an image part counting as empty, as history reads a logged body.
      promptText: 'Be brief.\nWeather?  Now.\ntag',
      cost,
      error: null,
      ttftMs: completed.ttftMs,
    });
    // The request body is the exact text the provider received.
    expect(record.requestBody).toBe(sent!.body);
    expect(JSON.parse(record.requestBody)).toMatchObject({ model: 'stand-in-model', stream: true, stream_options: { include_usage: true }, seed: 7, temperature: 0.5 });
    expect(JSON.parse(record.responseBody!)).toMatchObject({
      object: 'chat.completion',
      model: 'stand-in-model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Sunny and warm' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
      system_fingerprint: 'fp_stand_in',
    });
  });

  it('publishes tool-call deltas by index as they come, and assembles the calls', async () => {
    upstream.script({
      kind: 'stream',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: ['{"city":', '"Paris"}'] },
        { id: 'call_b', name: 'get_time', arguments: ['{}'] },
      ],
      delayMs: 5,
      usage: { prompt_tokens: 20, completion_tokens: 9 },
    });
    const run = await queueRun({
      tools: [
        { type: 'function', function: { name: 'get_weather' } },
        { type: 'function', function: { name: 'get_time' } },
      ],
    });
    const events = await ended(run);
    expect(events.filter((e) => e.type === 'tool_call_delta')).toEqual([
      { type: 'tool_call_delta', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
      { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
      { type: 'tool_call_delta', index: 1, id: 'call_b', name: 'get_time' },
      { type: 'tool_call_delta', index: 1, arguments: '{}' },
    ]);
    const calls = [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ];
    expect(terminalOf(events)).toMatchObject({ type: 'completed', message: { content: null, toolCalls: calls }, finishReason: 'tool_calls' });
    const record = await recordOf(run);
    expect(record).toMatchObject({ output: null, toolNames: ['get_weather', 'get_time'] });
    expect(JSON.parse(record.responseBody!).choices[0].message).toEqual({ role: 'assistant', content: null, refusal: null, tool_calls: calls });
  });

  it('records every choice of a request with n, and publishes choice 0', async () => {
    upstream.script({ kind: 'stream', content: ['First'], moreChoices: [{ content: ['Second'] }], usage: { prompt_tokens: 4, completion_tokens: 2 } });
    const run = await queueRun({ n: 2 });
    const events = await ended(run);
    expect(textOf(events)).toBe('First');
    expect(terminalOf(events)).toMatchObject({ type: 'completed', message: { content: 'First' } });
    const record = await recordOf(run);
    expect(record.output).toBe('First');
    expect(JSON.parse(record.responseBody!).choices.map((c: { index: number; message: { content: string } }) => [c.index, c.message.content])).toEqual([
      [0, 'First'],
      [1, 'Second'],
    ]);
  });

  it('checks structured output against the requested schema', async () => {
    upstream.script({ kind: 'stream', content: ['{"city":', ' 3}'] });
    const run = await queueRun({
      response_format: { type: 'json_schema', json_schema: { name: 'place', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    });
    const completed = terminalOf(await ended(run));
    expect(completed).toMatchObject({ type: 'completed', structuredOutput: { valid: false, error: expect.any(String) } });
  });
});

describe('provider failures', () => {
  it('retries a 429, announcing it, and waits what Retry-After asks', async () => {
    upstream.script(
      { kind: 'error', status: 429, message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '300' } },
      { kind: 'stream', content: ['At', ' last'] },
    );
    const run = await queueRun();
    const events = await ended(run);
    expect(events.map((e) => e.type)).toEqual(['started', 'retrying', ...events.slice(2, -1).map(() => 'delta'), 'completed']);
    const retrying = events[1];
    expect(retrying).toMatchObject({ type: 'retrying', attempt: 2, error: { kind: 'rate_limited', status: 429, message: 'Rate limit reached for requests' }, discardOutput: false });
    expect(retrying?.type === 'retrying' && retrying.delayMs).toBeGreaterThanOrEqual(300);
    expect(textOf(events)).toBe('At last');
    terminalOf(events);

    const [first, second] = run.requests();
    expect(run.requests()).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(295);
    expect(second!.body).toBe(first!.body);
    expect(await recordOf(run)).toMatchObject({ status: 'completed', output: 'At last' });
  });

  it('takes Retry-After in seconds too', async () => {
    upstream.script({ kind: 'error', status: 503, message: 'The engine is currently overloaded', type: 'server_error', headers: { 'retry-after': '1' } }, { kind: 'stream', content: ['ok'] });
    const run = await queueRun();
    const events = await ended(run);
    expect(events[1]).toMatchObject({ type: 'retrying', error: { kind: 'provider_error', status: 503 } });
    const [first, second] = run.requests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(995);
    expect(terminalOf(events)).toMatchObject({ type: 'completed' });
  });

  it('does not retry a 400: the run fails with the provider’s message and status', async () => {
    upstream.script({ kind: 'error', status: 400, message: "Invalid value for 'temperature'.", type: 'invalid_request_error' });
    const run = await queueRun();
    const events = await ended(run);
    expect(events.map((e) => e.type)).toEqual(['started', 'failed']);
    expect(terminalOf(events)).toMatchObject({ type: 'failed', error: { kind: 'invalid_request', message: "Invalid value for 'temperature'.", status: 400 } });
    expect(run.requests()).toHaveLength(1);
    expect(await recordOf(run)).toMatchObject({
      status: 'failed',
      error: { kind: 'invalid_request', message: "Invalid value for 'temperature'.", status: 400 },
      output: null,
      responseBody: null,
      usage: null,
      cost: null,
    });
  });

  it('gives up after the last attempt and fails with the last error', async () => {
    const busy: ScriptedAnswer = { kind: 'error', status: 500, message: 'The server had an error', type: 'server_error' };
    upstream.script(busy, busy, busy, busy);
    const run = await queueRun();
    const events = await ended(run);
    expect(events.map((e) => e.type)).toEqual(['started', 'retrying', 'retrying', 'retrying', 'failed']);
    expect(run.requests()).toHaveLength(4);
    expect(terminalOf(events)).toMatchObject({ type: 'failed', error: { kind: 'provider_error', status: 500 } });
  });

  it('fails a run whose provider is gone without calling anyone', async () => {
    const before = upstream.chatRequests().length;
    const run = await queueRun({}, { provider: 'deleted-provider' });
    const events = await ended(run);
    expect(terminalOf(events)).toMatchObject({ type: 'failed', error: { kind: 'invalid_request', message: 'unknown provider "deleted-provider"' } });
    expect(upstream.chatRequests()).toHaveLength(before);
    expect(await recordOf(run)).toMatchObject({ status: 'failed' });
  });
});

describe('limits', () => {
  it("keeps a provider's requests within its concurrency, and only that provider's", async () => {
    const slow: ScriptedAnswer = { kind: 'stream', content: ['a', 'b', 'c'], delayMs: 40 };
    upstream.script(slow, slow, slow);
    const limited = await Promise.all([1, 2, 3].map(() => queueRun({}, { provider: 'limited' })));
    for (const run of limited) expect(terminalOf(await ended(run))).toMatchObject({ type: 'completed' });
    expect(mostAtOnce(limited.flatMap((run) => run.requests()))).toBe(1);

    upstream.script(slow, slow, slow);
    const free = await Promise.all([1, 2, 3].map(() => queueRun()));
    for (const run of free) await ended(run);
    expect(mostAtOnce(free.flatMap((run) => run.requests()))).toBe(3);
  });
});

describe('cancelling', () => {
  it('ends a streaming run as cancelled with its partial output, closing the provider connection at once', async () => {
    upstream.script({ kind: 'stream', content: ['Once', ' upon'], hold: true });
    const run = await queueRun();
    await eventually(() => eventsOf(suite.redis, suite.keys, run.runId), (events) => textOf(events) === 'Once upon');
    const t0 = Date.now();
    await requestCancel(suite.redis, suite.keys, run.runId);
    const events = await ended(run);
    expect(terminalOf(events)).toMatchObject({ type: 'cancelled', partial: { content: 'Once upon', toolCalls: [] } });
    const [sent] = run.requests();
    await sent!.finished;
    expect(sent!.closedByClient).toBe(true);
    expect(sent!.endedAt! - t0).toBeLessThan(1000);
    expect(await recordOf(run)).toMatchObject({ status: 'cancelled', output: 'Once upon', responseBody: null });
  });

  it('never calls the provider for a run cancelled before it starts', async () => {
    const runId = randomUUID();
    await requestCancel(suite.redis, suite.keys, runId);
    const run = await queueRun({}, { runId });
    const events = await ended(run);
    expect(events.map((e) => e.type)).toEqual(['started', 'cancelled']);
    expect(terminalOf(events)).toMatchObject({ partial: { content: '', toolCalls: [] } });
    expect(run.requests()).toHaveLength(0);
    expect(await recordOf(run)).toMatchObject({ status: 'cancelled', output: null });
  });

  it('stops waiting for a retry at once', async () => {
    upstream.script({ kind: 'error', status: 429, message: 'Slow down', type: 'requests', headers: { 'retry-after': '20' } });
    const run = await queueRun();
    await eventually(() => eventsOf(suite.redis, suite.keys, run.runId), (events) => events.some((e) => e.type === 'retrying'));
    const t0 = Date.now();
    await requestCancel(suite.redis, suite.keys, run.runId);
    const events = await ended(run);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(terminalOf(events)).toMatchObject({ type: 'cancelled' });
    expect(run.requests()).toHaveLength(1);
  });

  it('stops waiting for a slot at once, and the provider never hears of the run', async () => {
    upstream.script({ kind: 'stream', content: ['holding'], hold: true });
    const holder = await queueRun({}, { provider: 'limited' });
    await eventually(() => eventsOf(suite.redis, suite.keys, holder.runId), (events) => textOf(events) === 'holding');
    const waiter = await queueRun({}, { provider: 'limited' });
    await eventually(() => eventsOf(suite.redis, suite.keys, waiter.runId), (events) => events.some((e) => e.type === 'started'));
    const t0 = Date.now();
    await requestCancel(suite.redis, suite.keys, waiter.runId);
    expect(terminalOf(await ended(waiter))).toMatchObject({ type: 'cancelled' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(waiter.requests()).toHaveLength(0);
    await requestCancel(suite.redis, suite.keys, holder.runId);
    expect(terminalOf(await ended(holder))).toMatchObject({ type: 'cancelled', partial: { content: 'holding' } });
  });
});
