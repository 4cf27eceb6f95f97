import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatedAnswer } from '@reprise/simulator';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { startStack, type Stack } from '../index.js';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

/**
 * The issue's seven journeys, each as a user does it, start to finish in the
 * UI: the API is used only for what an app does (logging requests) and for
 * the workspace each journey signs in to. Each journey has a workspace of its
 * own, so that what it counts and lists is its own.
 */

const LOG_MANY = `mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`;
const REQUEST = `query ($id: ID!) { request(id: $id) { id provider model requestBody replayOf } }`;

let stack: Stack;
let web: DevServer;
let browser: Browser;
let contexts: BrowserContext[] = [];
/** What a journey left outside the stack (downloaded files), removed after it. */
let cleanups: (() => Promise<void>)[] = [];
let pageErrors: Error[] = [];
const durations: { journey: string; seconds: number }[] = [];
let startedAt = 0;

beforeAll(async () => {
  stack = await startStack();
  web = await startDevServer(WEB_ROOT, new URL(stack.gateway.url).origin);
  browser = await launchChromium();
  // Vite bundles the app's dependencies on the first visit (and may reload the page for it): done here, not in the first journey's time.
  const warmUp = await browser.newPage();
  await warmUp.goto(web.url);
  await warmUp.getByTestId('signin-form').waitFor({ timeout: 90_000 });
  await warmUp.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.close();
  console.log(`journey durations:\n${durations.map((d) => `  ${d.journey}: ${d.seconds.toFixed(1)} s`).join('\n')}`);
});

beforeEach(() => {
  pageErrors = [];
  startedAt = Date.now();
});

afterEach(async () => {
  durations.push({ journey: expect.getState().currentTestName ?? '?', seconds: (Date.now() - startedAt) / 1000 });
  for (const context of contexts) await context.close();
  contexts = [];
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
  expect(pageErrors).toEqual([]);
});

