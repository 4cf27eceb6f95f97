import { join } from 'node:path';
import { simulatedAnswer } from '@reprise/simulator';
import type { Browser, Page, Request as NetworkRequest } from 'playwright-core';
import { eventually, startStack, type Stack } from '../index.js';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

const LOG = `mutation ($input: LogRequestInput!) { logRequest(input: $input) }`;
const LOG_MANY = `mutation ($inputs: [LogRequestInput!]!) { logRequests(inputs: $inputs) }`;

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

/**
 * The page as it is now, at 1280 and 1920 pixels wide, in the light and the
 * dark theme; axe-core checks it in both themes (contrast differs).
 */
async function views(name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    await expectAccessible(page);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
      await page.screenshot({ path: join(RESULTS, `history-${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
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

/** `count` short requests, oldest first, a second apart, each tagged `tags(i)`; returns their ids in that order. */
async function logMany(apiKey: string, count: number, tags: (i: number) => string[] = () => []): Promise<string[]> {
  const inputs = Array.from({ length: count }, (_, i) => ({
    provider: 'simulator',
    requestBody: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content: `Question ${i}` }] }),
    startedAt: new Date(Date.now() - (count - i) * 1_000).toISOString(),
    tags: tags(i),
  }));
  const res = await stack.graphql(LOG_MANY, { inputs }, apiKey);
  expect(res.errors).toBeUndefined();
  return res.data!.logRequests as string[];
}

const table = () => page.getByRole('table', { name: 'Requests' });
const filterBar = () => page.getByRole('search', { name: 'Filter requests' });
const rowOf = (text: string) => table().getByRole('row').filter({ hasText: text });
const requestRows = () => table().locator('tr[data-request-id]');
const shownIds = () => requestRows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-request-id')));
const applyFilter = () => filterBar().getByRole('button', { name: 'Filter', exact: true }).click();
const toolbarStats = () => page.locator('.history-toolbar__stats');

/** Waits until `read()` equals `expected`; fails with the last value read otherwise. */
async function settlesOn<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000) {
  let last: T | undefined;
  try {
    await eventually(async () => {
      last = await read();
      return JSON.stringify(last) === JSON.stringify(expected) ? true : null;
    }, timeoutMs);
  } catch {
    expect(last).toEqual(expected);
  }
}

/** Waits until the table shows exactly `expected` (in that order). */
const expectRows = (expected: string[]) => settlesOn(shownIds, expected);

/** The names of the GraphQL operations the page sends from now on. */
function recordOperations(): string[] {
  const names: string[] = [];
  page.on('request', (request: NetworkRequest) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { operationName?: string; query?: string } | null;
    names.push(body?.operationName ?? body?.query?.slice(0, 40) ?? '?');
  });
  return names;
}

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

  it('lists logged requests, filters them, opens one, edits its tags and score in place and replays it', async () => {
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
    await toolbarStats().filter({ hasText: '2 requests' }).waitFor();
    await views('list');

    // Text search goes to requests(filter: { text }) and into the URL.
    await filterBar().getByLabel('Search', { exact: true }).fill('oslo');
    await applyFilter();
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
    await detail.getByText('Request body (as sent)').click();
    expect(await detail.getByLabel('Request body', { exact: true }).textContent()).toContain('"functions"');

    // A tag and a score edited in the detail show in the table's row, from the
    // normalised cache: the mutations are the only operations sent.
    const sent = recordOperations();
    const row = rowOf('Cold and clear in Oslo');
    await detail.getByLabel('New tag').fill('weather');
    await detail.getByRole('button', { name: 'Add tag' }).click();
    await detail.getByRole('list', { name: 'Tags' }).getByRole('listitem').filter({ hasText: 'weather' }).waitFor();
    await row.getByText('weather', { exact: true }).waitFor();
    await detail.getByLabel('New score').fill('0.8');
    await detail.getByRole('button', { name: 'Save score' }).click();
    await detail.getByTestId('score').filter({ hasText: '0.8' }).waitFor();
    await row.locator('td[data-column="score"]').filter({ hasText: '0.8' }).waitFor();
    expect(sent).toEqual(['SetRequestTags', 'SetRequestScore']);
    const stored = await stack.graphql(`query ($id: ID!) { request(id: $id) { tags score } }`, { id: weather.id });
    expect(stored.data?.request).toEqual({ tags: ['weather'], score: 0.8 });
    await views('detail-edited');

    // Cleared, in place too.
    await detail.getByRole('button', { name: 'Clear score' }).click();
    await row.locator('td[data-column="score"]').filter({ hasText: '—' }).waitFor();
    expect((await stack.graphql(`query ($id: ID!) { request(id: $id) { score } }`, { id: weather.id })).data?.request.score).toBeNull();

    // The tag filter finds it; the detail stays open.
    await filterBar().getByLabel('Search', { exact: true }).fill('');
    await filterBar().getByLabel('Tags', { exact: true }).fill('weather');
    await applyFilter();
    await page.waitForURL(new RegExp(`/history/${weather.id}\\?tag=weather$`));
    await rowOf('Tides are the rise and fall').waitFor({ state: 'detached' });
    expect(await table().getByRole('row').count()).toBe(2);

    // Replay: the stored body sent again, the answer streamed into the page (runEvents, through the cache exchange).
    await detail.getByRole('button', { name: 'Replay', exact: true }).click();
    const replay = detail.getByRole('region', { name: 'Replay', exact: true });
    await replay.getByRole('status').filter({ hasText: 'Completed' }).waitFor();
    const expected = simulatedAnswer({ messages: weather.messages });
    expect(await replay.getByTestId('answer').textContent()).toBe(expected.text);
    await replay.scrollIntoViewIfNeeded();
    await views('detail-replayed');

    // Open in Playground keeps the id; the playground says what it replays and shows the notes.
    await detail.getByRole('link', { name: 'Open in Playground' }).click();
    await page.waitForURL(new RegExp(`/\\?replay=${weather.id}$`));
    await page.getByText('legacy functions').first().waitFor();
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
    await views('from-url');

    // A replay started here is a request of its own: its row appears at the top once history has recorded it.
    const rowsBefore = await requestRows().count();
    await detail.getByRole('button', { name: 'Replay', exact: true }).click();
    await detail.getByRole('region', { name: 'Replay', exact: true }).getByRole('status').filter({ hasText: 'Completed' }).waitFor();
    const answer = simulatedAnswer({ messages: tides.messages }).text;
    const replayRow = rowOf(answer.split(' ').slice(0, 5).join(' '));
    await replayRow.waitFor();
    expect(await requestRows().count()).toBe(rowsBefore + 1);
    expect(await requestRows().first().textContent()).toContain(answer.split(' ').slice(0, 5).join(' '));

    // Its replays, by the replayOf filter, the request still open beside them.
    await detail.getByRole('link', { name: 'Replays of this request' }).click();
    await page.waitForURL(new RegExp(`/history/${tides.id}\\?replayOf=${tides.id}$`));
    await settlesOn(() => requestRows().count(), 1);
    expect(await requestRows().first().textContent()).toContain(answer.split(' ').slice(0, 5).join(' '));
    await filterBar().getByRole('list', { name: 'Active filters' }).getByText(`replays of ${tides.id}`).waitFor();
  });
});

describe('history pages', () => {
  let apiKey: string;
  let ids: string[];

  beforeAll(async () => {
    // A workspace of its own, so that the count is this test's.
    ({ apiKey } = await stack.newWorkspace('history pages'));
    ids = await logMany(apiKey, 60);
  });

  it('loads the next pages as the end of the table scrolls into view', async () => {
    await signInAt('/history', apiKey);
    await requestRows().nth(24).waitFor();
    const footer = page.locator('.history-table__more');
    // Scrolled to the end, page after page arrives until all are there.
    await settlesOn(
      async () => {
        await footer.scrollIntoViewIfNeeded();
        return requestRows().count();
      },
      60,
      20_000,
    );
    await footer.getByText('All 60 requests are shown.').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Newest first across the pages.
    expect(await shownIds()).toEqual([...ids].reverse());
    await views('scrolled');
  });

  it('loads them with Load more from the keyboard where there is no IntersectionObserver', async () => {
    await page.addInitScript(() => {
      delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
    });
    await signInAt('/history', apiKey);
    await requestRows().nth(24).waitFor();
    expect(await requestRows().count()).toBe(25);
    const more = page.getByRole('button', { name: 'Load more' });
    await more.focus();
    await page.keyboard.press('Enter');
    await requestRows().nth(49).waitFor();
    expect(await requestRows().count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).press('Enter');
    await requestRows().nth(59).waitFor();
    expect(await requestRows().count()).toBe(60);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(await shownIds()).toEqual([...ids].reverse());
  });
});

/** A `datetime-local` value in this machine's zone (the browser's, here), to the minute. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('history filters', () => {
  let apiKey: string;
  const at = Date.now();
  const HOUR = 3_600_000;
  /** Requests made to differ in one condition each; newest first in the table: c, b, a (and the run, newest of all). */
  const ids = { a: '', b: '', c: '', run: '' };

  beforeAll(async () => {
    ({ apiKey } = await stack.newWorkspace('history filters'));
    const body = (model: string, content: string) => JSON.stringify({ model, messages: [{ role: 'user', content }] });
    const inputs = [
      {
        provider: 'simulator',
        model: 'sim-fast',
        requestBody: body('sim-fast', 'alpha question about tides'),
        startedAt: new Date(at - 3 * HOUR).toISOString(),
        latencyMs: 300,
        cost: 0.001,
        tags: ['prod'],
        metadata: { env: 'prod', tier: 2 },
      },
      {
        provider: 'simulator',
        model: 'sim-large',
        requestBody: body('sim-large', 'bravo question about rivers'),
        startedAt: new Date(at - 2 * HOUR).toISOString(),
        latencyMs: 1500,
        cost: 0.02,
        tags: ['prod', 'eval'],
        metadata: { env: 'staging' },
        error: { kind: 'RATE_LIMITED', message: 'Rate limit reached', status: 429 },
      },
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        requestBody: body('gpt-4o-mini', 'charlie question about lakes'),
        startedAt: new Date(at - HOUR).toISOString(),
        latencyMs: 800,
        cost: 0.005,
        tags: ['eval'],
        // "2" as text: the metadata filter tells it from the number 2.
        metadata: { env: 'prod', tier: '2' },
      },
    ];
    const res = await stack.graphql(LOG_MANY, { inputs }, apiKey);
    expect(res.errors).toBeUndefined();
    [ids.a, ids.b, ids.c] = res.data!.logRequests as [string, string, string];
    // A playground run: source PLAYGROUND, recorded once it has ended.
    const run = await stack.graphql(`mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: { model: 'sim-fast', messages: [{ role: 'user', content: 'delta run from the playground' }] },
    }, apiKey);
    expect(run.errors).toBeUndefined();
    ids.run = run.data!.startRun.id as string;
    await eventually(async () => (await stack.graphql(`query ($id: ID!) { request(id: $id) { id } }`, { id: ids.run }, apiKey)).data?.request);
  });

  it('offers every filter of the API, keeps them in the URL, and resets them', async () => {
    await signInAt('/history', apiKey);
    await expectRows([ids.run, ids.c, ids.b, ids.a]);
    const bar = filterBar();
    const more = bar.getByRole('button', { name: /^More filters/ });

    // Text search.
    await bar.getByLabel('Search', { exact: true }).fill('alpha');
    await applyFilter();
    await page.waitForURL(/\?text=alpha$/);
    await expectRows([ids.a]);

    // Models, several at once.
    await bar.getByLabel('Search', { exact: true }).fill('');
    await bar.getByLabel('Model', { exact: true }).fill('sim-large, gpt-4o-mini');
    await applyFilter();
    await page.waitForURL(/\?model=sim-large&model=gpt-4o-mini$/);
    await expectRows([ids.c, ids.b]);

    // Provider.
    await bar.getByLabel('Model', { exact: true }).fill('');
    await bar.getByLabel('Provider', { exact: true }).fill('openai');
    await applyFilter();
    await expectRows([ids.c]);
    await bar.getByLabel('Provider', { exact: true }).fill('');

    // Status and source, behind More filters.
    await more.click();
    await bar.getByRole('group', { name: 'Status' }).getByLabel('failed').check();
    await applyFilter();
    await page.waitForURL(/\?status=failed$/);
    await expectRows([ids.b]);
    await bar.getByRole('group', { name: 'Status' }).getByLabel('failed').uncheck();
    await bar.getByRole('group', { name: 'Source' }).getByLabel('playground').check();
    await applyFilter();
    await page.waitForURL(/\?source=playground$/);
    await expectRows([ids.run]);
    await bar.getByRole('group', { name: 'Source' }).getByLabel('playground').uncheck();

    // Tags: any of them, then all of them.
    await bar.getByLabel('Tags', { exact: true }).fill('prod, eval');
    await applyFilter();
    await expectRows([ids.c, ids.b, ids.a]);
    await bar.getByLabel('Tags to match').selectOption('all');
    await applyFilter();
    await page.waitForURL(/\?tag=prod&tag=eval&tagMode=all$/);
    await expectRows([ids.b]);
    await bar.getByLabel('Tags', { exact: true }).fill('');
    await bar.getByLabel('Tags to match').selectOption('any');

    // Metadata: a text value, then a number (which "2" as text does not match).
    await bar.getByRole('button', { name: 'Add metadata condition' }).click();
    await bar.getByLabel('Metadata key 1').fill('env');
    await bar.getByLabel('Metadata value 1', { exact: true }).fill('prod');
    await applyFilter();
    await expectRows([ids.c, ids.a]);
    await bar.getByRole('button', { name: 'Add metadata condition' }).click();
    await bar.getByLabel('Metadata key 2').fill('tier');
    await bar.getByLabel('Metadata value 2', { exact: true }).fill('2');
    await bar.getByLabel('Metadata value type 2').selectOption('number');
    await applyFilter();
    await expectRows([ids.a]);
    await bar.getByLabel('Metadata value type 2').selectOption('text');
    await applyFilter();
    await expectRows([ids.c]);
    await bar.getByRole('button', { name: 'Remove metadata condition 2' }).click();
    await bar.getByRole('button', { name: 'Remove metadata condition 1' }).click();

    // Time range: from 2.5 h ago to 1.5 h ago holds b alone.
    await bar.getByLabel('Started from').fill(localInput(at - 2.5 * HOUR));
    await bar.getByLabel('Started before').fill(localInput(at - 1.5 * HOUR));
    await applyFilter();
    await expectRows([ids.b]);
    await bar.getByLabel('Started from').fill('');
    await bar.getByLabel('Started before').fill('');

    // Latency and cost ranges; a range the wrong way round is refused next to its field, and nothing is applied.
    await bar.getByLabel('Latency from (ms)').fill('900');
    await bar.getByLabel('Latency up to (ms)').fill('100');
    const before = page.url();
    await applyFilter();
    await bar.getByText('Must not be below the minimum.').waitFor();
    expect(await bar.getByLabel('Latency up to (ms)').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toBe(before);
    await views('filter-refused');
    await bar.getByLabel('Latency from (ms)').fill('500');
    await bar.getByLabel('Latency up to (ms)').fill('1000');
    await applyFilter();
    await expectRows([ids.c]);
    await bar.getByLabel('Latency from (ms)').fill('');
    await bar.getByLabel('Latency up to (ms)').fill('');
    await bar.getByLabel('Cost from (USD)').fill('0.01');
    await applyFilter();
    await page.waitForURL(/\?minCost=0.01$/);
    await expectRows([ids.b]);

    // Several at once, shared as a URL: a new page opens on the same rows, the bar filled in.
    await bar.getByLabel('Cost from (USD)').fill('');
    await bar.getByLabel('Tags', { exact: true }).fill('eval, prod');
    await bar.getByRole('button', { name: 'Add metadata condition' }).click();
    await bar.getByLabel('Metadata key 1').fill('env');
    await bar.getByLabel('Metadata value 1', { exact: true }).fill('prod');
    await bar.getByLabel('Latency up to (ms)').fill('1000');
    await applyFilter();
    await expectRows([ids.c, ids.a]);
    const shared = page.url();
    expect(new URL(shared).searchParams.getAll('meta')).toEqual(['["env","prod"]']);
    await page.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error));
    await signInAt(shared, apiKey);
    await expectRows([ids.c, ids.a]);
    expect(await filterBar().getByLabel('Tags', { exact: true }).inputValue()).toBe('eval, prod');
    expect(await filterBar().getByLabel('Metadata value 1', { exact: true }).inputValue()).toBe('prod');
    const chips = filterBar().getByRole('list', { name: 'Active filters' });
    expect(await chips.getByRole('listitem').allTextContents()).toEqual(['tag (any of) eval×', 'tag (any of) prod×', 'env = “prod”×', 'latency ≤ 1000 ms×']);
    await toolbarStats().filter({ hasText: '2 requests' }).waitFor();
    await views('filtered');

    // One condition removed from its chip; then all of them with Reset filters.
    await chips.getByRole('button', { name: 'Remove filter: latency ≤ 1000 ms' }).click();
    await expectRows([ids.c, ids.a]);
    await chips.getByRole('button', { name: 'Remove filter: env = “prod”' }).click();
    await expectRows([ids.c, ids.b, ids.a]);
    await filterBar().getByRole('button', { name: 'Reset filters' }).click();
    await page.waitForURL(/\/history$/);
    await expectRows([ids.run, ids.c, ids.b, ids.a]);
    expect(await filterBar().getByLabel('Tags', { exact: true }).inputValue()).toBe('');
  });

  it('narrows the table to a metadata value from the detail', async () => {
    await signInAt(`/history/${ids.c}`, apiKey);
    const detail = page.getByRole('region', { name: /^Request/ });
    await detail.getByRole('button', { name: 'Show requests with env = prod' }).click();
    await expectRows([ids.c, ids.a]);
    expect(new URL(page.url()).pathname).toBe(`/history/${ids.c}`);
    expect(new URL(page.url()).searchParams.getAll('meta')).toEqual(['["env","prod"]']);
  });
});

