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

let stack: Stack;
let web: DevServer;
let browser: Browser;
let webUrl: string;
let page: Page;
const pageErrors: Error[] = [];

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
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(webUrl);
  // The picker fills from the gateway's `models` query.
  await page.getByTestId('model-picker').locator('option', { hasText: 'Local simulator · sim-fast' }).waitFor({ state: 'attached' });
  await page.getByLabel('Model').selectOption({ label: 'Local simulator · sim-fast' });
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
});

/** Clicks Run and returns the messages the page sent in its startRun mutation. */
async function run(prompt: string, system?: string) {
  if (system !== undefined) await page.getByTestId('system-prompt').fill(system);
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  const startRun = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/graphql') && (r.postData() ?? '').includes('StartRun'));
  await page.getByTestId('run-button').click();
  const body = (await startRun).postDataJSON() as { variables: { input: { model: string; messages: { role: string; content: string }[] } } };
  return body.variables.input;
}

const phase = () => page.getByTestId('run-status').getAttribute('data-phase');
const waitForPhase = (value: string) => page.waitForSelector(`[data-testid="run-status"][data-phase="${value}"]`);

it('streams the answer into the page, then shows the finish reason, tokens and timings', async () => {
  const input = await run('Tell me about tides. [sim delay=30]', 'You answer in one paragraph.');
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

  await page.screenshot({ path: join(RESULTS, 'playground.png'), fullPage: true });
});

it("shows a failed run's error kind and the provider's message", async () => {
  const input = await run('Please fail [sim fail=400]');
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

  await page.screenshot({ path: join(RESULTS, 'playground-failed.png'), fullPage: true });
});
