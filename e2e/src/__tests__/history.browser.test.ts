import { join } from 'node:path';
import { startStack, type Stack } from '../index.js';
import { simulatedAnswer } from '@reprise/simulator';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

const LOG = `mutation ($input: LogRequestInput!) { logRequest(input: $input) }`;

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
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
});

/** Opens `path` and signs in there; the router then shows the page the URL names. */
async function signInAt(path: string, apiKey = stack.apiKey) {
  await page.goto(new URL(path, web.url).href);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

interface Logged {
  id: string;
  messages: { role: string; content: string }[];
  answer: string;
}

/** Logs a completed chat request to the simulator provider, as an app's SDK would. */
async function logChat(messages: Logged['messages'], answer: string, extra: Record<string, unknown> = {}): Promise<Logged> {
  const requestBody = JSON.stringify({ model: 'sim-fast', messages, ...extra });
  const responseBody = JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'sim-fast',
    choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
  });
  const startedAt = new Date(Date.now() - 2_000).toISOString();
  const res = await stack.graphql(LOG, {
    input: { provider: 'simulator', requestBody, responseBody, startedAt, endedAt: new Date().toISOString(), latencyMs: 840 },
  });
  expect(res.errors).toBeUndefined();
  return { id: res.data!.logRequest as string, messages, answer };
}

const table = () => page.getByRole('table', { name: 'Requests' });
const filterBar = () => page.getByRole('search', { name: 'Filter requests' });
const rowOf = (text: string) => table().getByRole('row').filter({ hasText: text });

