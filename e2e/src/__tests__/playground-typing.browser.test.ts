import { join } from 'node:path';
import { startStack, type Stack } from '../index.js';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

/**
 * Typing stays responsive while a long answer streams: 10,000 tokens stream
 * into the page while a message box is typed into, and the input latency of
 * each keystroke is measured in the page and printed. Nothing is asserted
 * about the figures (the machine is shared): that the text arrived, and the
 * stream completed.
 */

let stack: Stack;
let web: DevServer;
let browser: Browser;
let page: Page;
let pageErrors: Error[] = [];

beforeAll(async () => {
  stack = await startStack();
  web = await startDevServer(WEB_ROOT, new URL(stack.gateway.url).origin);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.close();
});

beforeEach(async () => {
  pageErrors = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error));
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
});

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const phase = () => page.getByTestId('run-status').getAttribute('data-phase');

interface Sample {
  /** ms from the keydown (the browser's time of the input) to the next animation frame after its input event. */
  latency: number;
  /** Whether the answer was still streaming when the key was typed. */
  streaming: boolean;
}

describe('typing while a long answer streams', () => {
  it('keeps every keystroke, and the 10,000-token stream completes', async () => {
    await page.goto(web.url);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('model-picker').locator('option', { hasText: 'Local simulator · sim-fast' }).waitFor({ state: 'attached' });

    const prompt = 'Write at length. [sim tokens=10000 delay=1]';
    await page.getByLabel('Message 2 (user)', { exact: true }).fill(prompt);
    const clickedAt = Date.now();
    await page.getByTestId('run-button').click();
    // Into the stream before typing starts.
    await page.waitForFunction(() => (document.querySelector('[data-testid="answer"]')?.textContent ?? '').length > 500, undefined, { timeout: 120_000, polling: 'raf' });
    const streamingAt = Date.now();

    const box = page.getByLabel('Message 1 (system)', { exact: true });
    await box.click();
    // Measured in the page: a keystroke's time is its keydown's timestamp (when the browser took the input,
    // however long the page then kept it waiting), its end the first animation frame after its input event.
    await box.evaluate((element) => {
      const samples: { latency: number; streaming: boolean }[] = [];
      (window as unknown as { __samples: typeof samples }).__samples = samples;
      let keyAt = 0;
      element.addEventListener('keydown', (event) => (keyAt = event.timeStamp), { capture: true });
      element.addEventListener('input', () => {
        const from = keyAt;
        const streaming = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-phase') === 'streaming';
        requestAnimationFrame(() => samples.push({ latency: performance.now() - from, streaming }));
      });
      // Long tasks on the main thread while typing, for the report.
      const longTasks: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = longTasks;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
    });

    const typed = 'The quick brown fox jumps over the lazy dog while the answer streams in. Every key counts here!';
    for (const key of typed) {
      await page.keyboard.press(key === ' ' ? 'Space' : key);
      // About the pace of a fast typist.
      await page.waitForTimeout(25);
    }
    const typedAt = Date.now();
    await screenshotWhileStreaming();

    expect(await box.inputValue()).toBe(typed);
    const samples = (await page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples)) as Sample[];
    const longTasks = (await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks)) as number[];
    const during = samples.filter((s) => s.streaming).map((s) => s.latency).sort((a, b) => a - b);
    const all = samples.map((s) => s.latency).sort((a, b) => a - b);
    const row = (name: string, values: number[]) =>
      values.length
        ? `${name.padEnd(24)} ${String(values.length).padStart(5)} ${percentile(values, 50).toFixed(1).padStart(8)} ${percentile(values, 95).toFixed(1).padStart(8)} ${values.at(-1)!.toFixed(1).padStart(8)}`
        : `${name.padEnd(24)}     0        —        —        —`;
    console.log(
      [
        'Input latency while 10,000 tokens stream (keydown → next animation frame after the input event), ms',
        `${'keystrokes'.padEnd(24)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`,
        row('typed while streaming', during),
        row('all typed', all),
        `long tasks while typing: ${longTasks.length}, longest ${longTasks.length ? Math.max(...longTasks).toFixed(0) : 0} ms, total ${longTasks.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
      ].join('\n'),
    );
    expect(samples).toHaveLength(typed.length);

    await page.waitForSelector('[data-testid="run-status"][data-phase="completed"]', { timeout: 300_000 });
    console.log(`stream: 500 characters after ${streamingAt - clickedAt} ms; typing took ${typedAt - streamingAt} ms; completed ${Date.now() - clickedAt} ms after Run`);
    expect(await page.getByTestId('tokens').textContent()).toMatch(/ 10000 out /);
    expect(((await page.getByTestId('answer').textContent()) ?? '').length).toBeGreaterThan(40_000);
    // Typing went on in the editor, untouched by the stream.
    expect(await box.inputValue()).toBe(typed);
    await expectAccessible(page);
    await shoot('playground-long-answer');
  }, 420_000);
});

async function screenshotWhileStreaming() {
  if ((await phase()) !== 'streaming') return;
  await page.screenshot({ path: join(RESULTS, 'playground-typing-while-streaming.png') });
}
