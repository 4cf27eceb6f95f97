import { join } from 'node:path';
import { startStack, type Stack } from '../index.js';
import { simulatedAnswer } from '@reprise/simulator';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

// What the page says, word for word (features/auth).
const EXPLANATION = 'Paste the API key the start command printed';
const REFUSED = 'This API key is unknown or revoked';
const SIGNED_OUT_NOTICE = /^You were signed out: the gateway no longer accepts your API key/;
const STORAGE_KEY = 'reprise.apiKey';

let stack: Stack;
let web: DevServer;
let browser: Browser;
let webUrl: string;
let page: Page;
let pageErrors: Error[] = [];

beforeAll(async () => {
  stack = await startStack();
  // The app's own dev server and Vite config, its /graphql proxy aimed at this test's gateway.
  web = await startDevServer(WEB_ROOT, new URL(stack.gateway.url).origin);
  webUrl = web.url;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.close();
});

beforeEach(async () => {
  // A new page is a new browser context: nothing stored from the last test.
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(webUrl);
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
});

/** The page at 1280 and 1920 pixels wide, in light and dark theme, from the top. */
async function shoot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(RESULTS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

const signInForm = () => page.getByTestId('signin-form');
const modelPicker = () => page.getByTestId('model-picker');
const storedKey = () => page.evaluate((name) => localStorage.getItem(name), STORAGE_KEY);

/** Types the key and clicks Sign in; returns the check's request (POST /graphql). */
async function submitKey(apiKey: string) {
  await page.getByLabel('API key').fill(apiKey);
  const check = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/graphql'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  return check;
}

/** Signs in, then waits for the picker to fill from the gateway's `models` query and picks sim-fast. */
async function signIn(apiKey = stack.apiKey) {
  await submitKey(apiKey);
  await modelPicker().locator('option', { hasText: 'Local simulator · sim-fast' }).waitFor({ state: 'attached' });
  await page.getByLabel('Model').selectOption({ label: 'Local simulator · sim-fast' });
}

/** Writes the system prompt (the editor's first message) and the prompt (its second), clicks Run and returns the startRun request the page sent. */
async function run(prompt: string, system?: string) {
  if (system !== undefined) await page.getByLabel('Message 1 (system)').fill(system);
  await page.getByLabel('Message 2 (user)').fill(prompt);
  const startRun = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/graphql') && (r.postData() ?? '').includes('StartRun'));
  await page.getByTestId('run-button').click();
  return startRun;
}

const inputOf = (request: Awaited<ReturnType<typeof run>>) =>
  (request.postDataJSON() as { variables: { input: { model: string; messages: { role: string; content: string }[] } } }).variables.input;

const phase = () => page.getByTestId('run-status').getAttribute('data-phase');
const waitForPhase = (value: string) => page.waitForSelector(`[data-testid="run-status"][data-phase="${value}"]`);
/** The answer's text as the reader sees it: markdown's blocks laid out, spaces as in the text. */
const answerText = async () => ((await page.getByTestId('answer').textContent()) ?? '').trim();

/** Resolves with the page's answer once it shows more than `length` characters while streaming. */
async function waitForStreamedText(length: number) {
  const handle = await page.waitForFunction(
    (min) => {
      const status = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-phase');
      const text = document.querySelector('[data-testid="answer"]')?.textContent ?? '';
      return status === 'streaming' && text.length > min ? text : null;
    },
    length,
    { polling: 'raf' },
  );
  return (await handle.jsonValue()) as string;
}

interface ScriptedSubscription {
  runId: string;
  /** Sends one run event (without id and runId, which are filled in) as the gateway would. */
  send(event: Record<string, unknown>): void;
}

/**
 * Stands in for the gateway's socket, so that a test can send events the
 * simulator cannot produce through this page (tool calls, cost, schema
 * checks). startRun still goes to the real gateway over HTTP.
 */
async function scriptRunEvents() {
  const subscriptions: ScriptedSubscription[] = [];
  await page.routeWebSocket(
    (url) => url.pathname === '/graphql',
    (ws) => {
      ws.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: { variables?: { runId?: string } } };
        if (message.type === 'connection_init') ws.send(JSON.stringify({ type: 'connection_ack' }));
        if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
        if (message.type === 'subscribe') {
          const { id } = message;
          const runId = message.payload!.variables!.runId!;
          let seq = 0;
          subscriptions.push({
            runId,
            send: (event) => ws.send(JSON.stringify({ type: 'next', id, payload: { data: { runEvents: { ...event, id: `1-${seq++}`, runId } } } })),
          });
        }
      });
    },
  );
  /** The page's subscription to `runId` (the latest: React's StrictMode may subscribe twice). */
  return async (runId: string): Promise<ScriptedSubscription> => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const found = subscriptions.filter((s) => s.runId === runId).at(-1);
      if (found) return found;
    }
    throw new Error(`The page did not subscribe to run ${runId}`);
  };
}

