import { simulatedAnswer } from '@reprise/simulator';
import { Redis } from 'ioredis';
import { collectRunEvents, eventually, REDIS_URL, REQUEST, REQUESTS, START_RUN, startStack, type RunEventResult, type Stack } from '../index.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

interface RequestResult {
  id: string;
  source: string;
  provider: string;
  model: string;
  status: string;
  requestBody: string;
  responseBody: string | null;
  output: string | null;
  error: { kind: string; message: string; status: number | null } | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  latencyMs: number | null;
  ttftMs: number | null;
  runId: string | null;
}

async function startRun(input: Record<string, unknown>) {
  const result = await stack.urql().mutation(START_RUN, { input }).toPromise();
  return result;
}

async function recordOf(runId: string): Promise<RequestResult> {
  const client = stack.urql();
  return eventually(async () => {
    const res = await client.query<{ request: RequestResult | null }>(REQUEST, { id: runId }).toPromise();
    if (res.error) throw res.error;
    return res.data?.request;
  });
}

describe('a playground run through the public endpoint', () => {
  const messages = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Name three rivers.' },
  ];

  let runId: string;
  let events: RunEventResult[];

  beforeAll(async () => {
    const started = await startRun({ model: 'sim-fast', messages, temperature: 0.2, seed: 7 });
    expect(started.error).toBeUndefined();
    runId = started.data.startRun.id;
    events = await collectRunEvents(stack.wsClient(), runId);
  });

  it('streams deltas that add up to the model answer, then completes with usage and timings', () => {
    const expected = simulatedAnswer({ messages }).text;
    expect(events[0]).toMatchObject({ __typename: 'RunStarted', runId, provider: 'simulator', model: 'sim-fast' });
    const deltas = events.filter((e) => e.__typename === 'RunDelta');
    // Tokens that arrive while a delta is being written are joined into the
    // next one, so there are at most as many deltas as tokens.
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    expect(deltas.length).toBeLessThanOrEqual(simulatedAnswer({ messages }).tokens.length);
    expect(deltas.map((d) => d.text).join('')).toBe(expected);

    const last = events.at(-1)!;
    expect(last.__typename).toBe('RunCompleted');
    expect(events.filter((e) => e.__typename === 'RunCompleted')).toHaveLength(1);
    expect(last.message).toEqual({ role: 'assistant', content: expected });
    expect(last.finishReason).toBe('stop');
    expect(last.usage!.completionTokens).toBe(simulatedAnswer({ messages }).tokens.length);
    expect(last.usage!.totalTokens).toBe(last.usage!.promptTokens + last.usage!.completionTokens);
    expect(last.ttftMs).not.toBeNull();
    expect(last.latencyMs).toBeGreaterThanOrEqual(last.ttftMs!);
  });

  it('records the request as sent and the response as received in history', async () => {
    const record = await recordOf(runId);
    expect(record).toMatchObject({ id: runId, runId, source: 'PLAYGROUND', provider: 'simulator', model: 'sim-fast', status: 'COMPLETED' });

    const sent = stack.simulator.recorded.find((r) => JSON.stringify(r.body).includes('Name three rivers'));
    expect(sent).toBeDefined();
    expect(JSON.parse(record.requestBody)).toEqual(sent!.body);
    expect(JSON.parse(record.requestBody)).toMatchObject({ model: 'sim-fast', messages, temperature: 0.2, seed: 7, stream: true });

    const expected = simulatedAnswer({ messages }).text;
    const response = JSON.parse(record.responseBody!);
    expect(response).toMatchObject({
      object: 'chat.completion',
      model: 'sim-fast',
      choices: [{ index: 0, message: { role: 'assistant', content: expected }, finish_reason: 'stop' }],
    });
    const completed = events.at(-1)!;
    expect(response.usage).toEqual({
      prompt_tokens: completed.usage!.promptTokens,
      completion_tokens: completed.usage!.completionTokens,
      total_tokens: completed.usage!.totalTokens,
    });
    expect(record.output).toBe(expected);
    expect(record.usage).toEqual(completed.usage);
    expect(record.ttftMs).toBe(completed.ttftMs);
    expect(record.latencyMs).toBe(completed.latencyMs);
  });

  it('replays every event, in order, to a subscriber that connects after the run ended', async () => {
    await recordOf(runId);
    const late = await collectRunEvents(stack.wsClient(), runId);
    expect(late).toEqual(events);
  });

  it('keeps the ended run\'s event stream only for the configured time', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const ttl = await redis.ttl(stack.keys.runStream(runId));
      // The stack sets streamTtlSeconds: 600; while live the stream is kept 24 h.
      expect(ttl).toBeGreaterThan(500);
      expect(ttl).toBeLessThanOrEqual(600);
    } finally {
      redis.disconnect();
    }
  });

  it('resumes after the last event id a subscriber saw, without repeating it', async () => {
    const resumed = await collectRunEvents(stack.wsClient(), runId, events[2]!.id);
    expect(resumed).toEqual(events.slice(3));
  });
});

