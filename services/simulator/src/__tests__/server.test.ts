import OpenAI, { AzureOpenAI } from 'openai';
import { simulatedAnswer, startSimulator, type Simulator } from '../index.js';
import { waitFor } from './wait-for.js';

let sim: Simulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator();
  client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.stats.reset());

const user = (content: string) => [{ role: 'user' as const, content }];

describe('startSimulator', () => {
  it('listens on a free port and gives a /v1 base URL', () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
  });

  it('applies its defaults, which headers and markers override', async () => {
    const own = await startSimulator({ defaults: { tokens: 4 } });
    try {
      const ownClient = new OpenAI({ baseURL: own.url, apiKey: 'x', maxRetries: 0 });
      const body = { model: 'm', messages: user('defaults') };
      const completion = await ownClient.chat.completions.create(body);
      expect(completion.choices[0]?.message.content).toBe(simulatedAnswer(body, { tokens: 4 }).text);
    } finally {
      await own.close();
    }
  });

  it('lists its models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model).toMatchObject({ object: 'model', owned_by: 'reprise-simulator', created: expect.any(Number) });
      ids.push(model.id);
    }
    expect(ids).toEqual(['sim-fast', 'sim-large']);
  });
});

describe('stats', () => {
  it('counts concurrent streams in flight and back to zero after', async () => {
    const streams = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        client.chat.completions.create({ model: 'm', messages: user(`[sim ttft=300 tokens=3] #${i}`), stream: true }),
      ),
    );
    // Each create() resolves on the response headers, long before the first token.
    expect(sim.stats.inFlight).toBe(5);

    await Promise.all(
      streams.map(async (stream) => {
        for await (const _ of stream);
      }),
    );
    await waitFor(() => sim.stats.inFlight === 0);
    expect(sim.stats.maxInFlight).toBe(5);
    expect(sim.stats.requests).toBe(5);
  });

  it('counts failed requests, and not model listings', async () => {
    await expect(client.chat.completions.create({ model: 'm', messages: user('[sim fail=500]') })).rejects.toThrow();
    await client.models.list();
    await waitFor(() => sim.stats.inFlight === 0);
    expect(sim.stats.requests).toBe(1);
  });

  it('counts an aborted stream out and stops answering it', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages: user('[sim delay=20 tokens=10000]'), stream: true });
    let chunks = 0;
    for await (const _ of stream) {
      if (++chunks === 3) stream.controller.abort();
    }
    await waitFor(() => sim.stats.inFlight === 0);
    expect(chunks).toBe(3);
    // Had its timers kept running, the next 200 s of tokens would hold this server (and Jest) open; close() below proves otherwise.
  });

  it('counts an aborted non-streaming request out', async () => {
    const controller = new AbortController();
    const request = client.chat.completions.create({ model: 'm', messages: user('[sim ttft=60000]') }, { signal: controller.signal });
    await waitFor(() => sim.stats.inFlight === 1);
    controller.abort();
    await expect(request).rejects.toThrow();
    await waitFor(() => sim.stats.inFlight === 0);
  });
});

describe('recorded requests', () => {
  it('keeps method, path, headers and body', async () => {
    const body = { model: 'sim-large', messages: user('record me'), temperature: 0.2 };
    await client.chat.completions.create(body);
    const last = sim.recorded.at(-1);
    expect(last).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body });
    expect(last?.headers.authorization).toBe('Bearer x');
  });

  it('keeps only the last 200', async () => {
    await Promise.all(Array.from({ length: 210 }, () => fetch(`${sim.url}/models`)));
    expect(sim.recorded).toHaveLength(200);
  });
});

describe('Azure OpenAI', () => {
  it('answers on the deployment path with the deployment as the model', async () => {
    const origin = new URL(sim.url).origin;
    const azure = new AzureOpenAI({ endpoint: origin, apiKey: 'k', apiVersion: '2024-10-21', deployment: 'd', maxRetries: 0 });
    const body = { model: 'gpt-4o', messages: user('hello from Azure') };

    const completion = await azure.chat.completions.create(body);
    expect(completion.model).toBe('d');
    expect(completion.choices[0]?.message.content).toBe(simulatedAnswer(body).text);

    const last = sim.recorded.at(-1);
    expect(last?.path).toBe('/openai/deployments/d/chat/completions');
    expect(last?.query['api-version']).toBe('2024-10-21');
    expect(last?.headers['api-key']).toBe('k');

    const stream = await azure.chat.completions.create({ ...body, stream: true });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect(content).toBe(simulatedAnswer(body).text);
  });
});
