import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SIMULATED_MODELS } from '@reprise/simulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startStack, type Stack } from '../index.js';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

// What the page says, word for word (features/settings, features/auth).
const SIGNED_OUT_NOTICE = /^You were signed out: the gateway no longer accepts your API key/;
const REVOKED_OWN_KEY = 'You revoked the API key this page was signed in with. Sign in with another key to continue.';
const STORAGE_KEY = 'reprise.apiKey';

/** Unique per run: found anywhere in the page or its console, it leaked from this test. */
const PROVIDER_KEY = `sk-browser-${randomUUID()}`;
const HEADER_SECRET = `hdr-${randomUUID()}`;

const PROVIDER = `query ($id: ID!) { provider(id: $id) { id name apiKeyLast4 headers limits { rpm concurrency } models { id inputPricePerM outputPricePerM supports { images } } } }`;
const PROVIDERS = `{ providers { id name } }`;
const API_KEYS = `{ apiKeys { id name prefix revokedAt } }`;

let stack: Stack;
let web: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: Error[] = [];
/** Every console line of every page, to search for secrets. */
let consoleLines: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  web = await startDevServer(WEB_ROOT, new URL(stack.gateway.url).origin);
  browser = await launchChromium();
  // Vite bundles the app's dependencies on the first visit (and may reload the page for it): done here, not in the first test's time.
  const warmUp = await browser.newPage();
  await warmUp.goto(web.url);
  await warmUp.getByTestId('signin-form').waitFor({ timeout: 90_000 });
  await warmUp.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await stack?.close();
});

/** A browser context of its own (nothing stored), allowed to read and write the clipboard. */
async function newSession(): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(web.url).origin });
  // Vite's hot-update socket, answered by nobody: the page keeps the modules it loaded. The dev
  // server watches a tree that is edited while tests run, and a hot update mid-test would swap
  // modules (and their React contexts) under the page.
  await ctx.routeWebSocket((url) => url.pathname === '/' && url.searchParams.has('token'), () => undefined);
  const p = await ctx.newPage();
  p.on('pageerror', (error) => pageErrors.push(error));
  p.on('console', (message) => consoleLines.push(message.text()));
  return { context: ctx, page: p };
}

beforeEach(async () => {
  pageErrors = [];
  consoleLines = [];
  ({ context, page } = await newSession());
});

afterEach(async () => {
  await context?.close();
  expect(pageErrors).toEqual([]);
});

/** Opens `path` and signs in there; the router then shows the page the URL names. */
async function signInAt(path: string, apiKey = stack.apiKey, on: Page = page) {
  await on.goto(new URL(path, web.url).href);
  await on.getByLabel('API key').fill(apiKey);
  await on.getByRole('button', { name: 'Sign in' }).click();
  await on.getByRole('navigation', { name: 'Settings' }).waitFor();
}

/**
 * Checks the page as it is now with axe in both themes, and saves it at 1280
 * and 1920 pixels wide in each. Leaves the page light, at 1280.
 */
async function capture(name: string, { dialog = false, on = page }: { dialog?: boolean; on?: Page } = {}) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await on.emulateMedia({ colorScheme });
    await on.locator(`html[data-theme="${colorScheme}"]`).waitFor({ state: 'attached' });
    await expectAccessible(on);
    for (const width of [1280, 1920]) {
      await on.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
      // A modal's backdrop covers the viewport only: the whole page would show beyond it undimmed.
      await on.screenshot({ path: join(RESULTS, `settings-${name}-${width}-${colorScheme}.png`), fullPage: !dialog });
    }
  }
  await on.emulateMedia({ colorScheme: 'light' });
  await on.setViewportSize({ width: 1280, height: 800 });
}

/** The page's whole HTML, input values included (a value typed is a property, not an attribute). */
const pageText = (on: Page = page) =>
  on.evaluate(() => document.documentElement.outerHTML + Array.from(document.querySelectorAll('input, textarea'), (e) => (e as HTMLInputElement).value).join('\n'));