describe('a provider failure', () => {
  it('ends the run failed with the provider message, recorded once', async () => {
    const messages = [{ role: 'user', content: 'Please fail [sim fail=400]' }];
    const started = await startRun({ model: 'sim-fast', messages });
    const runId = started.data.startRun.id;
    const events = await collectRunEvents(stack.wsClient(), runId);

    expect(events.map((e) => e.__typename)).toEqual(['RunStarted', 'RunFailed']);
    const failed = events[1]!;
    expect(failed.error!.kind).toBe('INVALID_REQUEST');
    expect(failed.error!.status).toBe(400);
    const providerMessage = await fetch(`${stack.simulator.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-fast', messages }),
    }).then((r) => r.json() as Promise<{ error: { message: string } }>);
    expect(failed.error!.message).toBe(providerMessage.error.message);

    const record = await recordOf(runId);
    expect(record).toMatchObject({ status: 'FAILED', error: { kind: 'INVALID_REQUEST', message: failed.error!.message, status: 400 } });
    expect(record.responseBody).toBeNull();
    // Give a duplicate delivery time to land, then count what history holds for this run.
    await new Promise((r) => setTimeout(r, 300));
    expect(await stack.history.connection.collection('requests').countDocuments({ runId })).toBe(1);
  });
});

describe('bad input', () => {
  const valid = { model: 'sim-fast', messages: [{ role: 'user', content: 'hi' }] };
  const cases: [string, Record<string, unknown>, string][] = [
    ['no messages', { model: 'sim-fast' }, 'input.messages'],
    ['an empty message list', { model: 'sim-fast', messages: [] }, 'input.messages'],
    ['an unknown role', { ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'wizard', content: 'b' }] }, 'input.messages.1.role'],
    ['temperature 7', { ...valid, temperature: 7 }, 'input.temperature'],
    ['topP above 1', { ...valid, topP: 1.5 }, 'input.topP'],
    ['no model', { messages: valid.messages }, 'input.model'],
    ['a message past the size limit', { ...valid, messages: [{ role: 'user', content: 'x'.repeat(256 * 1024 + 1) }] }, 'input.messages.0.content'],
    ['an unknown provider', { ...valid, provider: 'nope' }, 'input.provider'],
  ];

  it.each(cases)('refuses %s with BAD_USER_INPUT naming the field, queueing nothing', async (_name, input, field) => {
    const before = await stack.queuedRunCount();
    const result = await startRun(input);
    expect(result.data?.startRun ?? null).toBeNull();
    const error = result.error!.graphQLErrors[0]!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toContain(field);
    expect(await stack.queuedRunCount()).toBe(before);
  });
});

describe('the history list', () => {
  it('returns every run newest first, a page at a time, with keyset cursors', async () => {
    const client = stack.urql();
    for (const content of ['first of three', 'second of three', 'third of three']) {
      const started = await startRun({ model: 'sim-large', messages: [{ role: 'user', content }] });
      await collectRunEvents(stack.wsClient(), started.data.startRun.id);
      await recordOf(started.data.startRun.id);
    }
    type Page = { requests: { edges: { cursor: string; node: { id: string; output: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const all = await client.query<Page>(REQUESTS, { first: 50 }).toPromise();
    const ids = all.data!.requests.edges.map((e) => e.node.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(all.data!.requests.pageInfo.hasNextPage).toBe(false);

    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: Page } = await client.query<Page>(REQUESTS, { first: 2, after }).toPromise();
      paged.push(...page.data!.requests.edges.map((e) => e.node.id));
      if (!page.data!.requests.pageInfo.hasNextPage) break;
      after = page.data!.requests.pageInfo.endCursor;
    }
    expect(paged).toEqual(ids);
    // Newest first: the three runs just made lead, in reverse order of start.
    const outputs = all.data!.requests.edges.slice(0, 3).map((e) => e.node.output);
    expect(outputs).toEqual(
      ['third of three', 'second of three', 'first of three'].map((c) => simulatedAnswer({ messages: [{ role: 'user', content: c }] }).text),
    );
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await stack.urql().query(REQUESTS, { first: 2, after: 'bm9wZQ' }).toPromise();
    expect(res.error!.graphQLErrors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