describe('history selection', () => {
  let apiKey: string;
  let ids: string[];

  beforeAll(async () => {
    ({ apiKey } = await stack.newWorkspace('history selection'));
    // 60 tagged "pick" among 80: more matches than the first two pages hold.
    ids = await logMany(apiKey, 80, (i) => (i % 4 === 3 ? [] : ['pick']));
  });

  it('selects rows, or all that match, and starts a bulk replay with their ids or the filter', async () => {
    await signInAt('/history?tag=pick', apiKey);
    await requestRows().nth(24).waitFor();
    await toolbarStats().filter({ hasText: '60 requests' }).waitFor();
    const selected = page.getByRole('group', { name: 'Selected requests' });

    // Two rows ticked: the header box is half-ticked, and all 40 can be selected.
    const [first, second, third] = (await shownIds()) as string[];
    await requestRows().nth(0).getByRole('checkbox').check();
    await requestRows().nth(1).getByRole('checkbox').check();
    await selected.getByText('2 requests selected').waitFor();
    const header = table().getByRole('checkbox', { name: /^Select the \d+ loaded requests$/ });
    expect(await header.evaluate((box: HTMLInputElement) => box.indeterminate)).toBe(true);
    await views('selected');

    await selected.getByRole('button', { name: 'Bulk replay…' }).click();
    await page.waitForURL(/\/batches\/new\?ids=/);
    expect(new URL(page.url()).searchParams.get('ids')).toBe(`${first},${second}`);
    await page.goBack();
    await page.waitForURL(/\/history\?tag=pick$/);

    // The header box ticks every loaded row; then "all matching" takes the filter, loaded or not.
    await requestRows().nth(24).waitFor();
    await header.check();
    const ticked = await selected.getByText(/^\d+ requests selected$/).textContent();
    expect(Number.parseInt(ticked!, 10)).toBe(await requestRows().locator('input[type=checkbox]:checked').count());
    // "All matching" is offered while fewer than the 60 are ticked; scrolling may have loaded all 60, so one is unticked.
    await requestRows().nth(0).getByRole('checkbox').uncheck();
    await selected.getByRole('button', { name: 'Select all 60 matching this filter' }).click();
    await selected.getByText('All 60 requests matching this filter selected').waitFor();
    expect(await requestRows().nth(0).getByRole('checkbox').isChecked()).toBe(true);
    await views('all-matching');
    await selected.getByRole('button', { name: 'Bulk replay…' }).click();
    await page.waitForURL(/\/batches\/new\?filter=/);
    expect(JSON.parse(new URL(page.url()).searchParams.get('filter')!)).toEqual({ tagsAny: ['pick'] });
    await page.goBack();
    await page.waitForURL(/\/history\?tag=pick$/);

    // Back on the page. The selection is usually gone, but not always (see the session note): Clear selection empties it.
    await requestRows().nth(24).waitFor();
    if (await selected.isVisible()) await selected.getByRole('button', { name: 'Clear selection' }).click();
    await selected.waitFor({ state: 'detached' });
    // Another filter starts with nothing selected.
    await requestRows().nth(0).getByRole('checkbox').check();
    await selected.getByText('1 request selected').waitFor();
    await filterBar().getByLabel('Tags', { exact: true }).fill('');
    await applyFilter();
    await page.waitForURL(/\/history$/);
    await toolbarStats().filter({ hasText: '80 requests' }).waitFor();
    expect(await selected.count()).toBe(0);
    expect(third).toBeDefined();
  });

  it('deletes the selected requests, the rows and the count going at once', async () => {
    await signInAt('/history?tag=pick', apiKey);
    await toolbarStats().filter({ hasText: '60 requests' }).waitFor();
    const [first, second] = (await shownIds()) as string[];
    await requestRows().nth(0).getByRole('checkbox').check();
    await requestRows().nth(1).getByRole('checkbox').check();
    const selected = page.getByRole('group', { name: 'Selected requests' });
    await selected.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('group', { name: /^Delete 2 requests for good\?/ });
    await views('delete-confirm');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await table().locator(`tr[data-request-id="${first}"]`).waitFor({ state: 'detached' });
    await table().locator(`tr[data-request-id="${second}"]`).waitFor({ state: 'detached' });
    await toolbarStats().filter({ hasText: '58 requests' }).waitFor();
    expect(await selected.count()).toBe(0);
    const left = await stack.graphql(`query ($a: ID!, $b: ID!) { a: request(id: $a) { id } b: request(id: $b) { id } }`, { a: first, b: second }, apiKey);
    expect(left.data).toEqual({ a: null, b: null });
    expect(ids).toContain(first);
  });

  it('reaches rows with the keyboard: arrows move between rows, Enter opens one, Escape closes it', async () => {
    await signInAt('/history?tag=pick', apiKey);
    await requestRows().nth(2).waitFor();
    const [first, second] = (await shownIds()) as string[];
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-request-id') ?? null);
    await requestRows().nth(0).locator('[data-row-link]').focus();
    expect(await focusedRow()).toBe(first);
    await page.keyboard.press('ArrowDown');
    expect(await focusedRow()).toBe(second);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/history/${second}\\?tag=pick$`));
    const detail = page.getByRole('region', { name: /^Request/ });
    await detail.getByRole('list', { name: 'Conversation' }).waitFor();
    // From the row's checkbox: Space ticks it, Enter opens its request.
    await page.keyboard.press('ArrowUp');
    expect(await focusedRow()).toBe(first);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    expect(await requestRows().nth(0).getByRole('checkbox').isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/history/${first}\\?tag=pick$`));
    // Escape is the panel's: from a control inside it (not a text field), once it shows this request.
    await detail.getByRole('heading', { name: `Request ${first}` }).waitFor();
    await detail.getByRole('button', { name: 'Save score' }).focus();
    await page.keyboard.press('Escape');
    await page.waitForURL(/\/history\?tag=pick$/);
    await detail.waitFor({ state: 'detached' });
  });
});
