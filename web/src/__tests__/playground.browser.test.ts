import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startStack, type Stack } from '@reprise/gateway/testing';
import { simulatedAnswer } from '@reprise/simulator';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDevServer, type DevServer } from './support/dev-server';

// Debian's Chromium: browsers that test tools download do not run on these machines.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WEB_ROOT = join(import.meta.dirname, '../..');
const RESULTS = join(WEB_ROOT, 'test-results');

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
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's package first: apt-get install -y chromium`);
  }
  stack = await startStack();
  // The app's own dev server and Vite config, its /graphql proxy aimed at this test's gateway.
  web = await startDevServer(WEB_ROOT, new URL(stack.gateway.url).origin);
  webUrl = web.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  await mkdir(RESULTS, { recursive: true });
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

/** Clicks Run and returns the startRun request the page sent. */
async function run(prompt: string, system?: string) {
  if (system !== undefined) await page.getByTestId('system-prompt').fill(system);
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  const startRun = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/graphql') && (r.postData() ?? '').includes('StartRun'));
  await page.getByTestId('run-button').click();
  return startRun;
}

const inputOf = (request: Awaited<ReturnType<typeof run>>) =>
  (request.postDataJSON() as { variables: { input: { model: string; messages: { role: string; content: string }[] } } }).variables.input;

const phase = () => page.getByTestId('run-status').getAttribute('data-phase');
const waitForPhase = (value: string) => page.waitForSelector(`[data-testid="run-status"][data-phase="${value}"]`);

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
    await page.screenshot({ path: join(RESULTS, 'signin.png'), fullPage: true });

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
    await page.screenshot({ path: join(RESULTS, 'signin-refused.png'), fullPage: true });
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
    await page.screenshot({ path: join(RESULTS, 'signed-out.png'), fullPage: true });

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
    await page.screenshot({ path: join(RESULTS, 'signin-revoked.png'), fullPage: true });

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
    expect(await page.getByTestId('answer').textContent()).toBe(expected.text);
    expect(await page.getByTestId('run-status').textContent()).toBe('Completed');
    expect(await page.getByTestId('finish-reason').textContent()).toBe('stop');
    expect(await page.getByTestId('tokens').textContent()).toMatch(new RegExp(`^\\d+ in · ${expected.tokens.length} out · \\d+ total$`));
    expect(await page.getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);
    expect(await page.getByTestId('ttft').textContent()).toMatch(/^[\d,]+ ms$/);

    // The key went in connection_init, the socket's first message.
    expect(JSON.parse(sentFrames[0]!)).toEqual({ type: 'connection_init', payload: { authorization: `Bearer ${stack.apiKey}` } });

    await page.screenshot({ path: join(RESULTS, 'playground.png'), fullPage: true });
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

    await page.screenshot({ path: join(RESULTS, 'playground-failed.png'), fullPage: true });
  });
});