describe('history', () => {
  let tides: Logged;
  let weather: Logged;

  beforeAll(async () => {
    tides = await logChat(
      [
        { role: 'system', content: 'You answer in one paragraph.' },
        { role: 'user', content: 'Tell me about tides.' },
      ],
      'Tides are the rise and fall of the sea caused by the moon.',
    );
    // Legacy `functions`: replayNotes says the editor shows it differently.
    weather = await logChat([{ role: 'user', content: 'What is the weather in Oslo? [sim delay=20]' }], 'Cold and clear in Oslo today.', {
      functions: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
  });

  it('lists logged requests, filters them, opens one, edits its tags and replays it', async () => {
    await signInAt('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
    await page.waitForURL(/\/history$/);
    await rowOf('Cold and clear in Oslo').waitFor();
    await rowOf('Tides are the rise and fall').waitFor();
    // Newest first: the header row, then weather (logged second), then tides.
    const rows = await table().getByRole('row').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('Cold and clear in Oslo');
    expect(rows[2]).toContain('Tides are the rise and fall');
    expect(rows[1]).toContain('sim-fast');
    expect(rows[1]).toContain('simulator');
    expect(rows[1]).toContain('840 ms');
    await page.screenshot({ path: join(RESULTS, 'history.png'), fullPage: true });

    // Text search goes to requests(filter: { text }) and into the URL.
    await filterBar().getByLabel('Search').fill('oslo');
    await filterBar().getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/\/history\?text=oslo$/);
    await rowOf('Tides are the rise and fall').waitFor({ state: 'detached' });
    expect(await table().getByRole('row').count()).toBe(2);
    await rowOf('Cold and clear in Oslo').getByRole('link').click();
    await page.waitForURL(new RegExp(`/history/${weather.id}\\?text=oslo$`));

    const detail = page.getByRole('region', { name: /^Request/ });
    const conversation = detail.getByRole('list', { name: 'Conversation' });
    await conversation.waitFor();
    expect(await conversation.getByRole('listitem').allTextContents()).toEqual(['userWhat is the weather in Oslo? [sim delay=20]']);
    expect(await detail.getByRole('list', { name: 'Replay notes' }).textContent()).toContain('legacy functions');
    expect(await detail.getByRole('region', { name: 'Answer' }).textContent()).toContain('Cold and clear in Oslo today.');
    expect(await detail.getByLabel('Figures').textContent()).toContain('21 in · 9 out · 30 total');
    expect(await detail.getByLabel('Request body', { exact: true }).textContent()).toContain('"functions"');

    // A tag added in the detail shows in the table.
    await detail.getByLabel('New tag').fill('weather');
    await detail.getByRole('button', { name: 'Add tag' }).click();
    await detail.getByRole('list', { name: 'Tags' }).getByRole('listitem').filter({ hasText: 'weather' }).waitFor();
    await rowOf('Cold and clear in Oslo').getByText('weather', { exact: true }).waitFor();
    expect((await stack.graphql(`query ($id: ID!) { request(id: $id) { tags } }`, { id: weather.id })).data?.request.tags).toEqual(['weather']);

    // The tag filter finds it; the detail stays open.
    await filterBar().getByLabel('Search').fill('');
    await filterBar().getByLabel('Tag', { exact: true }).fill('weather');
    await filterBar().getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(new RegExp(`/history/${weather.id}\\?tag=weather$`));
    await rowOf('Tides are the rise and fall').waitFor({ state: 'detached' });
    expect(await table().getByRole('row').count()).toBe(2);

    // Replay: the stored body sent again, the answer streamed into the page.
    await detail.getByRole('button', { name: 'Replay', exact: true }).click();
    const replay = detail.getByRole('region', { name: 'Replay' });
    await replay.getByRole('status').filter({ hasText: 'Completed' }).waitFor();
    const expected = simulatedAnswer({ messages: weather.messages });
    expect(await replay.getByTestId('answer').textContent()).toBe(expected.text);
    await page.screenshot({ path: join(RESULTS, 'history-detail.png'), fullPage: true });

    // Open in Playground keeps the id; the playground says what it replays and shows the notes.
    await detail.getByRole('link', { name: 'Open in Playground' }).click();
    await page.waitForURL(new RegExp(`/\\?replay=${weather.id}$`));
    const banner = page.getByRole('region', { name: 'Replaying request' });
    await banner.getByText(`Replaying request ${weather.id}`).waitFor();
    await banner.getByRole('list', { name: 'Replay notes' }).waitFor();
    expect(await banner.textContent()).toContain('legacy functions');
    await page.screenshot({ path: join(RESULTS, 'history-open-in-playground.png'), fullPage: true });
  });

  it('opens a request from its URL after signing in, without notes when it has none', async () => {
    await signInAt(`/history/${tides.id}`);
    const detail = page.getByRole('region', { name: /^Request/ });
    const conversation = detail.getByRole('list', { name: 'Conversation' });
    await conversation.waitFor();
    expect(await conversation.getByRole('listitem').allTextContents()).toEqual([
      'systemYou answer in one paragraph.',
      'userTell me about tides.',
    ]);
    expect(await detail.getByRole('list', { name: 'Replay notes' }).count()).toBe(0);
    // The row of the opened request is marked in the table.
    await table().locator(`tr[data-request-id="${tides.id}"][aria-selected="true"]`).waitFor();
    await page.screenshot({ path: join(RESULTS, 'history-from-url.png'), fullPage: true });
  });

  it('loads the next page of requests with Load more', async () => {
    // A workspace of its own, so that the count is this test's.
    const { apiKey } = await stack.newWorkspace('history pages');
    const inputs = Array.from({ length: 30 }, (_, i) => ({
      provider: 'simulator',
      requestBody: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content: `Question ${i}` }] }),
      startedAt: new Date(Date.now() - (30 - i) * 1_000).toISOString(),
    }));
    const res = await stack.graphql(`mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`, { inputs }, apiKey);
    expect(res.errors).toBeUndefined();

    await signInAt('/history', apiKey);
    const requestRows = table().getByRole('row').filter({ has: page.getByRole('link') });
    await requestRows.nth(24).waitFor();
    expect(await requestRows.count()).toBe(25);
    await page.getByRole('button', { name: 'Load more' }).click();
    await requestRows.nth(29).waitFor();
    expect(await requestRows.count()).toBe(30);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Newest first across both pages.
    const ids = await requestRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-request-id')));
    expect(ids).toEqual([...(res.data!.logRequests as string[])].reverse());
    await page.screenshot({ path: join(RESULTS, 'history-load-more.png'), fullPage: true });
  });
});
