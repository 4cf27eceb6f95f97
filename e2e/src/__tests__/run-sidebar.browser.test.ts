import { join } from 'node:path';
import type { Browser, Page, Request as NetworkRequest } from 'playwright-core';
import { eventually, startStack, type Stack } from '../index.js';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

/** The sidebar beside a stand-in editor, served by the dev server only (web/src/features/run-history/harness.html). */
const HARNESS = '/src/features/run-history/harness.html';

const START_RUN = `mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`;
const REPLAY = `mutation ($id: ID!) { replayRequest(id: $id) { id } }`;
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

async function signInAt(path: string, apiKey: string) {
  await page.goto(new URL(path, web.url).href);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The page now at 1280 and 1920 pixels wide, light and dark; axe-core checks both themes. */
async function views(name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    await expectAccessible(page);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
      await page.screenshot({ path: join(RESULTS, `run-sidebar-${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Starts a run as the playground does and waits until history has recorded it; returns its id (= the request's). */
async function recordedRun(apiKey: string, content: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.graphql(START_RUN, { input: { model: 'sim-fast', messages: [{ role: 'user', content }], ...extra } }, apiKey);
  expect(res.errors).toBeUndefined();
  const id = res.data!.startRun.id as string;
  await recorded(apiKey, id);
  return id;
}

async function recorded(apiKey: string, id: string) {
  await eventually(async () => (await stack.graphql(`query ($id: ID!) { request(id: $id) { id } }`, { id }, apiKey)).data?.request, 20_000);
}

const sidebar = () => page.getByRole('complementary', { name: 'Run history' });
const items = () => sidebar().locator('li[data-run-id]');
const itemOf = (id: string) => sidebar().locator(`li[data-run-id="${id}"]`);
const listedIds = () => items().evaluateAll((lis) => lis.map((li) => li.getAttribute('data-run-id')));

/** The names of the GraphQL operations the page sends from now on. */
function recordOperations(): string[] {
  const names: string[] = [];
  page.on('request', (request: NetworkRequest) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    names.push((request.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?');
  });
  return names;
}

describe('run sidebar', () => {
  let apiKey: string;
  const runs = { first: '', failed: '', third: '', replay: '', fork: '', logged: '' };

  beforeAll(async () => {
    ({ apiKey } = await stack.newWorkspace('runs'));
    // A request an app logged: not a run, so not listed; a replay of it is.
    const logged = await stack.graphql(
      LOG,
      {
        input: {
          provider: 'simulator',
          requestBody: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content: 'Original question about glaciers and ice' }] }),
          startedAt: new Date(Date.now() - 60_000).toISOString(),
        },
      },
      apiKey,
    );
    runs.logged = logged.data!.logRequest as string;
    runs.first = await recordedRun(apiKey, 'First run about the tides of the North Sea');
    runs.failed = await recordedRun(apiKey, 'Second run about volcanoes [sim fail=400]');
    runs.third = await recordedRun(apiKey, 'Third run about rivers');
    const replay = await stack.graphql(REPLAY, { id: runs.logged }, apiKey);
    runs.replay = replay.data!.replayRequest.id as string;
    await recorded(apiKey, runs.replay);
    runs.fork = await recordedRun(apiKey, 'A forked run about tides and the moon', { forkedFrom: runs.first });
  });

  it('lists the workspace’s runs and replays, newest first, with model, first words, age and origin', async () => {
    await signInAt(HARNESS, apiKey);
    await items().nth(4).waitFor();
    expect(await listedIds()).toEqual([runs.fork, runs.replay, runs.third, runs.failed, runs.first]);

    const first = itemOf(runs.first);
    expect(await first.getByRole('link').getAttribute('href')).toBe(`/runs/${runs.first}`);
    expect(await first.textContent()).toMatch(/^sim-fast(just now|1 min ago)First run about the tides of the North Sea$/);

    // A failure says so in words, not by colour alone.
    expect(await itemOf(runs.failed).textContent()).toContain('failed');
    expect(await itemOf(runs.third).textContent()).not.toContain('failed');

    // Where each came from, linked to the original in History: the fork's original is listed, so it is named by its words.
    const forkOrigin = itemOf(runs.fork).locator('.run-item__origin');
    expect(await forkOrigin.textContent()).toBe('Forked from “First run about the tides…”');
    expect(await forkOrigin.getByRole('link').getAttribute('href')).toBe(`/history/${runs.first}`);
    const replayOrigin = itemOf(runs.replay).locator('.run-item__origin');
    expect(await replayOrigin.textContent()).toBe(`Replay of ${runs.logged.slice(0, 8)}…`);
    expect(await replayOrigin.getByRole('link').getAttribute('href')).toBe(`/history/${runs.logged}`);
    expect(await itemOf(runs.replay).textContent()).toContain('Original question about glaciers and ice');
    await views('list');

    // Each item opens its run; the one open is marked current.
    await itemOf(runs.third).getByRole('link').click();
    await page.waitForURL(new RegExp(`/runs/${runs.third}$`));
    await page.getByRole('heading', { name: `Run ${runs.third}` }).waitFor();
    await itemOf(runs.third).locator('a[aria-current="page"]').waitFor();
    expect(await sidebar().locator('a[aria-current="page"]').count()).toBe(1);
    await views('current');

    // The origin link opens the original in History.
    await replayOrigin.getByRole('link').click();
    await page.waitForURL(new RegExp(`/history/${runs.logged}$`));
  });

  it('shows a run that finishes meanwhile at the top, without a reload, by polling only while open', async () => {
    await signInAt(HARNESS, apiKey);
    await itemOf(runs.first).waitFor();
    const sent = recordOperations();
    const fresh = await recordedRun(apiKey, 'A run that finished while the page was open');
    await sidebar().locator(`li[data-run-id="${fresh}"]`).waitFor({ timeout: 15_000 });
    expect((await listedIds())[0]).toBe(fresh);
    // The poll asks for the newest run only; the list is fetched again because it changed.
    expect(sent.filter((name) => name === 'NewestRun').length).toBeGreaterThan(0);
    expect(sent).toContain('RunHistory');

    // Collapsed: a thin rail, no polling; the choice survives a reload.
    await sidebar().getByRole('button', { name: 'Hide run history' }).click();
    const show = sidebar().getByRole('button', { name: 'Show run history' });
    expect(await show.getAttribute('aria-expanded')).toBe('false');
    expect(await items().count()).toBe(0);
    const whileCollapsed = sent.length;
    await page.waitForTimeout(6_000);
    expect(sent.slice(whileCollapsed)).toEqual([]);
    await views('collapsed');
    await page.reload();
    await show.waitFor();
    await show.click();
    await itemOf(fresh).waitFor();
    expect(await sidebar().getByRole('button', { name: 'Hide run history' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('moves the ages on as time passes', async () => {
    // The page's clock, moved by the test: the ages are computed from it.
    await page.clock.install({ time: Date.now() });
    await signInAt(HARNESS, apiKey);
    const age = itemOf(runs.fork).locator('time');
    await age.waitFor();
    expect(await age.textContent()).toMatch(/^(just now|1 min ago|2 min ago)$/);
    await page.clock.fastForward('10:00');
    await age.filter({ hasText: /^1[0-2] min ago$/ }).waitFor();
    await page.clock.fastForward('02:00:00');
    await age.filter({ hasText: /^2 h ago$/ }).waitFor();
  });

  it('appears in the playground beside the editor, and opens a run there', async () => {
    await signInAt('/', apiKey);
    await itemOf(runs.third).waitFor({ timeout: 20_000 });
    await itemOf(runs.third).getByRole('link').click();
    await page.waitForURL(new RegExp(`/runs/${runs.third}$`));
    await itemOf(runs.third).locator('a[aria-current="page"]').waitFor();
    await views('playground');
  });
});

describe('run sidebar, many runs and none', () => {
  it('loads older runs at the bottom', async () => {
    const { apiKey } = await stack.newWorkspace('many runs');
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await stack.graphql(START_RUN, { input: { model: 'sim-fast', messages: [{ role: 'user', content: `Run number ${i}` }] } }, apiKey);
      ids.push(res.data!.startRun.id as string);
    }
    await Promise.all(ids.map((id) => recorded(apiKey, id)));
    await signInAt(HARNESS, apiKey);
    await items().nth(19).waitFor();
    expect(await items().count()).toBe(20);
    const more = sidebar().getByRole('button', { name: 'Load older runs' });
    await more.click();
    await items().nth(23).waitFor();
    expect(await items().count()).toBe(24);
    await more.waitFor({ state: 'detached' });
    await views('many');
  });

  it('says what it will hold when the workspace has no runs yet', async () => {
    const { apiKey } = await stack.newWorkspace('no runs');
    await signInAt(HARNESS, apiKey);
    await sidebar().getByText(/^No runs yet\./).waitFor();
    await views('empty');
  });
});
