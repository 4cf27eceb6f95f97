import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionTool } from 'openai/resources/chat/completions';
import { simulatedAnswer, startSimulator, type Simulator } from '../index.js';

let sim: Simulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
});
afterAll(() => sim.close());

const user = (content: string) => [{ role: 'user' as const, content }];

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const contentOf = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

describe('text answers', () => {
  it('answers a plain request with the simulated answer and usage', async () => {
    const body = { model: 'sim-fast', messages: user('What is the capital of Norway?') };
    const completion = await client.chat.completions.create(body);

    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe('sim-fast');
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: simulatedAnswer(body).text, refusal: null });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 16, total_tokens: 24 });
  });

  it('streams the same answer token by token, with usage last when asked for', async () => {
    const body: ChatCompletionCreateParamsStreaming = {
      model: 'sim-fast',
      messages: user('Stream me something'),
      stream: true,
      stream_options: { include_usage: true },
    };
    const chunks = await collect(await client.chat.completions.create(body));
    const answer = simulatedAnswer(body);

    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const tokens = chunks.slice(1).flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(tokens).toEqual(answer.tokens);
    expect(contentOf(chunks)).toBe(answer.text);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ completion_tokens: answer.tokens.length });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('leaves usage out of a stream that did not ask for it', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: 'm', messages: user('hi'), stream: true }));
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
  });

  it('honours a token count from a header', async () => {
    const body = { model: 'm', messages: user('short please') };
    const completion = await client.chat.completions.create(body, { headers: { 'x-sim-tokens': '3' } });
    expect(completion.choices[0]?.message.content).toBe(simulatedAnswer(body, { tokens: 3 }).text);
  });

  it.each(['max_tokens', 'max_completion_tokens'] as const)('stops at %s with finish_reason length', async (field) => {
    const body = { model: 'm', messages: user('a long answer please'), [field]: 5 };
    const answer = simulatedAnswer(body);

    const completion = await client.chat.completions.create(body);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.choices[0]?.message.content).toBe(answer.tokens.slice(0, 5).join(''));
    expect(completion.usage?.completion_tokens).toBe(5);

    const chunks = await collect(await client.chat.completions.create({ ...body, stream: true }));
    expect(contentOf(chunks)).toBe(answer.tokens.slice(0, 5).join(''));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
  });
});

describe('timing', () => {
  it('sends the first token after ttft and the rest delay apart', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create({ model: 'm', messages: user('[sim ttft=150 delay=30 tokens=4]'), stream: true });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - started);

    expect(arrivals).toHaveLength(4);
    // Lower bounds only, with a little slack for timer granularity: a busy machine may be late, never early.
    expect(arrivals[0]).toBeGreaterThanOrEqual(140);
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(80);
  });

  it('answers a non-streaming request no sooner than streaming it would end', async () => {
    const started = performance.now();
    await client.chat.completions.create({ model: 'm', messages: user('[sim ttft=100 delay=20 tokens=6]') });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('tool calls', () => {
  const weather: ChatCompletionTool = {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 }, unit: { enum: ['c', 'f'] } },
        required: ['city', 'days'],
      },
    },
  };
  const time: ChatCompletionTool = {
    type: 'function',
    function: {
      name: 'get_time',
      parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
    },
  };

  interface Assembled {
    id: string;
    name: string;
    arguments: string;
  }

  /** Rebuilds tool calls from stream deltas by index, as a client of OpenAI does. */
  function assemble(chunks: ChatCompletionChunk[]): Assembled[] {
    const calls: Assembled[] = [];
    for (const chunk of chunks) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        call.arguments += delta.function?.arguments ?? '';
      }
    }
    return calls;
  }

  it('streams one call when asked with [sim tool] and parallel calls are off', async () => {
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'm',
        messages: user('weather in Oslo? [sim tool]'),
        tools: [weather, time],
        parallel_tool_calls: false,
        stream: true,
      }),
    );
    const calls = assemble(chunks);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.id).toMatch(/^call_/);
    expect(calls[0]?.name).toBe('get_weather');
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: expect.any(String), days: expect.any(Number), unit: 'c' });
    // The arguments arrive in pieces, as a model streams them.
    expect(chunks.filter((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments).length).toBeGreaterThan(2);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams two parallel calls when tool_choice is required', async () => {
    const chunks = await collect(
      await client.chat.completions.create({ model: 'm', messages: user('both please'), tools: [weather, time], tool_choice: 'required', stream: true }),
    );
    const calls = assemble(chunks);

    expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(JSON.parse(calls[0]!.arguments)).toHaveProperty('city');
    expect(JSON.parse(calls[1]!.arguments)).toHaveProperty('zone');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('calls the named tool, and the SDK stream helper accumulates it', async () => {
    const stream = client.chat.completions.stream({
      model: 'm',
      messages: user('what time is it?'),
      tools: [weather, time],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0]?.message;

    expect(message?.content).toBeNull();
    expect(message?.tool_calls).toHaveLength(1);
    const call = message?.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_time');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ zone: expect.any(String) });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('returns tool calls in a non-streaming completion', async () => {
    const completion = await client.chat.completions.create(
      { model: 'm', messages: user('weather?'), tools: [weather] },
      { headers: { 'x-sim-tool-call': '1' } },
    );
    const choice = completion.choices[0];

    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather' } });
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toMatchObject({ city: expect.any(String) });
  });

  it('answers a tool result with text, and tool_choice none with text', async () => {
    const afterResult = await client.chat.completions.create({
      model: 'm',
      messages: [
        { role: 'user', content: 'weather? [sim tool]' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tools: [weather],
    });
    expect(afterResult.choices[0]?.finish_reason).toBe('stop');

    const none = await client.chat.completions.create({ model: 'm', messages: user('[sim tool]'), tools: [weather], tool_choice: 'none' });
    expect(none.choices[0]?.message.tool_calls).toBeUndefined();
  });
});
