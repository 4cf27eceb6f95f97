import OpenAI, { APIError, AuthenticationError, BadRequestError, InternalServerError, RateLimitError } from 'openai';
import { startSimulator, type Simulator } from '../index.js';

let sim: Simulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  client = new OpenAI({ baseURL: sim.url, apiKey: 'sk-test-1234567890abcdef', maxRetries: 0 });
});
afterAll(() => sim.close());

const user = (content: string) => [{ role: 'user' as const, content }];

/** The error a request fails with; fails the test if it succeeds. */
async function errorOf(request: Promise<unknown>): Promise<APIError> {
  try {
    await request;
  } catch (error) {
    return error as APIError;
  }
  throw new Error('expected the request to fail');
}

describe('simulated failures', () => {
  it('rate-limits with a Retry-After header', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: user('[sim fail=429 retry-after=2]') }));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('2');
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('requests');
    expect(error.message).toMatch(/^429 Rate limit reached for simulated requests/);
  });

  it('fails with a server error', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: user('[sim fail=500]') }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('500 The server had an error while processing your request.');
    expect(error.type).toBe('server_error');
  });

  it('fails as an invalid request', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: user('[sim fail=400]') }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/simulated invalid request/);
  });

  it('rejects the API key, showing only its ends', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: user('[sim fail=401]') }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('invalid_api_key');
    expect(error.message).toMatch(/^401 Incorrect API key provided: sk-\**cdef\./);
    expect(error.message).not.toContain('1234567890');
  });

  it('fails from a header too, and fails a streaming request before it streams', async () => {
    const error = await errorOf(
      client.chat.completions.create({ model: 'm', messages: user('hi'), stream: true }, { headers: { 'x-sim-fail': '500' } }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
  });

  it('drops a stream after N content chunks', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages: user('[sim drop-after=5 delay=2]'), stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) {
          const content = chunk.choices[0]?.delta.content;
          if (content) received.push(content);
        }
      })(),
    ).rejects.toThrow();
    expect(received).toHaveLength(5);
  });

  it('drops a non-streaming request without an answer', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: user('[sim drop-after=2]') }));
    expect(error.constructor.name).toBe('APIConnectionError');
  });

  it('completes a stream that ends before drop-after is reached', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages: user('[sim drop-after=50 tokens=4]'), stream: true });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect(content.split(' ')).toHaveLength(4);
  });
});

describe('request validation', () => {
  it('rejects an empty messages array naming the param', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: [] }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('messages');
    expect(error.type).toBe('invalid_request_error');
  });

  it('rejects a missing model on the OpenAI path', async () => {
    const error = await errorOf(client.chat.completions.create({ messages: user('hi') } as never));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('model');
  });

  it('rejects an unreadable marker with a message naming it', async () => {
    const error = await errorOf(client.chat.completions.create({ model: 'm', messages: user('[sim ttft=soon]') }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/\[sim ttft=soon\]/);
  });

  it('rejects a tool_choice naming a function it was not given', async () => {
    const error = await errorOf(
      client.chat.completions.create({
        model: 'm',
        messages: user('hi'),
        tools: [{ type: 'function', function: { name: 'a' } }],
        tool_choice: { type: 'function', function: { name: 'b' } },
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('tool_choice');
  });

  it('answers a body that is not JSON with a 400', async () => {
    const response = await fetch(`${sim.url}/chat/completions`, { method: 'POST', body: '{nope' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
  });

  it('answers an unknown path with an OpenAI-style 404', async () => {
    const response = await fetch(`${sim.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/embeddings)', type: 'invalid_request_error', param: null, code: null },
    });
  });
});
