import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simulatedAnswer } from '@reprise/simulator';
import type { Browser, Page } from 'playwright-core';
import { eventually, startStack, type Stack } from '../index.js';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

const LOG_MANY = `mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`;
const START = `mutation ($selection: ReplaySelection!, $options: BulkReplayOptions, $overrides: ReplayOverrides) {
  startBulkReplay(selection: $selection, options: $options, overrides: $overrides) { id } }`;
const RESULT_COUNT = `query ($id: ID!, $after: String) { batchResults(batchId: $id, first: 200, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }`;

let stack: Stack;
let web: DevServer;
let browser: Browser;
let page: Page;
let pageErrors: Error[] = [];
/** The batches the main workspace's tests started, by test. */
const started: { support?: string; slow?: string } = {};

interface Chat {
  tags: string[];
  model: string;
  messages: { role: string; content: string }[];
  /** The logged answer; the simulator's own answer makes a replay that is unchanged. */
  answer?: string;
  /** A logged tool call instead of text (the request then offers get_weather). */
  toolCall?: { city: string };
}

const WEATHER_TOOL = {
  type: 'function',
  function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/** A chat request and its completion as an app's SDK logs them, to a provider this workspace does not have. */
function logInput(chat: Chat, i: number) {
  const requestBody = JSON.stringify({ model: chat.model, messages: chat.messages, ...(chat.toolCall ? { tools: [WEATHER_TOOL] } : {}) });
  const message = chat.toolCall
    ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(chat.toolCall) } }] }
    : { role: 'assistant', content: chat.answer };
  const responseBody = JSON.stringify({
    id: `chatcmpl-${i}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: chat.model,
    choices: [{ index: 0, message, finish_reason: chat.toolCall ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 24, completion_tokens: 12, total_tokens: 36 },
  });
  const startedAt = new Date(Date.now() - 120_000 + i * 1_000);
  // Latencies spread from 300 to 840 ms, so that the replays' changes spread too.
  const latencyMs = 300 + (i % 7) * 90;
  return { provider: 'openai', requestBody, responseBody, startedAt: startedAt.toISOString(), endedAt: new Date(startedAt.getTime() + latencyMs).toISOString(), latencyMs, tags: chat.tags };
}

const user = (content: string) => [
  { role: 'system', content: 'You are a support agent. Answer in two sentences.' },
  { role: 'user', content },
];

/**
 * 30 requests: 14 support questions (4 answered exactly as the simulator will
 * answer them again, 2 that fail once with a 400), 6 tool calls, and 10 slow
 * ones (the simulator waits 200 ms between tokens for them).
 */
function corpus(): Chat[] {
  const support: Chat[] = Array.from({ length: 14 }, (_, i) => {
    const messages = user(`Question ${i}: how do I ${['reset my password', 'change my plan', 'export my data', 'close my account'][i % 4]}?${i >= 12 ? ' [sim fail=400 fail-times=1]' : ''}`);
    const unchanged = i < 4;
    return {
      tags: i % 3 === 0 ? ['support', 'billing'] : ['support'],
      model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini',
      messages,
      answer: unchanged ? simulatedAnswer({ messages }).text : `Go to Settings, then Account, and follow step ${i}. Write to us if it does not work.`,
    };
  });
  const tools: Chat[] = Array.from({ length: 6 }, (_, i) => ({
    tags: ['tools'],
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `[sim tool] What is the weather in Oslo today? (${i})` }],
    toolCall: { city: 'Oslo' },
  }));
  const slow: Chat[] = Array.from({ length: 10 }, (_, i) => ({
    tags: ['slow'],
    model: 'gpt-4o',
    messages: user(`Slow question ${i} [sim delay=200]`),
    answer: `A slow answer ${i}.`,
  }));
  return [...support, ...tools, ...slow];
}

beforeAll(async () => {
  stack = await startStack();
  web = await startDevServer(WEB_ROOT, new URL(stack.gateway.url).origin);
  browser = await launchChromium();
  const res = await stack.graphql(LOG_MANY, { inputs: corpus().map(logInput) });
  expect(res.errors).toBeUndefined();
  // A provider of the workspace's own with prices, so that costs and the budget show real figures: the simulator behind it.
  const provider = await stack.graphql(`mutation ($input: CreateProviderInput!) { createProvider(input: $input) { id } }`, {
    input: { name: 'Priced simulator', kind: 'openai-compatible', baseURL: stack.simulator.url, models: [{ id: 'sim-large', inputPricePerM: 1000, outputPricePerM: 1000 }] },
  });
  expect(provider.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
});

async function signInAt(path: string, apiKey = stack.apiKey) {
  await page.goto(new URL(path, web.url).href);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The page as it is now, at 1280 and 1920 pixels wide, in the light and the
 * dark theme; axe-core checks it in both themes (contrast differs).
 */
async function shoot(name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    await expectAccessible(page);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(RESULTS, `bulk-replay-${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const filterUrl = (filter: Record<string, unknown>) => `/batches/new?filter=${encodeURIComponent(JSON.stringify(filter))}`;
const estimateCount = () => page.getByTestId('estimate-count');
const status = () => page.getByTestId('batch-status');
const progress = () => page.getByRole('progressbar', { name: 'Replays ended' });
const legendCount = async (state: string) => Number(await page.locator(`.batch-legend__item[data-state="${state}"] strong`).textContent());
const results = () => page.getByRole('region', { name: 'Results' });
const cards = () => results().getByRole('article');

async function resultTotal(id: string): Promise<number> {
  let after: string | null = null;
  let n = 0;
  for (;;) {
    const res: { data?: any } = await stack.graphql(RESULT_COUNT, { id, after });
    n += res.data.batchResults.edges.length;
    if (!res.data.batchResults.pageInfo.hasNextPage) return n;
    after = res.data.batchResults.pageInfo.endCursor;
  }
}

describe('bulk replay pages', () => {
  it('estimates a History filter, starts it against sim-fast, follows it to the end, retries the failed and compares every answer', async () => {
    await signInAt(filterUrl({ tagsAny: ['support', 'tools'] }));
    await expect(page.getByTestId('selection-words').textContent()).resolves.toContain('Requests: tagged support or tools');
    await page.getByTestId('estimate-count').filter({ hasText: '20' }).waitFor();
    const estimate = page.getByRole('region', { name: 'Estimate' });
    await estimate.getByText('20 × Local simulator · sim-fast').waitFor();
    await expect(page.getByTestId('selection-words').textContent()).resolves.toContain('— 20 requests');

    // The model list filters as one types; the default model stays chosen.
    const target = page.getByLabel('Replay with', { exact: true });
    await expect(target.inputValue()).resolves.toBe(JSON.stringify(['simulator', 'sim-fast']));
    await page.getByLabel('Filter models (Replay with)').fill('large');
    await page.getByText('2 of 3 models match.').waitFor();
    await page.getByLabel('Filter models (Replay with)').fill('');

    // A refusal from the API, beside the field it names, before anything starts.
    await page.getByLabel('Temperature').fill('5');
    const temperatureIssue = page.locator('#override-temperature-issue');
    await temperatureIssue.waitFor();
    expect(await temperatureIssue.textContent()).toMatch(/2/);
    await expect(page.getByLabel('Temperature').getAttribute('aria-invalid')).resolves.toBe('true');
    await shoot('new-refused');
    await page.getByLabel('Temperature').fill('0.3');
    await temperatureIssue.waitFor({ state: 'detached' });

    await page.getByLabel('Name').fill('Support on sim-fast');
    await page.getByLabel('Maximum concurrency').fill('2');
    // No budget here: with a judge as well, the runner stalls the batch after its first replays (see the report).
    await page.getByLabel('Score each replay with a judge model').check();
    await expect(page.getByLabel('Judge model', { exact: true }).inputValue()).resolves.toBe(JSON.stringify(['simulator', 'sim-fast']));
    await estimate.getByText('Updating…').waitFor({ state: 'detached' });
    await shoot('new');

    await page.getByRole('button', { name: 'Start bulk replay' }).click();
    await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
    started.support = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Support on sim-fast' }).waitFor();
    expect(await page.getByTestId('batch-target').textContent()).toBe('Local simulator · sim-fast');

    // The bar reaches the end: 18 done, the 2 that fail once failed.
    await page.locator('[role="progressbar"][aria-label="Replays ended"][aria-valuenow="20"]').waitFor({ timeout: 60_000 });
    await status().filter({ hasText: 'completed' }).waitFor();
    expect(await legendCount('completed')).toBe(18);
    expect(await legendCount('failed')).toBe(2);
    expect(await progress().getAttribute('aria-valuetext')).toBe('20 of 20 ended: 18 done, 2 failed');
    await expect(page.getByRole('button', { name: 'Pause' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Cancel…' }).isDisabled()).resolves.toBe(true);
    await shoot('completed-with-failures');

    // Retry failed: the simulator fails each of them once only, so they are done this time.
    await page.getByRole('button', { name: 'Retry 2 failed' }).click();
    await eventually(async () => ((await legendCount('completed')) === 20 && (await legendCount('failed')) === 0 ? true : null), 60_000);
    await status().filter({ hasText: 'completed' }).waitFor();
    await expect(page.getByRole('button', { name: 'Retry failed' }).isDisabled()).resolves.toBe(true);

    // The summary's charts: 18 scores the judge gave first time (the two retried conversations carry the fail marker to it too), latencies.
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.getByText('18 replays scored', { exact: false }).waitFor({ timeout: 30_000 });
    const judgeChart = summary.getByRole('img', { name: /^Judge scores: 18 replays\./ });
    await judgeChart.waitFor();
    expect(await judgeChart.locator('desc').textContent()).toContain('0.9 to 1.0: 18');
    // Every replay recorded with a latency on both sides, as the summary's mean and p95 count them: the 20 and the 2 that failed first.
    const latencyChart = summary.getByRole('img', { name: /^Latency change: 22 replays\./ });
    await latencyChart.waitFor();
    expect(await latencyChart.locator('rect').count()).toBeGreaterThan(1);
    expect(await summary.getByLabel('Summary figures').textContent()).toContain('Same text');

    // Results: the two failed attempts stay on record beside their retries.
    const total = await resultTotal(started.support);
    expect(total).toBe(22);
    await cards().nth(9).waitFor();
    expect(await cards().count()).toBe(10);
    await results().getByRole('button', { name: 'Load more' }).click();
    await cards().nth(19).waitFor();
    await results().getByRole('button', { name: 'Load more' }).click();
    await cards().nth(21).waitFor();
    expect(await cards().count()).toBe(22);
    expect(await results().getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await results().getByLabel('Unchanged', { exact: true }).check();
    await page.waitForURL(/show=unchanged/);
    const outcomes = () => cards().evaluateAll((all) => all.map((card) => card.getAttribute('data-outcome')));
    await eventually(async () => ((await outcomes()).join() === 'unchanged,unchanged,unchanged,unchanged' ? true : null));
    expect(await cards().first().getByText('No change in the text').count()).toBe(1);

    await results().getByLabel('Failed', { exact: true }).check();
    await eventually(async () => ((await outcomes()).join() === 'failed,failed' ? true : null));
    expect(await cards().first().textContent()).toContain('HTTP 400');

    await results().getByLabel('Changed', { exact: true }).check();
    await eventually(async () => ((await outcomes()).length === 10 && (await outcomes()).every((o) => o === 'changed') ? true : null));
    await results().getByRole('button', { name: 'Load more' }).click();
    await cards().nth(15).waitFor();
    expect(await cards().count()).toBe(16);
    // A text diff: the original's words struck through on the left, the replay's underlined on the right.
    const textCard = cards().filter({ hasText: 'Write to us if it does not work' }).first();
    await textCard.locator('del').first().waitFor();
    expect(await textCard.locator('ins').count()).toBeGreaterThan(0);
    const replayText = await textCard.getByRole('group', { name: 'Replay text' }).evaluate((el) => {
      const clone = el.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
      return clone.textContent;
    });
    expect(replayText).toMatch(/^Simulated answer/);
    const decoration = await textCard.locator('del').first().evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(decoration).toBe('line-through');
    // A tool call compared field by field.
    const toolTable = results().getByRole('table', { name: 'Tool call differences' }).first();
    await toolTable.waitFor();
    const row = toolTable.getByRole('row').filter({ hasText: 'calls[0].arguments.city' });
    expect(await row.textContent()).toContain('"Oslo"');
    await toolTable.scrollIntoViewIfNeeded();
    await shoot('results-changed');

    await results().getByLabel('Judged low', { exact: true }).check();
    await results().getByText('No replay was judged below this score.').waitFor();

    // The export: one line per replay recorded, as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), results().getByRole('button', { name: 'Export JSONL' }).click()]);
    expect(download.suggestedFilename()).toBe('reprise-support-on-sim-fast-results.jsonl');
    const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(total);
    expect(new Set(lines.map((line) => (JSON.parse(line) as { originalId: string }).originalId)).size).toBe(20);
    const [csv] = await Promise.all([page.waitForEvent('download'), results().getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('reprise-support-on-sim-fast-results.csv');
    // A header, then one row per replay.
    expect((await readFile((await csv.path())!, 'utf8')).trim().split('\n')).toHaveLength(total + 1);

    await results().getByLabel('All', { exact: true }).check();
    await page.getByRole('heading', { name: 'Support on sim-fast' }).scrollIntoViewIfNeeded();
    await shoot('completed');
  }, 300_000);

  it('pauses, resumes and cancels a slow batch, with its rate, cost against the budget and time left', async () => {
    await signInAt(filterUrl({ tagsAny: ['slow'] }));
    await estimateCount().filter({ hasText: '10' }).waitFor();
    // The workspace's own provider, found through the filter box.
    await page.getByLabel('Filter models (Replay with)').fill('priced');
    const target = page.getByLabel('Replay with', { exact: true });
    const priced = await target.locator('optgroup[label="Priced simulator"] option').getAttribute('value');
    await target.selectOption(priced!);
    const estimate = page.getByRole('region', { name: 'Estimate' });
    await estimate.getByText(/10 × .* · sim-large/).waitFor();
    // $1,000 a million tokens: a few cents a replay.
    await estimate.getByText(/≈ \$0\.\d+/).waitFor();
    await page.getByLabel('Name').fill('Slow replays');
    await page.getByLabel('Maximum concurrency').fill('1');
    await page.getByLabel('Budget (USD)').fill('5');
    await page.getByRole('button', { name: 'Start bulk replay' }).click();
    await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
    started.slow = new URL(page.url()).pathname.split('/').pop()!;

    await status().filter({ hasText: 'running' }).waitFor();
    // Two replays ended: a rate, and from it the time left.
    await eventually(async () => ((await legendCount('completed')) >= 2 ? true : null), 30_000);
    await page.getByTestId('batch-time-left').filter({ hasText: /^about \d/ }).waitFor();
    expect(await page.getByTestId('batch-rate').textContent()).toMatch(/\/ (s|min)$/);
    expect(await page.getByTestId('batch-cost').textContent()).toMatch(/^\$0\.\d+ of \$5\.00 budget$/);
    await expect(page.getByRole('meter', { name: 'Budget spent' }).getAttribute('aria-valuenow')).resolves.toMatch(/^\d+$/);
    await shoot('running');

    await page.getByRole('button', { name: 'Pause' }).click();
    await status().filter({ hasText: 'paused' }).waitFor();
    await page.getByTestId('batch-time-left').filter({ hasText: 'paused' }).waitFor();
    const doneWhenPaused = await legendCount('completed');
    // The one in flight may finish; no other starts.
    await page.waitForTimeout(1_500);
    expect(await legendCount('completed')).toBeLessThanOrEqual(doneWhenPaused + 1);
    await expect(page.getByRole('button', { name: 'Retry failed' }).isDisabled()).resolves.toBe(true);
    await shoot('paused');

    await page.getByRole('button', { name: 'Resume' }).click();
    await status().filter({ hasText: 'running' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    // Cancel asks first; keeping it running changes nothing.
    await page.getByRole('button', { name: 'Cancel…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this bulk replay?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: join(RESULTS, 'bulk-replay-cancel-confirm-1280-light.png') });
    await dialog.getByRole('button', { name: 'Keep it running' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await status().textContent()).toBe('running');

    await page.getByRole('button', { name: 'Cancel…' }).click();
    await dialog.getByRole('button', { name: 'Cancel the batch' }).click();
    await status().filter({ hasText: 'cancelled' }).waitFor();
    await eventually(async () => ((await legendCount('cancelled')) > 0 && (await legendCount('queued')) === 0 && (await legendCount('running')) === 0 ? true : null));
    // The one in flight when it was cancelled is stopped (cancelled), or had just ended.
    expect((await legendCount('completed')) + (await legendCount('failed')) + (await legendCount('cancelled'))).toBe(10);
    await expect(page.getByRole('button', { name: 'Pause' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Cancel…' }).isDisabled()).resolves.toBe(true);
    await shoot('cancelled');
  }, 300_000);

  it('lists the batches with their state, progress, model and cost, each linking to its page', async () => {
    await signInAt('/batches');
    const table = page.getByRole('table', { name: 'Bulk replays' });
    const rows = table.getByRole('row').filter({ has: page.getByRole('link') });
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    // Newest first.
    const slow = rows.nth(0);
    expect(await slow.textContent()).toContain('Slow replays');
    expect(await slow.textContent()).toContain('cancelled');
    expect(await slow.textContent()).toContain('Priced simulator · sim-large');
    expect(await slow.textContent()).toMatch(/\$0\.\d+ \/ \$5\.00/);
    const support = rows.nth(1);
    expect(await support.textContent()).toContain('completed');
    expect(await support.textContent()).toContain('20 / 20');
    expect(await support.textContent()).toContain('Local simulator · sim-fast');
    await expect(support.getByRole('progressbar').getAttribute('aria-valuetext')).resolves.toBe('20 of 20 ended: 20 done');
    await shoot('list');
    await support.getByRole('link', { name: 'Support on sim-fast' }).click();
    await page.waitForURL(new RegExp(`/batches/${started.support}$`));
    await page.getByRole('heading', { name: 'Support on sim-fast' }).waitFor();
  }, 300_000);

  it('pages the list with Load more, and shows a running batch live', async () => {
    const { apiKey } = await stack.newWorkspace('batch list pages');
    const logged = await stack.graphql(LOG_MANY, { inputs: [logInput({ tags: ['one'], model: 'gpt-4o', messages: user('Only question'), answer: 'Only answer.' }, 0)] }, apiKey);
    const [id] = logged.data!.logRequests as string[];
    for (let i = 0; i < 22; i++) {
      const res = await stack.graphql(START, { selection: { ids: [id] }, options: { name: `Batch ${String(i).padStart(2, '0')}` } }, apiKey);
      expect(res.errors).toBeUndefined();
    }
    await signInAt('/batches', apiKey);
    const table = page.getByRole('table', { name: 'Bulk replays' });
    const rows = table.getByRole('row').filter({ has: page.getByRole('link') });
    await rows.nth(19).waitFor();
    expect(await rows.count()).toBe(20);
    await page.getByRole('button', { name: 'Load more' }).click();
    await rows.nth(21).waitFor();
    expect(await rows.count()).toBe(22);
    expect(await rows.first().textContent()).toContain('Batch 21');
    expect(await rows.last().textContent()).toContain('Batch 00');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Each ends on its own, and the list shows it without a reload.
    await eventually(async () => ((await table.getByText('completed', { exact: true }).count()) === 22 ? true : null), 60_000);
    await expectAccessible(page);
  }, 300_000);

  it('chooses requests by filter without a link, by ids, and names the ids the API refuses', async () => {
    await signInAt('/batches/new');
    await page.getByText('Nothing selected yet').waitFor();
    const estimate = page.getByRole('region', { name: 'Estimate' });
    await estimate.getByText('Choose the requests to replay first.').waitFor();
    await expect(page.getByRole('button', { name: 'Start bulk replay' }).isDisabled()).resolves.toBe(true);
    await shoot('new-empty');

    const form = page.getByRole('form', { name: 'Choose requests by filter' });
    await form.getByLabel('Tags').fill('billing');
    await form.getByLabel('Model').fill('gpt-4o-mini');
    await form.getByRole('button', { name: 'Use this filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('filter') === JSON.stringify({ model: ['gpt-4o-mini'], tagsAny: ['billing'] }));
    // The URL changes first; the page follows it as a transition.
    await page.getByTestId('selection-words').filter({ hasText: 'model gpt-4o-mini; tagged billing' }).waitFor();
    // Support questions 0, 6 and 12 are billing ones logged from gpt-4o-mini.
    await estimateCount().filter({ hasText: /^3$/ }).waitFor();

    const ids = (await stack.graphql(`{ requests(filter: { tagsAny: ["tools"] }, first: 2) { edges { node { id } } } }`)).data!.requests.edges.map((e: any) => e.node.id);
    await page.goto(new URL(`/batches/new?ids=${ids.join(',')},not-a-request`, web.url).href);
    await page.getByText('3 requests picked in History').waitFor();
    await estimateCount().filter({ hasText: /^2$/ }).waitFor();
    await page.getByRole('button', { name: 'Start bulk replay' }).click();
    const refusal = page.getByRole('region', { name: 'Requests to replay' }).getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('“not-a-request”: no request with this id in this workspace');
    expect(new URL(page.url()).pathname).toBe('/batches/new');
    await page.getByTestId('selection-words').filter({ hasText: /^3 requests picked in History — 2 of them found$/ }).waitFor();
    // The same Start would be refused again; the estimate still stands.
    await expect(page.getByRole('button', { name: 'Start bulk replay' }).isDisabled()).resolves.toBe(true);
    expect(await estimateCount().textContent()).toBe('2');
    await shoot('new-ids-refused');
  }, 300_000);

  it('shows another workspace’s batch as not found, and its own empty list', async () => {
    const other = await stack.newWorkspace('other team');
    await signInAt(`/batches/${started.support}`, other.apiKey);
    const missing = page.getByRole('region', { name: 'Bulk replay not found' });
    await missing.waitFor();
    expect(await missing.textContent()).toContain('There is no bulk replay with this id in your workspace.');
    expect(await page.getByRole('region', { name: 'Progress' }).count()).toBe(0);
    expect(await page.getByText('Support on sim-fast').count()).toBe(0);
    await shoot('not-found');

    await page.getByRole('link', { name: '← All bulk replays' }).click();
    await page.getByText('No bulk replay yet.').waitFor();
    await shoot('list-empty');
  }, 300_000);
});