/** A browser of its own (nothing stored), at 1280 × 800. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  contexts.push(context);
  // Vite's hot-update socket, answered by nobody: the tree is edited while tests run, and a hot update would swap modules under the page.
  await context.routeWebSocket((url) => url.pathname === '/' && url.searchParams.has('token'), () => undefined);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error));
  return page;
}

/** Opens `path` and signs in there with `apiKey`. */
async function signInAt(page: Page, path: string, apiKey: string) {
  await page.goto(new URL(path, web.url).href);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/**
 * Checks the page with axe and saves it whole at 1280 wide in the light
 * theme as `journey-<name>-1280-light.png`; at a journey's end state, also at
 * 1920 wide in the dark theme (axe again: contrast differs).
 */
async function snap(page: Page, name: string, { end = false } = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectAccessible(page);
  await page.screenshot({ path: join(RESULTS, `journey-${name}-1280-light.png`), fullPage: true });
  if (!end) return;
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectAccessible(page);
  await page.screenshot({ path: join(RESULTS, `journey-${name}-1920-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
const messageBox = (page: Page, n: number, role: string) => page.getByLabel(`Message ${n} (${role})`, { exact: true });
const contents = (page: Page) => page.getByTestId('message-content').evaluateAll((boxes) => boxes.map((b) => (b as HTMLTextAreaElement).value));
const roles = (page: Page) => page.getByTestId('message').evaluateAll((items) => items.map((li) => li.getAttribute('data-role')));
const output = (page: Page) => page.getByTestId('run-output').first();
const waitForPhase = (scope: Locator, phase: string) => scope.locator(`[data-testid="run-status"][data-phase="${phase}"]`).waitFor({ timeout: 60_000 });
const answerText = async (scope: Locator) => ((await scope.getByTestId('answer').textContent()) ?? '').trim();
const picked = (select: Locator) => select.locator('option:checked').textContent();
const sidebarItem = (page: Page, id: string) => page.getByRole('complementary', { name: 'Run history' }).locator(`li[data-run-id="${id}"]`);
const isOperation = (name: string) => (r: Request) => r.method() === 'POST' && r.url().endsWith('/graphql') && (r.postData() ?? '').includes(name);
const inputOf = (r: Request) => (r.postDataJSON() as { variables: { input: Record<string, any> } }).variables.input;

/** Waits until the model list has come from the gateway. */
const modelsLoaded = (page: Page) => page.getByTestId('model-picker').locator('option', { hasText: 'Local simulator · sim-fast' }).waitFor({ state: 'attached' });

/**
 * Waits while the first answer streams until it has shown `count` different
 * beginnings of `full`: the text arrives piece by piece, not at the end.
 */
function seesStreaming(page: Page, full: string, count = 3) {
  return page.waitForFunction(
    ([full, count]) => {
      const out = document.querySelector('[data-testid="run-output"]');
      const text = (out?.querySelector('[data-testid="answer"]')?.textContent ?? '').trim();
      const seen = ((window as unknown as { seenLengths?: Set<number> }).seenLengths ??= new Set());
      if (out?.querySelector('[data-phase="streaming"]') && text && text.length < full.length && full.startsWith(text)) seen.add(text.length);
      return seen.size >= count;
    },
    [full, count] as const,
    { timeout: 60_000 },
  );
}

/** Logs chat requests as an app's SDK would, each with its recorded answer; returns their ids. */
async function logChats(apiKey: string, chats: { messages: { role: string; content: string }[]; answer: string; params?: Record<string, unknown>; tags?: string[] }[]) {
  const inputs = chats.map((chat, i) => {
    const started = Date.now() - (chats.length - i) * 1_000;
    return {
      provider: 'simulator',
      requestBody: JSON.stringify({ model: 'sim-fast', messages: chat.messages, ...chat.params }),
      responseBody: JSON.stringify({
        id: `chatcmpl-${i}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'sim-fast',
        choices: [{ index: 0, message: { role: 'assistant', content: chat.answer }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
      }),
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(started + 600).toISOString(),
      latencyMs: 600,
      tags: chat.tags ?? [],
    };
  });
  const res = await stack.graphql(LOG_MANY, { inputs }, apiKey);
  expect(res.errors).toBeUndefined();
  return res.data!.logRequests as string[];
}

const WEATHER_TOOL = [
  {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
];

describe('the seven journeys', () => {
  it('1. composes a conversation with a variable, runs it, and sees the streamed answer and its usage', async () => {
    const { apiKey } = await stack.newWorkspace('journey 1');
    const page = await newPage();
    await signInAt(page, '/', apiKey);
    await modelsLoaded(page);
    expect(await roles(page)).toEqual(['system', 'user']);
    await page.getByRole('complementary', { name: 'Run history' }).getByText(/^No runs yet\./).waitFor();
    await snap(page, '1-empty');

    await messageBox(page, 1, 'system').fill('You are a local guide in {{city}}. Keep it short.');
    await messageBox(page, 2, 'user').fill('Plan one morning in {{city}}. [sim delay=80 tokens=40]');
    // The variable found in both messages gets one input; Run waits for its value.
    const variables = page.getByTestId('variables');
    expect(await variables.getByRole('textbox').count()).toBe(1);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('run-blockers').textContent()).toContain('{{city}}');
    await variables.getByLabel('{{city}}').fill('Lisbon');
    await page.locator('[data-testid="run-button"]:enabled').waitFor();
    expect(await picked(page.getByTestId('model-picker'))).toBe('Local simulator · sim-fast');
    await snap(page, '1-composed');

    await page.getByTestId('run-button').click();
    const filled = [
      { role: 'system', content: 'You are a local guide in Lisbon. Keep it short.' },
      { role: 'user', content: 'Plan one morning in Lisbon. [sim delay=80 tokens=40]' },
    ];
    const expected = simulatedAnswer({ messages: filled }).text;
    await seesStreaming(page, expected);
    await page.getByTestId('stop-button').waitFor();
    await snap(page, '1-streaming');

    await waitForPhase(output(page), 'completed');
    expect(await answerText(output(page))).toBe(expected);
    expect(await page.getByTestId('tokens').textContent()).toMatch(/^\d+ in · 40 out · \d+ total$/);
    expect(await page.getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);
    expect(await page.getByTestId('ttft').textContent()).toMatch(/^[\d,]+ ms$/);
    expect(await page.getByTestId('cost').textContent()).not.toBe('');
    expect(await page.getByTestId('finish-reason').textContent()).toBe('stop');
    expect(await page.getByTestId('stop-button').count()).toBe(0);
    // The run has a URL, and the sidebar lists it with its first words.
    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = new URL(page.url()).pathname.split('/').pop()!;
    await sidebarItem(page, runId).filter({ hasText: 'Plan one morning in Lisbon' }).waitFor({ timeout: 20_000 });
    await snap(page, '1-answered', { end: true });
  }, 180_000);

  it('2. defines a tool, gets a streamed tool call, adds a result and continues to a text answer', async () => {
    const { apiKey } = await stack.newWorkspace('journey 2');
    const page = await newPage();
    await signInAt(page, '/', apiKey);
    await modelsLoaded(page);

    await page.getByTestId('tools-panel').locator('summary').click();
    await page.getByTestId('tools-editor').fill(JSON.stringify(WEATHER_TOOL, null, 2));
    await page.getByTestId('tools-panel').locator('summary', { hasText: '1 function: get_weather' }).waitFor();
    await messageBox(page, 2, 'user').fill('What is the weather in Paris? [sim tool delay=150]');
    await page.locator('[data-testid="run-button"]:enabled').waitFor();
    await snap(page, '2-tool-defined');

    await page.getByTestId('run-button').click();
    // The card comes while its arguments are still arriving.
    const card = page.getByTestId('tool-call');
    await card.filter({ hasText: 'arguments streaming…' }).waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('tool-call-name').textContent()).toBe('get_weather');
    await snap(page, '2-tool-call-streaming');

    await waitForPhase(output(page), 'completed');
    expect(await card.getByText('arguments streaming…').count()).toBe(0);
    const args = JSON.parse((await card.getByTestId('tool-call-arguments').textContent())!) as { city: string };
    expect(typeof args.city).toBe('string');
    expect(await page.getByTestId('finish-reason').textContent()).toBe('tool_calls');
    const callId = await card.getAttribute('data-call-id');
    expect(callId).toMatch(/^call_/);
    await card.getByTestId('tool-result-input').fill('{"temperature": 21, "sky": "clear"}');
    await snap(page, '2-tool-call');

    await card.getByTestId('add-result').click();
    // The call and its result join the conversation, and it goes on by itself.
    expect(await roles(page)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(await page.getByTestId('message-tool-call-id').inputValue()).toBe(callId);
    expect((await contents(page)).at(-1)).toBe('{"temperature": 21, "sky": "clear"}');
    await waitForPhase(output(page), 'completed');
    expect(await answerText(output(page))).toMatch(/^Simulated answer .+\.$/);
    expect(await page.getByTestId('tool-call').count()).toBe(0);
    expect(await page.getByTestId('finish-reason').textContent()).toBe('stop');
    expect(await page.getByTestId('tokens').textContent()).toMatch(/^\d+ in · 16 out · \d+ total$/);
    await snap(page, '2-continued', { end: true });
  }, 180_000);

  it('3. finds a request logged through the API in History, opens it in the Playground with the same parameters, and replays it', async () => {
    const { apiKey } = await stack.newWorkspace('journey 3');
    const messages = [
      { role: 'system', content: 'You write release notes.' },
      { role: 'user', content: 'Summarise version 2.4 in one line.' },
    ];
    const [id = ''] = await logChats(apiKey, [{ messages, answer: 'Version 2.4 makes search twice as fast.', params: { temperature: 0.3, max_tokens: 64, seed: 7 } }]);
    const page = await newPage();
    await signInAt(page, '/', apiKey);

    await nav(page, 'History');
    await page.waitForURL(/\/history$/);
    const row = page.getByRole('table', { name: 'Requests' }).getByRole('row').filter({ hasText: 'Version 2.4 makes search twice as fast.' });
    await row.waitFor();
    expect(await row.textContent()).toContain('sim-fast');
    await snap(page, '3-history');

    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/history/${id}$`));
    const detail = page.getByRole('region', { name: /^Request/ });
    const conversation = detail.getByRole('list', { name: 'Conversation' });
    await conversation.waitFor();
    expect(await conversation.getByRole('listitem').allTextContents()).toEqual(['systemYou write release notes.', 'userSummarise version 2.4 in one line.']);
    expect(await detail.getByLabel('Figures').textContent()).toContain('30 in · 12 out · 42 total');
    await snap(page, '3-detail');

    await detail.getByRole('link', { name: 'Open in Playground' }).click();
    await page.waitForURL(new RegExp(`/\\?replay=${id}$`));
    const banner = page.getByRole('region', { name: 'Replaying request' });
    await banner.getByText(`Replaying request ${id}`).waitFor();
    expect(await banner.textContent()).toContain('Nothing changed yet: Run sends the original request exactly as stored.');
    expect(await contents(page)).toEqual(['You write release notes.', 'Summarise version 2.4 in one line.']);
    expect(await picked(page.getByTestId('model-picker'))).toBe('Local simulator · sim-fast');
    expect(await page.getByTestId('parameters').locator('summary').first().textContent()).toContain('temperature 0.3 · max tokens 64 · seed 7');
    expect(await page.getByTestId('param-temperature').inputValue()).toBe('0.3');
    expect(await page.getByTestId('param-maxTokens').inputValue()).toBe('64');
    expect(await page.getByTestId('param-seed').inputValue()).toBe('7');
    expect(await page.getByTestId('run-button').textContent()).toBe('Run replay');
    await snap(page, '3-opened');

    const sent = page.waitForRequest(isOperation('mutation PlaygroundReplay('));
    await page.getByTestId('run-button').click();
    const launched = (await (await (await sent).response())!.json()) as { data: Record<string, { id: string }> };
    const replayId = Object.values(launched.data)[0]!.id;
    await waitForPhase(output(page), 'completed');
    expect(await answerText(output(page))).toBe(simulatedAnswer({ messages }).text);
    expect(await page.getByTestId('tokens').textContent()).toMatch(/^\d+ in · 16 out · \d+ total$/);
    // The sidebar says what it is a replay of; what the provider got is the stored request.
    await sidebarItem(page, replayId).filter({ hasText: `Replay of ${id.slice(0, 8)}` }).waitFor({ timeout: 20_000 });
    const replay = (await stack.graphql(REQUEST, { id: replayId }, apiKey)).data!.request;
    expect(replay.replayOf).toBe(id);
    expect(JSON.parse(replay.requestBody)).toMatchObject({ model: 'sim-fast', messages, temperature: 0.3, max_tokens: 64, seed: 7 });
    await snap(page, '3-replayed', { end: true });
  }, 180_000);

  it('4. selects 50 requests in History, bulk replays them against sim-large, watches progress to the end and opens a diff', async () => {
    const { apiKey } = await stack.newWorkspace('journey 4');
    // 50 nightly requests (every tenth answered as the simulator will answer it again), and 5 others.
    await logChats(apiKey, Array.from({ length: 55 }, (_, i) => {
      const nightly = i < 50;
      const messages = [{ role: 'user', content: nightly ? `Summarise ticket #${1000 + i} for the nightly report. [sim delay=15]` : `Ad hoc question ${i}` }];
      const answer = nightly && i % 10 === 0 ? simulatedAnswer({ messages }).text : `Ticket #${1000 + i} is about a login loop; the fix ships tomorrow.`;
      return { messages, answer, tags: nightly ? ['nightly'] : ['adhoc'] };
    }));
    const page = await newPage();
    page.setDefaultTimeout(30_000);
    await signInAt(page, '/', apiKey);
    await nav(page, 'History');
    const table = page.getByRole('table', { name: 'Requests' });
    const stats = page.locator('.history-toolbar__stats');
    await stats.filter({ hasText: '55 requests' }).waitFor();

    const bar = page.getByRole('search', { name: 'Filter requests' });
    await bar.getByLabel('Tags', { exact: true }).fill('nightly');
    await bar.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL(/\/history\?tag=nightly$/);
    await stats.filter({ hasText: '50 requests' }).waitFor();
    const rows = table.locator('tr[data-request-id]');
    await rows.nth(24).waitFor();
    expect(await rows.filter({ hasText: 'Ad hoc question' }).count()).toBe(0);

    // Two rows ticked, then all 50 that match, loaded or not.
    const selected = page.getByRole('group', { name: 'Selected requests' });
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await selected.getByText('2 requests selected').waitFor();
    await selected.getByRole('button', { name: 'Select all 50 matching this filter' }).click();
    await selected.getByText('All 50 requests matching this filter selected').waitFor();
    await snap(page, '4-selected');

    await selected.getByRole('button', { name: 'Bulk replay…' }).click();
    await page.waitForURL(/\/batches\/new\?filter=/);
    expect(await page.getByTestId('selection-words').textContent()).toContain('tagged nightly');
    await page.getByTestId('estimate-count').filter({ hasText: /^50$/ }).waitFor();
    await page.getByLabel('Replay with', { exact: true }).selectOption({ label: 'sim-large' });
    const estimate = page.getByRole('region', { name: 'Estimate' });
    await estimate.getByText('50 × Local simulator · sim-large').waitFor();
    await page.getByLabel('Name').fill('Nightly on sim-large');
    await page.getByLabel('Maximum concurrency').fill('3');
    await estimate.getByText('Updating…').waitFor({ state: 'detached' });
    await snap(page, '4-new-batch');

    await page.getByRole('button', { name: 'Start bulk replay' }).click();
    await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Nightly on sim-large' }).waitFor();
    expect(await page.getByTestId('batch-target').textContent()).toBe('Local simulator · sim-large');
    // Part way: the bar and the counts move while it runs.
    await page.waitForFunction(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Replays ended"]');
      const ended = Number(bar?.getAttribute('aria-valuenow'));
      return ended > 0 && ended < 50 && document.querySelector('[data-testid="batch-status"]')?.textContent === 'running';
    }, undefined, { timeout: 60_000 });
    await snap(page, '4-running');
    await page.getByRole('region', { name: 'Summary' }).screenshot({ path: join(RESULTS, 'journey-4-running-summary-1280-light.png') });

    await page.locator('[role="progressbar"][aria-label="Replays ended"][aria-valuenow="50"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('batch-status').filter({ hasText: 'completed' }).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Replays ended' }).getAttribute('aria-valuetext')).toBe('50 of 50 ended: 50 done');
    expect(await page.locator('.batch-legend__item[data-state="completed"] strong').textContent()).toBe('50');
    await snap(page, '4-completed');

    // The changed ones, each original beside its replay.
    const results = page.getByRole('region', { name: 'Results' });
    await results.getByLabel('Changed', { exact: true }).check();
    await page.waitForURL(/show=changed/);
    const card = results.getByRole('article').filter({ hasText: 'the fix ships tomorrow' }).first();
    await card.waitFor();
    const diff = card.getByRole('group', { name: 'Text diff' });
    await diff.scrollIntoViewIfNeeded();
    expect(await diff.isVisible()).toBe(true);
    expect(await diff.getByRole('group', { name: 'Original text' }).textContent()).toContain('the fix ships tomorrow');
    expect(await diff.getByRole('group', { name: 'Replay text' }).textContent()).toContain('Simulated answer');
    expect(await diff.locator('del').count()).toBeGreaterThan(0);
    expect(await diff.locator('ins').count()).toBeGreaterThan(0);
    // Side by side: the two columns on one line.
    const [left, right] = await Promise.all([diff.getByRole('group', { name: 'Original text' }).boundingBox(), diff.getByRole('group', { name: 'Replay text' }).boundingBox()]);
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(2);
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    expect(await card.textContent()).toContain('sim-fast');
    expect(await card.textContent()).toContain('sim-large');
    await card.screenshot({ path: join(RESULTS, 'journey-4-diff-card-1280-light.png') });
    await snap(page, '4-diff', { end: true });
  }, 300_000);

  it('5. adds an OpenAI-compatible provider pointed at the simulator, tests it, refreshes its models, and runs with it', async () => {
    const { apiKey } = await stack.newWorkspace('journey 5');
    const page = await newPage();
    await signInAt(page, '/', apiKey);
    await modelsLoaded(page);
    expect(await page.getByTestId('model-picker').locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label')))).toEqual(['Local simulator', 'Not listed']);

    await nav(page, 'Settings');
    await page.getByRole('heading', { name: 'Where runs go' }).waitFor();
    await page.getByRole('link', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    expect(await form.getByLabel('OpenAI-compatible').isChecked()).toBe(true);
    await form.getByLabel('Name', { exact: true }).fill('Team simulator');
    await form.getByLabel('Base URL').fill(stack.simulator.url);
    await form.getByLabel('API key').fill('sk-journey-five-1234');
    await snap(page, '5-add-provider');
    await form.getByRole('button', { name: 'Add provider' }).click();

    const opened = page.getByRole('region', { name: 'Team simulator' });
    await opened.waitFor();
    const providerId = new URL(page.url()).searchParams.get('provider')!;
    expect(await opened.getByLabel('API key').getAttribute('placeholder')).toBe('•••• 1234');
    const outcome = page.getByTestId('provider-outcome');
    await opened.getByRole('button', { name: 'Test connection' }).click();
    await outcome.getByText(/^Connected: the model list answered in \d+ ms\.$/).waitFor();
    await opened.getByRole('button', { name: 'Refresh models' }).click();
    await outcome.getByText('2 models added: sim-fast, sim-large.').waitFor();
    const models = opened.getByRole('table', { name: 'Models of Team simulator' });
    await models.locator('tr[data-model-id="sim-large"]').waitFor();
    await snap(page, '5-provider');

    // Back in the Playground, without a reload: the new provider's models are in the picker, in a group of their own.
    await nav(page, 'Playground');
    const picker = page.getByTestId('model-picker');
    await picker.locator('option', { hasText: 'Team simulator · sim-large' }).waitFor({ state: 'attached' });
    expect(await picker.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label')))).toEqual(['Local simulator', 'Team simulator', 'Not listed']);
    expect(await picker.locator('optgroup[label="Team simulator"] option').allTextContents()).toEqual(['Team simulator · sim-fast', 'Team simulator · sim-large']);
    await picker.selectOption({ label: 'Team simulator · sim-large' });
    await messageBox(page, 2, 'user').fill('Say hello to the team.');
    await snap(page, '5-picked');

    const sent = page.waitForRequest(isOperation('mutation StartRun('));
    await page.getByTestId('run-button').click();
    expect(inputOf(await sent)).toMatchObject({ provider: providerId, model: 'sim-large' });
    await waitForPhase(output(page), 'completed');
    expect(await answerText(output(page))).toBe(simulatedAnswer({ messages: [{ role: 'user', content: 'Say hello to the team.' }] }).text);
    expect(await page.getByTestId('tokens').textContent()).toMatch(/^\d+ in · 16 out · \d+ total$/);
    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = new URL(page.url()).pathname.split('/').pop()!;
    await sidebarItem(page, runId).filter({ hasText: 'sim-large' }).waitFor({ timeout: 20_000 });
    expect((await stack.graphql(REQUEST, { id: runId }, apiKey)).data!.request).toMatchObject({ provider: providerId, model: 'sim-large' });
    await snap(page, '5-answered', { end: true });
  }, 180_000);

  it('6. compares three models side by side', async () => {
    const { apiKey } = await stack.newWorkspace('journey 6');
    const page = await newPage();
    await signInAt(page, '/', apiKey);
    await modelsLoaded(page);
    const prompt = 'Describe the sea in one line. [sim delay=60 tokens=30]';
    await messageBox(page, 2, 'user').fill(prompt);

    await page.getByTestId('compare-toggle').click();
    const panel = page.getByTestId('compare-panel');
    await panel.getByTestId('add-variant').click();
    const variants = panel.getByTestId('variant');
    expect(await variants.count()).toBe(3);
    await variants.nth(0).getByTestId('variant-model').selectOption({ label: 'Local simulator · sim-fast' });
    await variants.nth(1).getByTestId('variant-model').selectOption({ label: 'Local simulator · sim-large' });
    // The third a fine-tune the list does not have, typed in.
    await variants.nth(2).getByTestId('variant-model').selectOption({ label: 'Type a model id…' });
    await variants.nth(2).getByLabel('Provider', { exact: true }).selectOption({ label: 'Local simulator' });
    await variants.nth(2).getByTestId('variant-model-custom').fill('ft:sim-fast:ops::sea-v2');
    expect(await page.getByTestId('run-button').textContent()).toBe('Run 3 variants');
    await snap(page, '6-variants');

    await page.getByTestId('run-button').click();
    const columns = page.getByTestId('compare-results').getByTestId('run-output');
    await columns.nth(2).waitFor();
    expect(await columns.count()).toBe(3);
    // Streamed together: all three are streaming text at the same moment.
    await page.waitForFunction(() => {
      const outputs = [...document.querySelectorAll('[data-testid="compare-results"] [data-testid="run-output"]')];
      return outputs.length === 3 && outputs.every((o) => o.querySelector('[data-phase="streaming"]') && (o.querySelector('[data-testid="answer"]')?.textContent ?? '').trim().length > 0);
    }, undefined, { timeout: 60_000 });
    await snap(page, '6-streaming');

    for (let i = 0; i < 3; i++) await waitForPhase(columns.nth(i), 'completed');
    expect(await columns.locator('h3').allTextContents()).toEqual(['A · Local simulator · sim-fast', 'B · Local simulator · sim-large', 'C · ft:sim-fast:ops::sea-v2']);
    const expected = simulatedAnswer({ messages: [{ role: 'user', content: prompt }] }).text;
    for (let i = 0; i < 3; i++) {
      expect(await answerText(columns.nth(i))).toBe(expected);
      expect(await columns.nth(i).getByTestId('tokens').textContent()).toMatch(/^\d+ in · 30 out · \d+ total$/);
      expect(await columns.nth(i).getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);
    }
    // Side by side: one row, left to right.
    const boxes = await columns.evaluateAll((all) => all.map((c) => c.getBoundingClientRect().toJSON() as DOMRect));
    expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(1);
    expect(boxes[0]!.left < boxes[1]!.left && boxes[1]!.left < boxes[2]!.left).toBe(true);
    // Each is a playground run of its own, listed in the sidebar.
    await page.getByRole('complementary', { name: 'Run history' }).locator('li[data-run-id]').nth(2).waitFor({ timeout: 20_000 });
    await snap(page, '6-compared', { end: true });
  }, 180_000);

  it('7. restores a run from the sidebar, exports the session, and imports it in a new page', async () => {
    const { apiKey } = await stack.newWorkspace('journey 7');
    const page = await newPage();
    await signInAt(page, '/', apiKey);
    await modelsLoaded(page);

    // Two runs, the first with a temperature.
    await messageBox(page, 1, 'system').fill('Answer like a geographer.');
    await messageBox(page, 2, 'user').fill('Name the longest river in Europe.');
    await page.getByTestId('parameters').locator('summary').first().click();
    await page.getByTestId('param-temperature').fill('0.2');
    await page.getByTestId('run-button').click();
    await waitForPhase(output(page), 'completed');
    await page.waitForURL(/\/runs\/[^/]+$/);
    const firstRun = new URL(page.url()).pathname.split('/').pop()!;
    const firstAnswer = await answerText(output(page));
    await page.getByTestId('new-session').click();
    await page.waitForURL(new URL('/', web.url).href);
    expect(await contents(page)).toEqual(['', '']);
    // A new session starts on the default model again: Run is ready once a message is written.
    await page.waitForFunction(() => (document.querySelector('[data-testid="model-picker"]') as HTMLSelectElement | null)?.value);
    expect(await page.getByTestId('model-picker').locator('option:checked').textContent()).toBe('Local simulator · sim-fast');
    await messageBox(page, 2, 'user').fill('Name a mountain in Norway.');
    await page.getByTestId('run-button').click();
    await waitForPhase(output(page), 'completed');
    await page.waitForURL((url) => url.pathname.startsWith('/runs/') && !url.pathname.endsWith(firstRun));
    // A run's URL is the playground's too: the header marks it current there.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).getAttribute('aria-current')).toBe('page');
    const first = sidebarItem(page, firstRun);
    await first.filter({ hasText: 'Name the longest river in Europe.' }).waitFor({ timeout: 20_000 });
    await page.getByRole('complementary', { name: 'Run history' }).locator('li[data-run-id]').nth(1).waitFor({ timeout: 20_000 });
    await snap(page, '7-two-runs');

    // The first run, clicked in the sidebar: its request in the editor, its answer beside it.
    await first.getByRole('link').click();
    await page.waitForURL(new RegExp(`/runs/${firstRun}$`));
    await page.getByTestId('origin-banner').getByText(`Restored run ${firstRun}`).waitFor();
    await first.locator('a[aria-current="page"]').waitFor();
    expect(await contents(page)).toEqual(['Answer like a geographer.', 'Name the longest river in Europe.']);
    expect(await page.getByTestId('param-temperature').inputValue()).toBe('0.2');
    await waitForPhase(output(page), 'completed');
    expect(await answerText(output(page))).toBe(firstAnswer);
    await snap(page, '7-restored');

    const download = page.waitForEvent('download');
    await page.getByTestId('export-session').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^reprise-session-\d{4}-\d{2}-\d{2}\.json$/);
    // Saved where a browser saves it, under the name it suggested, as the user then picks it.
    const downloads = await mkdtemp(join(tmpdir(), 'reprise-journey-'));
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    cleanups.push(() => rm(downloads, { recursive: true, force: true }));

    // Another browser, signed in afresh: the file opens the same conversation.
    const other = await newPage();
    await signInAt(other, '/', apiKey);
    await modelsLoaded(other);
    expect(await contents(other)).toEqual(['', '']);
    const chooser = other.waitForEvent('filechooser');
    await other.getByTestId('import-session').click();
    await (await chooser).setFiles(path);
    await other.getByTestId('session-file-message').filter({ hasText: `Opened ${file.suggestedFilename()}.` }).waitFor();
    expect(await contents(other)).toEqual(['Answer like a geographer.', 'Name the longest river in Europe.']);
    expect(await roles(other)).toEqual(['system', 'user']);
    expect(await other.getByTestId('param-temperature').inputValue()).toBe('0.2');
    expect(await picked(other.getByTestId('model-picker'))).toBe('Local simulator · sim-fast');
    await other.getByTestId('origin-banner').getByText(`Restored run ${firstRun}`).waitFor();
    await snap(other, '7-imported', { end: true });
  }, 180_000);
});