/** The id the gateway gave the run that `request` (startRun) started. */
const startedRunId = async (request: Awaited<ReturnType<typeof run>>) =>
  ((await (await request.response())!.json()) as { data: { startRun: { id: string } } }).data.startRun.id;

/** Revokes a key through the gateway, as a user would: the gateway forgets it at once. */
async function revokeThroughGateway(apiKey: string) {
  const client = stack.urql(apiKey);
  const keys = await client.query<{ apiKeys: { id: string; revokedAt: string | null }[] }>('query { apiKeys { id revokedAt } }', {}).toPromise();
  const live = keys.data!.apiKeys.filter((k) => k.revokedAt === null);
  expect(live).toHaveLength(1);
  const revoked = await client.mutation('mutation Revoke($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', { id: live[0]!.id }).toPromise();
  expect(revoked.error).toBeUndefined();
}

describe('sign-in', () => {
  it('asks for the API key the start command printed, and refuses a wrong one', async () => {
    await signInForm().waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await signInForm().textContent()).toContain(EXPLANATION);
    expect(await page.getByLabel('API key').getAttribute('type')).toBe('password');
    expect(await modelPicker().count()).toBe(0);
    await expectAccessible(page);
    await shoot('signin');

    const wrongKey = `rp_${'x'.repeat(43)}`;
    const check = await submitKey(wrongKey);
    expect(check.headers()['authorization']).toBe(`Bearer ${wrongKey}`);
    await page.getByTestId('signin-error').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(REFUSED);

    // Still the sign-in screen, nothing kept, no playground.
    expect(await signInForm().isVisible()).toBe(true);
    expect(await modelPicker().count()).toBe(0);
    expect(await page.getByTestId('signout-button').count()).toBe(0);
    expect(await storedKey()).toBeNull();
    await expectAccessible(page);
    await shoot('signin-refused');
  });

  it('refuses a revoked key', async () => {
    const { workspaceId, apiKey } = await stack.newWorkspace('revoked');
    const [key] = await stack.history.apiKeys.list(workspaceId);
    await stack.history.apiKeys.revoke(workspaceId, key!.id);

    await submitKey(apiKey);
    await page.getByTestId('signin-error').waitFor();
    expect(await page.getByTestId('signin-error').textContent()).toBe(REFUSED);
    expect(await modelPicker().count()).toBe(0);
    expect(await storedKey()).toBeNull();
  });

  it('keeps the key across reloads until Sign out, which returns to the sign-in screen', async () => {
    await signIn();
    expect(await storedKey()).toBe(stack.apiKey);
    expect(await signInForm().count()).toBe(0);

    // Reloaded: straight to the playground with the stored key.
    await page.reload();
    await modelPicker().locator('option', { hasText: 'Local simulator · sim-fast' }).waitFor({ state: 'attached' });
    expect(await signInForm().count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInForm().waitFor();
    expect(await modelPicker().count()).toBe(0);
    expect(await storedKey()).toBeNull();
    // Signed out by choice: no message about refused keys.
    expect(await page.getByTestId('signin-notice').count()).toBe(0);
    await expectAccessible(page);
    await shoot('signed-out');

    await page.reload();
    await signInForm().waitFor();
    expect(await modelPicker().count()).toBe(0);
  });

  it('returns to the sign-in screen with a message when the key is revoked meanwhile', async () => {
    const { apiKey } = await stack.newWorkspace('revoked meanwhile');
    await signIn(apiKey);
    await revokeThroughGateway(apiKey);

    // The next request (startRun) is refused with UNAUTHENTICATED.
    await run('Hello? [sim delay=5]');
    await page.getByTestId('signin-notice').waitFor();
    expect(await page.getByTestId('signin-notice').textContent()).toMatch(SIGNED_OUT_NOTICE);
    expect(await page.getByRole('status').count()).toBe(1);
    expect(await modelPicker().count()).toBe(0);
    expect(await storedKey()).toBeNull();
    await expectAccessible(page);
    await shoot('signin-revoked');

    // Signing in again with a good key clears the message.
    await signIn();
    expect(await page.getByTestId('signin-notice').count()).toBe(0);
    expect(await storedKey()).toBe(stack.apiKey);
  });

  it('returns to the sign-in screen when the stored key was revoked while the page was closed', async () => {
    const { workspaceId, apiKey } = await stack.newWorkspace('revoked while away');
    const [key] = await stack.history.apiKeys.list(workspaceId);
    await stack.history.apiKeys.revoke(workspaceId, key!.id);
    await page.evaluate(([name, value]) => localStorage.setItem(name!, value!), [STORAGE_KEY, apiKey]);

    // The playground's first query (models) is refused.
    await page.reload();
    await page.getByTestId('signin-notice').waitFor();
    expect(await page.getByTestId('signin-notice').textContent()).toMatch(SIGNED_OUT_NOTICE);
    expect(await storedKey()).toBeNull();
  });

  it('returns to the sign-in screen when the WebSocket is closed with 4401', async () => {
    // A stand-in for the gateway's socket that refuses whatever key connection_init carries.
    const initMessages: unknown[] = [];
    await page.routeWebSocket(
      (url) => url.pathname === '/graphql',
      (ws) => {
        ws.onMessage((message) => {
          initMessages.push(JSON.parse(String(message)));
          ws.close({ code: 4401, reason: `UNAUTHENTICATED: ${REFUSED}` });
        });
      },
    );
    await signIn();
    await run('Hello [sim delay=5]');

    await page.getByTestId('signin-notice').waitFor();
    expect(await page.getByTestId('signin-notice').textContent()).toMatch(SIGNED_OUT_NOTICE);
    expect(await storedKey()).toBeNull();
    expect(initMessages).toEqual([{ type: 'connection_init', payload: { authorization: `Bearer ${stack.apiKey}` } }]);
  });
});

