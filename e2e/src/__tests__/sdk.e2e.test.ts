import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startStack, type Stack } from '../index.js';
import OpenAI, { APIError, AzureOpenAI } from 'openai';
import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk, ChatCompletionCreateParams, ChatCompletionTool } from 'openai/resources/chat/completions';
import { repriseIdOf, withReprise, type WithRepriseOptions } from '@reprise/sdk';

const REQUEST = /* GraphQL */ `
  query Request($id: ID!) {
    request(id: $id) {
      id requestBody responseBody status tags metadata model provider ttftMs latencyMs startedAt endedAt externalId
      usage { promptTokens completionTokens totalTokens }
      error { kind message status }
    }
  }
`;

interface LoggedRequest {
  id: string;
  requestBody: string;
  responseBody: string | null;
  status: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  tags: string[];
  metadata: Record<string, unknown>;
  model: string;
  provider: string;
  ttftMs: number | null;
  latencyMs: number | null;
  startedAt: string;
  endedAt: string | null;
  externalId: string | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  error: { kind: string; message: string; status: number | null } | null;
}

let stack: Stack;
const warnings: string[] = [];
const logger = { warn: (message: string) => warnings.push(message) };
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await stack?.close();
});
afterEach(() => {
  // Whatever went wrong, no warning may carry a key.
  expect(warnings.join('\n')).not.toContain(stack.apiKey);
});

/** The same simulator, once bare and once wrapped. */
function clients(options: Partial<WithRepriseOptions> = {}) {
  const sdk = () => new OpenAI({ baseURL: stack.simulator.url, apiKey: 'x', maxRetries: 0 });
  const openai = withReprise(sdk(), { url: stack.gateway.url, apiKey: stack.apiKey, tags: ['checkout'], metadata: { app: 'shop' }, logger, ...options } as WithRepriseOptions);
  closers.push(() => openai.reprise.close());
  return { bare: sdk(), openai };
}