const providerList = () => page.getByRole('list', { name: 'Providers' });
const panel = (name: string) => page.getByRole('region', { name });
const outcome = () => page.getByTestId('provider-outcome');
const field = (name: string) => page.locator(`.settings-field:has([name="${name}"])`);
const fieldError = (name: string) => page.locator(`[data-field-error="${name}"]`);
const modelRow = (id: string) => page.locator(`tr[data-model-id="${id}"]`);

describe('providers', () => {
  it('adds an OpenAI-compatible provider, tests it, refreshes its models, edits a price and a limit, and deletes it', async () => {
    await signInAt('/settings');
    // The built-in simulator is listed, read-only.
    await providerList().getByRole('link', { name: /Local simulator/ }).waitFor();
    expect(await providerList().getByRole('listitem').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Where runs go' }).isVisible()).toBe(true);
    await capture('overview');

    // The add form: OpenAI-compatible is the first choice, so its fields show.
    await page.getByRole('link', { name: 'Add provider' }).click();
    await page.waitForURL(/\/settings\?provider=new$/);
    const form = page.getByRole('form', { name: 'Add a provider' });
    expect(await form.getByLabel('OpenAI-compatible').isChecked()).toBe(true);
    expect(await form.getByLabel('API version').count()).toBe(0);
    await form.getByLabel('Name', { exact: true }).fill('Team simulator');
    await form.getByLabel('Base URL').fill(stack.simulator.url);
    await form.getByLabel('API key').fill(PROVIDER_KEY);
    await form.getByRole('button', { name: 'Add header' }).click();
    await form.getByLabel('Header name').fill('X-Team-Token');
    await form.getByLabel('Value').fill(HEADER_SECRET);
    await capture('add-compatible');
    await form.getByRole('button', { name: 'Add provider' }).click();

    // Opened once added: the key only as its last four characters, the header by name.
    const opened = panel('Team simulator');
    await opened.waitFor();
    const id = new URL(page.url()).searchParams.get('provider')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await opened.getByLabel('API key').getAttribute('placeholder')).toBe(`•••• ${PROVIDER_KEY.slice(-4)}`);
    expect(await opened.getByLabel('API key').inputValue()).toBe('');
    expect(await opened.getByRole('list', { name: 'Stored headers' }).textContent()).toContain('X-Team-Token');
    expect(await providerList().getByRole('link', { name: /Team simulator/ }).textContent()).toContain(`key •••• ${PROVIDER_KEY.slice(-4)}`);
    expect(await pageText()).not.toContain(PROVIDER_KEY);
    expect(await pageText()).not.toContain(HEADER_SECRET);
    expect(await opened.textContent()).toContain('No models yet.');

    // Without a model yet, the test lists the models.
    await opened.getByRole('button', { name: 'Test connection' }).click();
    await outcome().getByText(/^Connected: the model list answered in \d+ ms\.$/).waitFor();

    await opened.getByRole('button', { name: 'Refresh models' }).click();
    await outcome().getByText(`${SIMULATED_MODELS.length} models added: ${[...SIMULATED_MODELS].sort().join(', ')}.`).waitFor();
    const models = opened.getByRole('table', { name: 'Models of Team simulator' });
    await models.waitFor();
    for (const model of SIMULATED_MODELS) await modelRow(model).waitFor();

    // With models, a one-token chat with the first.
    await opened.getByRole('button', { name: 'Test connection' }).click();
    await outcome().getByText(/^Connected: a one-token chat with sim-fast answered in \d+ ms\.$/).waitFor();
    await capture('provider');

    // A price and a capability, edited in the row.
    await modelRow('sim-fast').getByRole('button', { name: 'Edit sim-fast' }).click();
    await page.getByLabel('Input price of sim-fast, USD per million tokens').fill('0.5');
    await page.getByLabel('Output price of sim-fast, USD per million tokens').fill('$1.50');
    await page.getByLabel('Images for sim-fast').check();
    await capture('model-editing');
    await modelRow('sim-fast').getByRole('button', { name: 'Save' }).click();
    await modelRow('sim-fast').getByRole('button', { name: 'Edit sim-fast' }).waitFor();
    expect(await modelRow('sim-fast').locator('td').allTextContents()).toEqual(expect.arrayContaining(['$0.50', '$1.50']));

    // A price it cannot read is refused next to the field.
    await modelRow('sim-large').getByRole('button', { name: 'Edit sim-large' }).click();
    await page.getByLabel('Input price of sim-large, USD per million tokens').fill('cheap');
    await modelRow('sim-large').getByRole('button', { name: 'Save' }).click();
    expect(await modelRow('sim-large').locator('[data-field-error="inputPricePerM"]').textContent()).toBe('Write a price in dollars, e.g. 0.15');
    await modelRow('sim-large').getByRole('button', { name: 'Cancel' }).click();

    // A limit, saved with the connection's settings.
    await opened.getByLabel('Requests per minute').fill('120');
    await opened.getByRole('button', { name: 'Save changes' }).click();
    await opened.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();

    const stored = (await stack.graphql(PROVIDER, { id })).data!.provider;
    expect(stored).toMatchObject({ name: 'Team simulator', apiKeyLast4: PROVIDER_KEY.slice(-4), headers: ['X-Team-Token'], limits: { rpm: 120, concurrency: null } });
    expect(stored.models.find((m: { id: string }) => m.id === 'sim-fast')).toMatchObject({ inputPricePerM: 0.5, outputPricePerM: 1.5, supports: { images: true } });

    // A bad URL is refused by the API, its message next to the field.
    await opened.getByLabel('Base URL').fill('localhost:11434');
    await opened.getByRole('button', { name: 'Save changes' }).click();
    await fieldError('baseURL').waitFor();
    expect(await fieldError('baseURL').textContent()).toBe('Must be an http:// or https:// URL');
    expect(await opened.getByLabel('Base URL').getAttribute('aria-invalid')).toBe('true');
    // The keyboard lands on the field to fix.
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'baseURL');
    await capture('provider-field-error');
    await opened.getByRole('button', { name: 'Discard changes' }).click();

    // A reload: the same provider opened, still no secret anywhere in the page.
    await page.reload();
    await panel('Team simulator').getByRole('table', { name: 'Models of Team simulator' }).waitFor();
    expect(await pageText()).not.toContain(PROVIDER_KEY);
    expect(await pageText()).not.toContain(HEADER_SECRET);

    // Delete, after a confirmation.
    await panel('Team simulator').getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Team simulator”?' });
    await confirm.waitFor();
    // Cancel has the focus: Enter does not delete by accident.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await capture('delete-confirm', { dialog: true });
    await confirm.getByRole('button', { name: 'Delete provider' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted “Team simulator”.' }).waitFor();
    await providerList().getByRole('link', { name: /Team simulator/ }).waitFor({ state: 'detached' });
    expect(new URL(page.url()).search).toBe('');
    expect((await stack.graphql(PROVIDERS)).data!.providers.map((p: { id: string }) => p.id)).not.toContain(id);

    expect(consoleLines.filter((line) => line.includes(PROVIDER_KEY) || line.includes(HEADER_SECRET))).toEqual([]);
  }, 180_000);

  it('shows the fields each kind needs, and the API refusals next to the fields they name', async () => {
    // A built-in provider opens read-only, and can be tested.
    await signInAt('/settings?provider=simulator');
    const builtIn = panel('Local simulator');
    await builtIn.getByRole('table', { name: 'Models of Local simulator' }).waitFor();
    expect(await builtIn.getByRole('button', { name: 'Delete…' }).count()).toBe(0);
    expect(await builtIn.getByRole('button', { name: 'Refresh models' }).count()).toBe(0);
    expect(await builtIn.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await builtIn.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    await builtIn.getByRole('button', { name: 'Test connection' }).click();
    await outcome().getByText(/^Connected: a one-token chat with sim-fast answered in \d+ ms\.$/).waitFor();
    await capture('built-in');

    await page.getByRole('link', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });

    // Azure: an endpoint and an API version; no organization or project.
    await form.getByLabel('Azure OpenAI').check();
    await form.getByLabel('API version').waitFor();
    expect(await form.getByLabel('Endpoint').getAttribute('placeholder')).toBe('https://my-resource.openai.azure.com');
    expect(await form.getByLabel('Organization').count()).toBe(0);
    expect(await form.getByLabel('Deployments').count()).toBe(1);

    // Sent empty: the API says what Azure requires, each beside its field.
    await form.getByRole('button', { name: 'Add provider' }).click();
    await fieldError('name').waitFor();
    expect(await fieldError('name').textContent()).toBe('A name is required');
    expect(await fieldError('baseURL').textContent()).toBe('The Azure endpoint is required');
    expect(await fieldError('apiVersion').textContent()).toBe('An API version is required for Azure OpenAI');
    expect(await fieldError('apiKey').textContent()).toBe('An API key is required');

    await form.getByLabel('Name', { exact: true }).fill('Azure prod');
    await form.getByLabel('Endpoint').fill('ftp://my-resource.openai.azure.com');
    await form.getByLabel('API version').fill('2024-10-21');
    await form.getByLabel('API key').fill(PROVIDER_KEY);
    await form.getByRole('button', { name: 'Add provider' }).click();
    await fieldError('name').waitFor({ state: 'detached' });
    expect(await fieldError('baseURL').textContent()).toBe('Must be an http:// or https:// URL');
    expect(await field('baseURL').locator('input').getAttribute('aria-invalid')).toBe('true');
    await capture('add-azure-errors');

    // OpenAI: no base URL needed, organization and project offered, no API version.
    await form.getByLabel('OpenAI', { exact: true }).check();
    await form.getByLabel('Organization').waitFor();
    expect(await form.getByLabel('API version').count()).toBe(0);
    expect(await form.getByLabel(/^Base URL/).getAttribute('placeholder')).toBe('https://api.openai.com/v1');

    // Cancelled: nothing was added, and the key typed is gone from the page.
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Where runs go' }).waitFor();
    expect((await stack.graphql(PROVIDERS)).data!.providers.map((p: { name: string }) => p.name)).toEqual(['Local simulator']);
    expect(await pageText()).not.toContain(PROVIDER_KEY);
  }, 120_000);
});

describe('API keys and the session', () => {
  const keysTable = (on: Page = page) => on.getByRole('table', { name: 'API keys' });
  const keyRow = (name: string, on: Page = page) => keysTable(on).getByRole('row').filter({ has: on.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
  const storedKey = (on: Page = page) => on.evaluate((name) => localStorage.getItem(name), STORAGE_KEY);

  it('creates a key shown once, signs in with it across a reload, and is signed out when another session revokes it', async () => {
    await signInAt('/settings?section=api-keys');
    await keyRow('main key').waitFor();
    expect(await keyRow('main key').textContent()).toContain('This page');
    expect(await keyRow('main key').textContent()).toContain(stack.apiKey.slice(0, 9));

    await page.getByLabel('Name').fill('browser test key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'API key “browser test key” created' });
    await dialog.waitFor();
    const secret = await dialog.getByLabel('Your new API key').inputValue();
    expect(secret).toMatch(/^rp_[A-Za-z0-9_-]{43}$/);
    expect(await dialog.textContent()).toContain('it will not be shown again');
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await capture('key-created', { dialog: true });

    // Closed: the secret is gone from the page; the list has the key by its prefix.
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    await keyRow('browser test key').waitFor();
    expect(await keyRow('browser test key').textContent()).toContain(`${secret.slice(0, 9)}…`);
    expect(await keyRow('browser test key').textContent()).toContain('Active');
    expect(await pageText()).not.toContain(secret);
    const listed = (await stack.graphql(API_KEYS)).data!.apiKeys as { id: string; name: string; prefix: string }[];
    expect(listed.find((k) => k.name === 'browser test key')?.prefix).toBe(secret.slice(0, 9));
    await capture('keys');

    // Sign out: back to the sign-in screen, the key forgotten.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('signin-form').waitFor();
    expect(await storedKey()).toBeNull();

    // Signed in with the new key, which the page marks as its own; a reload keeps the session.
    await page.getByLabel('API key').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await keyRow('browser test key').filter({ hasText: 'This page' }).waitFor();
    await page.reload();
    await keyRow('browser test key').filter({ hasText: 'This page' }).waitFor();
    expect(await page.getByTestId('signin-form').count()).toBe(0);
    expect(await storedKey()).toBe(secret);

    // Another session (signed in with the main key) revokes it: no warning there, it is not that page's key.
    const other = await newSession();
    try {
      await signInAt('/settings?section=api-keys', stack.apiKey, other.page);
      await keyRow('browser test key', other.page).getByRole('button', { name: 'Revoke browser test key' }).click();
      const confirm = other.page.getByRole('dialog', { name: 'Revoke “browser test key”?' });
      await confirm.waitFor();
      expect(await confirm.getByTestId('revoke-own-key-warning').count()).toBe(0);
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await keyRow('browser test key', other.page).filter({ hasText: 'Revoked just now' }).waitFor();
      expect(await keyRow('browser test key', other.page).getByRole('button').count()).toBe(0);
    } finally {
      await other.context.close();
    }

    // The first page finds out by itself (its periodic check), with no action of its own.
    const waitStarted = Date.now();
    await page.getByTestId('signin-notice').waitFor({ timeout: 45_000 });
    console.log(`signed out ${Date.now() - waitStarted} ms after the revocation`);
    expect(await page.getByTestId('signin-notice').textContent()).toMatch(SIGNED_OUT_NOTICE);
    expect(await storedKey()).toBeNull();
    await capture('signed-out-revoked');

    expect(consoleLines.filter((line) => line.includes(secret))).toEqual([]);
  }, 180_000);

  it('warns before revoking the key the page is signed in with, then signs out saying why', async () => {
    const created = await stack.graphql(`mutation { createApiKey(name: "soon revoked") { key } }`);
    const ownKey = created.data!.createApiKey.key as string;
    await signInAt('/settings?section=api-keys', ownKey);
    await keyRow('soon revoked').filter({ hasText: 'This page' }).waitFor();

    await keyRow('soon revoked').getByRole('button', { name: 'Revoke soon revoked' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “soon revoked”?' });
    await confirm.waitFor();
    expect(await confirm.getByTestId('revoke-own-key-warning').textContent()).toContain('This page is signed in with this key');
    await capture('revoke-own-key', { dialog: true });

    // Cancel changes nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await keyRow('soon revoked').textContent()).toContain('Active');

    await keyRow('soon revoked').getByRole('button', { name: 'Revoke soon revoked' }).click();
    await page.getByRole('dialog', { name: 'Revoke “soon revoked”?' }).getByRole('button', { name: 'Revoke key' }).click();
    await page.getByTestId('signin-notice').waitFor();
    expect(await page.getByTestId('signin-notice').textContent()).toBe(REVOKED_OWN_KEY);
    expect(await storedKey()).toBeNull();
    const keys = (await stack.graphql(API_KEYS)).data!.apiKeys as { name: string; revokedAt: string | null }[];
    expect(keys.find((k) => k.name === 'soon revoked')?.revokedAt).not.toBeNull();
  }, 120_000);
});