describe('playground', () => {
  beforeEach(() => signIn());

  it('streams the answer into the page, then shows the finish reason, tokens and timings', async () => {
    // What the page sends on its graphql-ws socket.
    const sentFrames: string[] = [];
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname === '/graphql') ws.on('framesent', (frame) => sentFrames.push(String(frame.payload)));
    });

    const request = await run('Tell me about tides. [sim delay=30]', 'You answer in one paragraph.');
    expect(request.headers()['authorization']).toBe(`Bearer ${stack.apiKey}`);
    const input = inputOf(request);
    expect(input.model).toBe('sim-fast');
    expect(input.messages).toEqual([
      { role: 'system', content: 'You answer in one paragraph.' },
      { role: 'user', content: 'Tell me about tides. [sim delay=30]' },
    ]);
    const expected = simulatedAnswer({ messages: input.messages });

    // Tokens arrive 30 ms apart, so the page must show part of the answer while still streaming.
    const partial = await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-phase');
        const text = document.querySelector('[data-testid="answer"]')?.textContent ?? '';
        return status === 'streaming' && text.length > 0 ? text : null;
      },
      undefined,
      { polling: 'raf' },
    );
    const partialText = (await partial.jsonValue()) as string;
    expect(partialText.length).toBeLessThan(expected.text.length);
    expect(expected.text.startsWith(partialText)).toBe(true);
    // For a look at the page mid-stream (not asserted: the stream may end while it is taken).
    await page.screenshot({ path: join(RESULTS, 'playground-streaming.png') });

    await waitForPhase('completed');
    expect(await answerText()).toBe(expected.text);
    expect(await page.getByTestId('run-status').textContent()).toBe('Completed');
    expect(await page.getByTestId('finish-reason').textContent()).toBe('stop');
    expect(await page.getByTestId('tokens').textContent()).toMatch(new RegExp(`^\\d+ in · ${expected.tokens.length} out · \\d+ total$`));
    expect(await page.getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);
    expect(await page.getByTestId('ttft').textContent()).toMatch(/^[\d,]+ ms$/);

    // The key went in connection_init, the socket's first message.
    expect(JSON.parse(sentFrames[0]!)).toEqual({ type: 'connection_init', payload: { authorization: `Bearer ${stack.apiKey}` } });

    await expectAccessible(page);
    await shoot('playground');
  });

  it("shows a failed run's error kind and the provider's message", async () => {
    const input = inputOf(await run('Please fail [sim fail=400]'));
    expect(input.messages).toEqual([{ role: 'user', content: 'Please fail [sim fail=400]' }]);
    // What the provider itself answers this request with, to compare word for word.
    const provider = (await fetch(`${stack.simulator.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-fast', messages: input.messages }),
    }).then((r) => r.json())) as { error: { message: string } };

    await waitForPhase('failed');
    expect(await phase()).toBe('failed');
    expect(await page.getByTestId('error-kind').textContent()).toBe('INVALID_REQUEST');
    expect(await page.getByTestId('error-message').textContent()).toBe(provider.error.message);
    expect(await page.getByRole('alert').textContent()).toContain('HTTP 400');
    // A run's failure is not a refused key: still signed in.
    expect(await storedKey()).toBe(stack.apiKey);

    await expectAccessible(page);
    await shoot('playground-failed');
  });
  it('stops a run with Stop: the status shows Cancelled and the text streamed so far stays', async () => {
    const input = inputOf(await run('Tell me a long story. [sim delay=60 tokens=300]'));
    const expected = simulatedAnswer({ messages: input.messages });

    // 300 tokens 60 ms apart: some 18 s of streaming, stopped after a few words.
    const before = await waitForStreamedText(30);
    expect(await page.getByTestId('stop-button').isVisible()).toBe(true);
    await page.getByTestId('stop-button').click();

    await waitForPhase('cancelled');
    expect(await page.getByTestId('run-status').textContent()).toBe('Cancelled');
    const partial = await answerText();
    expect(partial.startsWith(before)).toBe(true);
    expect(partial.length).toBeLessThan(expected.text.length);
    expect(expected.text.startsWith(partial)).toBe(true);
    expect(await page.getByTestId('stop-button').count()).toBe(0);
    expect(await page.getByTestId('run-button').isEnabled()).toBe(true);
    expect(await page.getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);

    // Half a second is 8 more tokens, had the run gone on.
    await page.waitForTimeout(500);
    expect(await answerText()).toBe(partial);
    expect(await phase()).toBe('cancelled');

    await expectAccessible(page);
    await shoot('playground-cancelled');
  });

  it('shows a retry while it waits, then the next attempt’s answer', async () => {
    // Answered 429 once, with Retry-After: 1, then normally.
    const input = inputOf(await run('Rate limit me once. [sim fail=429 fail-times=1 retry-after=1]'));
    const expected = simulatedAnswer({ messages: input.messages });

    await waitForPhase('retrying');
    expect(await page.getByTestId('run-status').textContent()).toBe('Retrying (attempt 2) after RATE_LIMITED…');
    // The provider's own words, as the retry is announced.
    expect(await page.getByTestId('run-retry').textContent()).toMatch(/^Attempt 1 failed with RATE_LIMITED \(HTTP 429\): .+\. Trying again in \S+ m?s\.$/);
    expect(await page.getByTestId('stop-button').isVisible()).toBe(true);
    // Only a second long: one picture, and the check while it lasts.
    await page.screenshot({ path: join(RESULTS, 'playground-retrying.png'), fullPage: true });
    await expectAccessible(page);

    await waitForPhase('completed');
    expect(await answerText()).toBe(expected.text);
    expect(await page.getByTestId('retries').textContent()).toBe('1');
  });

  it('drops the text of an attempt cut mid-stream, and shows only the next attempt’s', async () => {
    // The connection is cut after 5 chunks the first time; the retry streams the whole answer again.
    const input = inputOf(await run('Cut me off once. [sim delay=20 drop-after=5 fail-times=1]'));
    const expected = simulatedAnswer({ messages: input.messages });

    await waitForPhase('completed');
    expect(await answerText()).toBe(expected.text);
  });

  it('shows tool calls as cards whose arguments stream in, pretty-printed once the run completes, with the cost', async () => {
    const subscriptionTo = await scriptRunEvents();
    const runId = await startedRunId(await run('What is the weather in Paris?'));
    const events = await subscriptionTo(runId);

    events.send({ __typename: 'RunStarted', provider: 'simulator', model: 'sim-fast' });
    events.send({ __typename: 'RunToolCallDelta', index: 0, callId: 'call_1', name: 'get_weather', arguments: null });
    events.send({ __typename: 'RunToolCallDelta', index: 0, callId: null, name: null, arguments: '{"city":"Pa' });
    await page.getByTestId('tool-call').waitFor();
    // A card per call, its arguments growing as they stream.
    expect(await page.getByTestId('tool-call-name').textContent()).toBe('get_weather');
    expect(await page.getByTestId('tool-call-arguments').textContent()).toBe('{"city":"Pa');

    events.send({ __typename: 'RunToolCallDelta', index: 0, callId: null, name: null, arguments: 'ris","unit":"celsius"}' });
    events.send({ __typename: 'RunToolCallDelta', index: 1, callId: 'call_2', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' });
    const call = (id: string, name: string, args: string) => ({ __typename: 'ToolCall', id, type: 'function', function: { __typename: 'FunctionCall', name, arguments: args } });
    events.send({
      __typename: 'RunCompleted',
      message: {
        __typename: 'AssistantMessage',
        content: null,
        toolCalls: [call('call_1', 'get_weather', '{"city":"Paris","unit":"celsius"}'), call('call_2', 'get_time', '{"tz":"Europe/Paris"}')],
      },
      finishReason: 'tool_calls',
      usage: { __typename: 'Usage', promptTokens: 57, completionTokens: 41, totalTokens: 98 },
      cost: 0.000123,
      structuredOutput: null,
      latencyMs: 812,
      ttftMs: 240,
    });

    await waitForPhase('completed');
    expect(await page.getByTestId('tool-call-name').allTextContents()).toEqual(['get_weather', 'get_time']);
    expect(await page.getByTestId('tool-call-arguments').allTextContents()).toEqual(['{\n  "city": "Paris",\n  "unit": "celsius"\n}', '{\n  "tz": "Europe/Paris"\n}']);
    expect(await page.getByTestId('cost').textContent()).toBe('$0.000123');
    expect(await page.getByTestId('finish-reason').textContent()).toBe('tool_calls');
    expect(await page.getByTestId('structured-output').count()).toBe(0);
    await expectAccessible(page);
    await shoot('playground-tool-calls');
  });

  it('says whether JSON output matches the schema', async () => {
    const subscriptionTo = await scriptRunEvents();
    const completed = (content: string, structuredOutput: { valid: boolean; error: string | null }) => ({
      __typename: 'RunCompleted',
      message: { __typename: 'AssistantMessage', content, toolCalls: null },
      finishReason: 'stop',
      usage: null,
      cost: null,
      structuredOutput: { __typename: 'StructuredOutputCheck', ...structuredOutput },
      latencyMs: 20,
      ttftMs: 5,
    });

    const valid = await subscriptionTo(await startedRunId(await run('Answer in JSON.')));
    valid.send({ __typename: 'RunStarted', provider: 'simulator', model: 'sim-fast' });
    valid.send(completed('{"answer":42}', { valid: true, error: null }));
    await waitForPhase('completed');
    expect(await page.getByTestId('structured-output').textContent()).toBe('JSON ✓ matches schema');
    // No price known for the model: said so rather than left out.
    expect(await page.getByTestId('cost').textContent()).toBe('unknown');

    const invalid = await subscriptionTo(await startedRunId(await run('Answer in JSON, badly.')));
    invalid.send({ __typename: 'RunStarted', provider: 'simulator', model: 'sim-fast' });
    invalid.send(completed('{"answer":"forty-two"}', { valid: false, error: '/answer: must be number' }));
    await page.getByTestId('answer').filter({ hasText: 'forty-two' }).waitFor();
    expect(await page.getByTestId('structured-output').textContent()).toBe('JSON ✗ /answer: must be number');
    await expectAccessible(page);
    await shoot('playground-structured-output');
  });
});