async function loggedRequest(id: string | undefined): Promise<LoggedRequest> {
  expect(id).toEqual(expect.any(String));
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` },
    body: JSON.stringify({ query: REQUEST, variables: { id } }),
  });
  const { data, errors } = (await response.json()) as { data?: { request: LoggedRequest | null }; errors?: unknown };
  expect(errors).toBeUndefined();
  expect(data?.request).not.toBeNull();
  return data!.request!;
}

/** What the simulator received last on the chat route. */
const lastSent = () => stack.simulator.recorded.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!;

/** What differs between two runs of the same request: ids and clock. */
const comparable = (chunks: ChatCompletionChunk[]) =>
  chunks.map(({ id: _id, created: _created, ...chunk }) => ({
    ...chunk,
    choices: chunk.choices.map((c) => ({ ...c, delta: { ...c.delta, tool_calls: c.delta.tool_calls?.map(({ id: _callId, ...call }) => call) } })),
  }));

async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const tools: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string', enum: ['UTC', 'CET'] } }, required: ['zone'] } } },
];

describe('withReprise against the real gateway', () => {
  it('logs a completion: the body as sent, the completion as received, tags and metadata merged', async () => {
    const { openai } = clients();
    const body = {
      model: 'sim-fast',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is in my cart? [sim tokens=12]' },
      ],
      temperature: 0.2,
      seed: 7,
      metadata: { 'a.b': 'dotted key' },
    } satisfies ChatCompletionCreateParams;
    const completion = await openai.chat.completions.create(body, { reprise: { tags: ['beta'], metadata: { userId: 42 } }, headers: { 'x-test': '1' } });

    const sent = lastSent();
    expect(sent.headers['x-test']).toBe('1');
    expect(sent.body).toEqual(body); // the reprise option stayed out of the request
    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(completion));
    expect(record.requestBody).toBe(JSON.stringify(body));
    expect(JSON.parse(record.requestBody)).toEqual(sent.body);
    expect(JSON.parse(record.responseBody!)).toEqual(completion);
    expect(record).toMatchObject({
      status: 'COMPLETED',
      provider: 'openai',
      model: 'sim-fast',
      tags: ['checkout', 'beta'],
      metadata: { app: 'shop', userId: 42 },
      error: null,
      ttftMs: null,
      usage: { promptTokens: completion.usage!.prompt_tokens, completionTokens: completion.usage!.completion_tokens, totalTokens: completion.usage!.total_tokens },
    });
    expect(record.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(record.endedAt!)).toBeGreaterThanOrEqual(Date.parse(record.startedAt));
  });

  it('logs a stream, once read, as the completion its chunks make up; the caller reads the same chunks', async () => {
    const { bare, openai } = clients();
    const body = {
      model: 'sim-fast',
      messages: [{ role: 'user', content: 'Tell me a story [sim tokens=20 ttft=30]' }],
      stream: true,
      stream_options: { include_usage: true },
    } satisfies ChatCompletionCreateParams;
    const promise = openai.chat.completions.create(body, { reprise: { externalId: `story-${Date.now()}` } });
    const stream = await promise;
    expect(stream).toBeInstanceOf(Stream);
    const chunks = await collect(stream);
    const sent = lastSent();
    expect(comparable(chunks)).toEqual(comparable(await collect(await bare.chat.completions.create(body))));

    await openai.reprise.flush();
    const id = await repriseIdOf(stream);
    expect(await repriseIdOf(promise)).toBe(id);
    const record = await loggedRequest(id);
    expect(JSON.parse(record.requestBody)).toEqual(sent.body);
    const response = JSON.parse(record.responseBody!);
    const usage = chunks.at(-1)!.usage!;
    expect(response).toEqual({
      id: chunks[0]!.id,
      object: 'chat.completion',
      created: chunks[0]!.created,
      model: 'sim-fast',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
      service_tier: 'default',
      system_fingerprint: chunks[0]!.system_fingerprint,
    });
    expect(response.choices[0].message.content.length).toBeGreaterThan(0);
    expect(record.externalId).toMatch(/^story-/);
    expect(record.usage).toEqual({ promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens });
    expect(record.ttftMs).toBeGreaterThanOrEqual(25);
    expect(record.latencyMs).toBeGreaterThanOrEqual(record.ttftMs!);
  });

  it('reassembles streamed parallel tool calls', async () => {
    const { bare, openai } = clients();
    const body = {
      model: 'sim-fast',
      messages: [{ role: 'user', content: 'Weather in Paris and the time?' }],
      tools,
      tool_choice: 'required',
      stream: true,
    } satisfies ChatCompletionCreateParams;
    const stream = await openai.chat.completions.create(body);
    const chunks = await collect(stream);
    expect(comparable(chunks)).toEqual(comparable(await collect(await bare.chat.completions.create(body))));

    // The tool calls as a caller would put them together from the deltas.
    const expected: Array<{ id: string; type: string; function: { name: string; arguments: string } }> = [];
    for (const delta of chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])) {
      const call = (expected[delta.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (delta.id) call.id = delta.id;
      call.function.name += delta.function?.name ?? '';
      call.function.arguments += delta.function?.arguments ?? '';
    }
    expect(expected.map((c) => c.function.name)).toEqual(['get_weather', 'get_time']);

    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(stream));
    const response = JSON.parse(record.responseBody!);
    expect(response.choices[0].message.tool_calls).toEqual(expected);
    expect(response.choices[0].message.content).toBeNull();
    expect(response.choices[0].finish_reason).toBe('tool_calls');
    expect(record.ttftMs).toEqual(expect.any(Number));
  });

  it('logs a non-streamed tool call as received; withResponse() and _request_id work as before', async () => {
    const { openai } = clients();
    const { data: completion, response, request_id } = await openai.chat.completions
      .create({ model: 'sim-fast', messages: [{ role: 'user', content: 'Weather?' }], tools: tools.slice(0, 1), tool_choice: 'required' })
      .withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toEqual(expect.any(String));
    expect((completion as { _request_id?: string | null })._request_id).toBe(request_id);
    expect(completion.choices[0]!.message.tool_calls).toHaveLength(1);
    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(completion));
    expect(JSON.parse(record.responseBody!)).toEqual(completion);
  });

  it('logs a provider error with its status, kind and message, and the caller gets the same error', async () => {
    const { bare, openai } = clients({ tags: ['errors'] });
    const body = { model: 'sim-fast', messages: [{ role: 'user' as const, content: 'Fail please [sim fail=400]' }] };
    const promise = openai.chat.completions.create(body);
    const err = await promise.catch((e: unknown) => e);
    const bareErr = await bare.chat.completions.create(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(400);
    expect((err as APIError).error).toEqual((bareErr as APIError).error);

    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(promise));
    expect(record).toMatchObject({
      status: 'FAILED',
      responseBody: null,
      tags: ['errors'],
      error: { kind: 'INVALID_REQUEST', status: 400, message: ((err as APIError).error as { message: string }).message },
    });
    expect(JSON.parse(record.requestBody)).toEqual(body);
  });

  it('logs a stream the caller stopped reading as cancelled, with what it had received', async () => {
    const { openai } = clients();
    const stream = await openai.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: 'Long one [sim tokens=50 delay=5]' }], stream: true });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta.content ?? '');
      if (seen.length === 4) break;
    }
    expect(stream.controller.signal.aborted).toBe(true); // the SDK's own behaviour on break, untouched
    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(stream));
    expect(record.status).toBe('CANCELLED');
    expect(JSON.parse(record.responseBody!).choices[0].message.content).toBe(seen.join(''));
  });

  it('logs a call the caller aborted before the answer as cancelled', async () => {
    const { openai } = clients();
    const controller = new AbortController();
    const promise = openai.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: 'Slow [sim ttft=2000]' }] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(promise).rejects.toThrow(/aborted/i);
    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(promise));
    expect(record).toMatchObject({ status: 'CANCELLED', error: null, responseBody: null });
  });

  it('keeps toReadableStream() and tee() working, and logs once', async () => {
    const { openai } = clients();
    const body = { model: 'sim-fast', messages: [{ role: 'user' as const, content: 'Pipe me [sim tokens=6]' }], stream: true as const };
    const piped = await openai.chat.completions.create(body);
    const fromBytes = await collect(Stream.fromReadableStream<ChatCompletionChunk>(piped.toReadableStream(), new AbortController()));
    const [left, right] = (await openai.chat.completions.create(body)).tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toEqual(b);
    expect(comparable(fromBytes)).toEqual(comparable(a));

    await openai.reprise.flush();
    const record = await loggedRequest(await repriseIdOf(piped));
    expect(JSON.parse(record.responseBody!).choices[0].message.content).toBe(a.map((c) => c.choices[0]?.delta.content ?? '').join(''));
  });

  it('routes the SDK helpers built on create (stream, parse) and withOptions() clients through the log too', async () => {
    const { openai } = clients({ tags: ['helpers'] });
    const before = openai.reprise.buffered;
    const runner = openai.chat.completions.stream({ model: 'sim-fast', messages: [{ role: 'user', content: 'Helper [sim tokens=5]' }] });
    const final = await runner.finalChatCompletion();
    await openai.chat.completions.parse({ model: 'sim-fast', messages: [{ role: 'user', content: 'Parse me' }] });
    const derived = openai.withOptions({ timeout: 5000 });
    expect(derived.reprise).toBe(openai.reprise);
    await derived.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: 'Derived' }] });
    expect(openai.reprise.buffered).toBe(before + 3);
    await openai.reprise.flush();
    expect(final.choices[0]!.message.content).toEqual(expect.any(String));
  });

  it('does not log a call with skip, and says azure-openai for an Azure client', async () => {
    const { openai } = clients();
    const skipped = await openai.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: 'Not me' }] }, { reprise: { skip: true } });
    expect(openai.reprise.buffered).toBe(0);
    expect(await repriseIdOf(skipped)).toBeUndefined();

    const azure = withReprise(
      new AzureOpenAI({ endpoint: stack.simulator.url.replace(/\/v1$/, ''), apiKey: 'x', apiVersion: '2024-10-21', deployment: 'sim-large', maxRetries: 0 }),
      { reprise: openai.reprise },
    );
    const completion = await azure.chat.completions.create({ model: 'sim-large', messages: [{ role: 'user', content: 'Hi Azure' }] });
    expect(lastSent().path).toBe('/openai/deployments/sim-large/chat/completions');
    await openai.reprise.flush();
    expect(await loggedRequest(await repriseIdOf(completion))).toMatchObject({ provider: 'azure-openai', model: 'sim-large', status: 'COMPLETED' });
  });
});

describe('withReprise when Reprise is unreachable', () => {
  /** A port nothing listens on (for now). */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  /** Reprise coming back on that port: a plain forwarder to the real gateway. */
  async function forwarder(port: number): Promise<Server> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization) },
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(await answer.text());
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    return server;
  }

  it('lets every call succeed, keeps at most maxBuffer records with one warning, and delivers them once Reprise is back', async () => {
    const port = await closedPort();
    warnings.length = 0;
    const { openai } = clients({ url: `http://127.0.0.1:${port}/graphql`, maxBuffer: 5, flushIntervalMs: 20, retryBaseMs: 20, retryMaxMs: 100 });
    const completions = [];
    for (let i = 0; i < 20; i++) {
      completions.push(await openai.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: `Call ${i}` }] }));
    }
    expect(completions.every((c) => c.choices[0]!.message.content)).toBe(true);
    expect(openai.reprise.buffered).toBe(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/5 records are waiting to be sent/);

    await forwarder(port);
    // No flush(): the backoff retries find Reprise on their own.
    await eventually(async () => (openai.reprise.buffered === 0 ? true : null));
    const ids = await Promise.all(completions.map((c) => repriseIdOf(c)));
    expect(ids.slice(5)).toEqual(Array(15).fill(undefined));
    for (const [i, id] of ids.slice(0, 5).entries()) {
      const record = await loggedRequest(id);
      expect(JSON.parse(record.requestBody).messages[0].content).toBe(`Call ${i}`);
      expect(JSON.parse(record.responseBody!)).toEqual(completions[i]);
    }
    expect(warnings).toHaveLength(1);
  });

  it('drops what a refused key logs with one warning, never writing the key', async () => {
    warnings.length = 0;
    const wrongKey = `${stack.apiKey.slice(0, -4)}zzzz`;
    const { openai } = clients({ apiKey: wrongKey, retryBaseMs: 20, retryMaxMs: 50 });
    await openai.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: 'one' }] });
    await openai.reprise.flush();
    await openai.chat.completions.create({ model: 'sim-fast', messages: [{ role: 'user', content: 'two' }] });
    await openai.reprise.close();
    // UNAUTHENTICATED (401): both records dropped, one warning for the two refusals.
    expect(openai.reprise.buffered).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/refused 1 record, dropped .*API key was refused \(This API key is unknown or revoked\)/);
    expect(warnings[0]).not.toContain(wrongKey);
  });
});

describe('types', () => {
  it('accepts the reprise option only in its shape', () => {
    const openai = withReprise(new OpenAI({ apiKey: 'x' }), { url: undefined, apiKey: undefined, logger: { warn: () => undefined } });
    const typed = async () => {
      const completion = await openai.chat.completions.create({ model: 'm', messages: [] }, { reprise: { tags: ['a'], metadata: { n: 1 } }, timeout: 5 });
      completion.choices satisfies unknown[];
      const stream = await openai.chat.completions.create({ model: 'm', messages: [], stream: true }, { reprise: { skip: true } });
      for await (const chunk of stream) chunk.choices satisfies unknown[];
      // @ts-expect-error metadata values are flat
      await openai.chat.completions.create({ model: 'm', messages: [] }, { reprise: { metadata: { nested: {} } } });
      const asOpenAI: OpenAI = openai;
      return asOpenAI;
    };
    expect(typed).toBeInstanceOf(Function);
  });
});
