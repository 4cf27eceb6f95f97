import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startStack, type Stack } from '../index.js';
import { simulatedAnswer } from '@reprise/simulator';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

/**
 * The playground's editor in a real browser against the real stack:
 * composing a conversation with a variable, tool calls answered and
 * continued, an answer appended, a comparison, a run reopened from its URL,
 * the session kept across pages, exported and imported.
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

async function newPage(): Promise<Page> {
  const opened = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  opened.on('pageerror', (error) => pageErrors.push(error));
  return opened;
}

beforeEach(async () => {
  pageErrors = [];
  page = await newPage();
});

afterEach(async () => {
  await page?.close();
  expect(pageErrors).toEqual([]);
});

/** Opens `path` and signs in there; the router then shows the page the URL names. */
async function signInAt(path = '/', on = page) {
  await on.goto(new URL(path, web.url).href);
  await on.getByLabel('API key').fill(stack.apiKey);
  await on.getByRole('button', { name: 'Sign in' }).click();
  await on.getByTestId('model-picker').locator('option', { hasText: 'Local simulator · sim-fast' }).waitFor({ state: 'attached' });
}

/** The page at 1280 and 1920 pixels wide, in light and dark theme. */
async function shoot(name: string, on = page) {
  const size = on.viewportSize()!;
  // From the top: a page scrolled by the last click would show its sticky bars mid-page in a full-page picture.
  await on.evaluate(() => window.scrollTo(0, 0));
  for (const width of [1280, 1920]) {
    await on.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await on.emulateMedia({ colorScheme });
      await on.screenshot({ path: join(RESULTS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  await on.emulateMedia({ colorScheme: 'light' });
  await on.setViewportSize(size);
}

const message = (n: number, on = page) => on.getByTestId('message').nth(n - 1);
const messageBox = (n: number, role: string, on = page) => on.getByLabel(`Message ${n} (${role})`, { exact: true });
const roles = (on = page) => on.getByTestId('message').evaluateAll((items) => items.map((li) => li.getAttribute('data-role')));
const contents = (on = page) => on.getByTestId('message-content').evaluateAll((boxes) => boxes.map((b) => (b as HTMLTextAreaElement).value));
const output = (on = page) => on.getByTestId('run-output').first();
const waitForPhase = (value: string, scope: Locator = output()) => scope.locator(`[data-testid="run-status"][data-phase="${value}"]`).waitFor({ timeout: 60_000 });
const answerText = async (scope: Locator = output()) => ((await scope.getByTestId('answer').textContent()) ?? '').trim();

const isOperation = (name: string) => (r: Request) => r.method() === 'POST' && r.url().endsWith('/graphql') && (r.postData() ?? '').includes(name);
/** Clicks Run and returns the launching request (StartRun unless told) the page sent. */
async function clickRun(operation = 'mutation StartRun(', on = page) {
  const sent = on.waitForRequest(isOperation(operation));
  await on.getByTestId('run-button').click();
  return sent;
}
const variablesOf = (request: Request) => (request.postDataJSON() as { variables: Record<string, any> }).variables;
const launchedId = async (request: Request) => {
  const body = (await (await request.response())!.json()) as { data: Record<string, { id: string }> };
  return Object.values(body.data)[0]!.id;
};

/** The record history keeps of a run, once it is there. */
async function recordOf(id: string): Promise<Record<string, any>> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const res = await stack.graphql(`query ($id: ID!) { request(id: $id) { id requestBody replayOf forkedFrom source } }`, { id });
    if (res.data?.request) return res.data.request;
  }
  throw new Error(`no record of ${id}`);
}

const WEATHER_TOOL = [
  {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
];

describe('playground editor', () => {
  it('composes a conversation of several messages with a variable, runs it with Ctrl+Enter and shows the answer and its figures', async () => {
    await signInAt('/');
    // A fresh session: an empty system prompt and an empty user message.
    expect(await roles()).toEqual(['system', 'user']);
    await expectAccessible(page);
    await shoot('playground-empty');

    await messageBox(1, 'system').fill('You are a weather bot for {{team}}.');
    await messageBox(2, 'user').fill('What is the weather in {{city}}? [sim delay=10]');
    // Every {{name}} gets an input, in the order the messages use them.
    const variables = page.getByTestId('variables');
    expect(await variables.getByRole('textbox').count()).toBe(2);
    await variables.getByLabel('{{team}}').fill('the ops team');
    await variables.getByLabel('{{city}}').fill('Oslo');

    // Added messages: after the user's turn comes the assistant's, then the user's again.
    await page.getByTestId('add-message').click();
    await messageBox(3, 'assistant').fill('Cold and clear.');
    await page.getByTestId('add-message').click();
    await messageBox(4, 'user').fill('And tomorrow in {{city}}?');
    await page.getByTestId('add-message').click();
    expect(await roles()).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);

    // Reordered with the keyboard: message 4 up, then back down; its button keeps the focus.
    await page.getByRole('button', { name: 'Move message 4 up' }).focus();
    await page.keyboard.press('Enter');
    expect(await contents()).toEqual(['You are a weather bot for {{team}}.', 'What is the weather in {{city}}? [sim delay=10]', 'And tomorrow in {{city}}?', 'Cold and clear.', '']);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await contents()).toEqual(['You are a weather bot for {{team}}.', 'What is the weather in {{city}}? [sim delay=10]', 'Cold and clear.', 'And tomorrow in {{city}}?', '']);
    // The empty last one removed; a role changed.
    await page.getByRole('button', { name: 'Remove message 5' }).click();
    expect(await roles()).toEqual(['system', 'user', 'assistant', 'user']);
    await page.getByLabel('Message 1 role').selectOption('developer');
    await page.getByLabel('Message 1 role').selectOption('system');

    // Two parameters set; the rest are left to the model.
    await page.getByTestId('parameters').locator('summary').first().click();
    await page.getByTestId('param-temperature').fill('0.4');
    await page.getByTestId('param-seed').fill('42');
    expect(await page.getByTestId('parameters').locator('summary').first().textContent()).toContain('temperature 0.4 · seed 42');
    await expectAccessible(page);
    await shoot('playground-composed');

    const sent = page.waitForRequest(isOperation('mutation StartRun('));
    await messageBox(4, 'user').press('Control+Enter');
    const input = variablesOf(await sent).input;
    expect(input).toEqual({
      provider: 'simulator',
      model: 'sim-fast',
      messages: [
        { role: 'system', content: 'You are a weather bot for {{team}}.' },
        { role: 'user', content: 'What is the weather in {{city}}? [sim delay=10]' },
        { role: 'assistant', content: 'Cold and clear.' },
        { role: 'user', content: 'And tomorrow in {{city}}?' },
      ],
      variables: { team: 'the ops team', city: 'Oslo' },
      temperature: 0.4,
      seed: '42',
    });

    await waitForPhase('completed');
    // The gateway filled the variables in: the simulator answered the filled conversation.
    const filled = input.messages.map((m: { role: string; content: string }) => ({ ...m, content: m.content.replace('{{team}}', 'the ops team').replaceAll('{{city}}', 'Oslo') }));
    expect(await answerText()).toBe(simulatedAnswer({ messages: filled }).text);
    expect(await page.getByTestId('tokens').textContent()).toMatch(/^\d+ in · 16 out · \d+ total$/);
    expect(await page.getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);
    expect(await page.getByTestId('ttft').textContent()).toMatch(/^[\d,]+ ms$/);
    expect(await page.getByTestId('cost').isVisible()).toBe(true);
    // The URL now names the run, so that it can be reopened.
    await page.waitForURL(/\/runs\/[^/]+$/);
    await expectAccessible(page);
    await shoot('playground-answered');
  });

  it('filters the models, takes a model id the list does not have, and sends an image part shown with a preview', async () => {
    await signInAt('/');
    const picker = page.getByTestId('model-picker');
    // Grouped by provider; the filter narrows the list (the chosen model stays in it).
    expect(await picker.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label')))).toEqual(['Local simulator', 'Not listed']);
    await page.getByLabel('Filter the list by name or provider').fill('large');
    expect(await picker.locator('optgroup[label="Local simulator"] option').allTextContents()).toEqual(['Local simulator · sim-fast', 'Local simulator · sim-large']);
    await page.getByLabel('Filter the list by name or provider').fill('nothing like it');
    await picker.locator('option', { hasText: 'No model matches “nothing like it”' }).waitFor({ state: 'attached' });
    await page.getByLabel('Filter the list by name or provider').fill('');

    await picker.selectOption({ label: 'Type a model id…' });
    await page.getByLabel('Model id').fill('sim-fast-ft:exp1');
    expect(await page.getByLabel('Provider', { exact: true }).inputValue()).toBe('simulator');

    await message(2).getByRole('button', { name: 'Add image' }).click();
    await page.getByLabel('Message 2, part 1 (text)').fill('What is in this picture?');
    const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await page.getByLabel('Message 2, part 2 (image URL)').fill(pixel);
    await page.getByLabel('Message 2, part 2 detail').selectOption('low');
    const preview = message(2).getByRole('img', { name: 'Preview of the image part' });
    await preview.waitFor();
    expect(await preview.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await expectAccessible(page);
    await shoot('playground-parts');

    const input = variablesOf(await clickRun()).input;
    expect(input.provider).toBe('simulator');
    expect(input.model).toBe('sim-fast-ft:exp1');
    expect(input.messages).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', imageUrl: pixel, detail: 'low' },
        ],
      },
    ]);
    await page.locator('[data-testid="run-status"]:is([data-phase="completed"], [data-phase="failed"])').waitFor();
  });

  it('keeps Run disabled, with the reason, while something cannot be sent', async () => {
    await signInAt('/');
    await messageBox(2, 'user').fill('Hi {{name}}');
    await page.getByTestId('parameters').locator('summary').first().click();
    await page.getByTestId('parameters-more').locator('summary').click();
    await page.getByTestId('param-extra').fill('{"top_k": ');
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    const blockers = (await page.getByTestId('run-blockers').textContent()) ?? '';
    expect(blockers).toContain('{{name}}: give {{name}} a value');
    // The JSON editor's own words, at the line: once, not also the page's.
    expect(blockers).toMatch(/Provider-specific fields(, line 1)?: /);
    await expectAccessible(page);
    await shoot('playground-blocked');

    await page.getByTestId('variable-name').fill('Ada');
    await page.getByTestId('param-extra').fill('{"top_k": 40}');
    await page.locator('[data-testid="run-button"]:enabled').waitFor();
    expect(await page.getByTestId('run-blockers').textContent()).toBe('');

    // What only the gateway checks: its refusal shown beside the field it names.
    await page.getByTestId('param-temperature').fill('5');
    await clickRun();
    await waitForPhase('failed');
    expect(await page.getByTestId('error-kind').textContent()).toBe('BAD_USER_INPUT');
    const temperature = page.getByTestId('param-temperature').locator('..');
    expect(await temperature.locator('.field-error').textContent()).toMatch(/2/);
    await expectAccessible(page);
    await shoot('playground-refused');
  });

  it('shows a streamed tool call as a card; Add result answers it and the conversation goes on to a text answer', async () => {
    await signInAt('/');
    await page.getByTestId('tools-panel').locator('summary').click();
    await page.getByTestId('tools-editor').fill(JSON.stringify(WEATHER_TOOL, null, 2));
    await page.getByTestId('tools-panel').locator('summary', { hasText: '1 function: get_weather' }).waitFor();
    await messageBox(2, 'user').fill('What is the weather in Paris? [sim tool delay=20]');
    const first = variablesOf(await clickRun()).input;
    expect(first.tools).toEqual(WEATHER_TOOL);

    const card = page.getByTestId('tool-call');
    await card.waitFor();
    expect(await card.getByTestId('tool-call-name').textContent()).toBe('get_weather');
    await waitForPhase('completed');
    const args = JSON.parse((await card.getByTestId('tool-call-arguments').textContent())!) as { city: string };
    expect(typeof args.city).toBe('string');
    const callId = await card.getAttribute('data-call-id');
    expect(callId).toMatch(/^call_/);
    expect(await page.getByTestId('finish-reason').textContent()).toBe('tool_calls');
    await card.getByTestId('tool-result-input').fill('{"temperature": 21, "sky": "clear"}');
    await expectAccessible(page);
    await shoot('playground-tool-call');

    const next = page.waitForRequest(isOperation('mutation StartRun('));
    await card.getByTestId('add-result').click();
    const second = variablesOf(await next).input;
    expect(second.messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris? [sim tool delay=20]' },
      { role: 'assistant', toolCalls: [{ id: callId, name: 'get_weather', arguments: JSON.stringify(args) }] },
      { role: 'tool', content: '{"temperature": 21, "sky": "clear"}', toolCallId: callId },
    ]);
    // The editor shows the turn and the result it was given.
    expect(await roles()).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(await page.getByTestId('message-tool-call-id').inputValue()).toBe(callId);

    await waitForPhase('completed');
    expect(await answerText()).not.toBe('');
    expect(await page.getByTestId('tool-call').count()).toBe(0);
    expect(await page.getByTestId('finish-reason').textContent()).toBe('stop');
    await expectAccessible(page);
    await shoot('playground-tool-continued');
  });

  it('keeps an answer in the conversation with Append to conversation', async () => {
    await signInAt('/');
    await messageBox(2, 'user').fill('Say something nice.');
    await clickRun();
    await waitForPhase('completed');
    const answer = await answerText();
    await page.getByTestId('append-answer').click();
    expect(await roles()).toEqual(['system', 'user', 'assistant']);
    expect((await contents())[2]).toBe(answer);
    // The next turn is the user's.
    await page.getByTestId('add-message').click();
    expect(await roles()).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('compares three variants side by side, each streamed with its figures', async () => {
    await signInAt('/');
    await messageBox(2, 'user').fill('Describe the sea. [sim delay=15]');
    await page.getByTestId('compare-toggle').click();
    const panel = page.getByTestId('compare-panel');
    expect(await panel.getByTestId('variant').count()).toBe(2);
    await panel.getByTestId('add-variant').click();
    const variants = panel.getByTestId('variant');
    expect(await variants.count()).toBe(3);
    await variants.nth(1).getByTestId('variant-model').selectOption({ label: 'Local simulator · sim-large' });
    await variants.nth(2).getByTestId('variant-temperature').fill('0.2');
    await expectAccessible(page);

    const sent = variablesOf(await clickRun('mutation StartRuns('));
    expect(sent.input).toEqual({ provider: 'simulator', model: 'sim-fast', messages: [{ role: 'user', content: 'Describe the sea. [sim delay=15]' }] });
    expect(sent.variants).toEqual([{}, { provider: 'simulator', model: 'sim-large' }, { temperature: 0.2 }]);

    const results = page.getByTestId('compare-results');
    const columns = results.getByTestId('run-output');
    await columns.nth(2).waitFor();
    expect(await columns.count()).toBe(3);
    // Streamed together: each column shows text before any has finished.
    await page.waitForFunction(() => {
      const outputs = [...document.querySelectorAll('[data-testid="compare-results"] [data-testid="run-output"]')];
      return outputs.length === 3 && outputs.every((o) => (o.querySelector('[data-testid="answer"]')?.textContent ?? '').length > 0);
    });
    for (let i = 0; i < 3; i++) await waitForPhase('completed', columns.nth(i));
    const titles = await columns.locator('h3').allTextContents();
    expect(titles).toEqual(['A · as in the editor', 'B · Local simulator · sim-large', 'C · temperature 0.2']);
    const expected = simulatedAnswer({ messages: sent.input.messages }).text;
    for (let i = 0; i < 3; i++) {
      expect(await answerText(columns.nth(i))).toBe(expected);
      expect(await columns.nth(i).getByTestId('tokens').textContent()).toMatch(/^\d+ in · 16 out · \d+ total$/);
      expect(await columns.nth(i).getByTestId('latency').textContent()).toMatch(/^[\d,]+ ms$/);
    }
    await expectAccessible(page);
    await shoot('playground-compare');
  });

  it('reopens a run from its URL with its request in the editor and its answer, and records an edited run as a fork', async () => {
    await signInAt('/');
    await messageBox(1, 'system').fill('Answer briefly.');
    await messageBox(2, 'user').fill('Name a river.');
    await page.getByTestId('parameters').locator('summary').first().click();
    await page.getByTestId('param-temperature').fill('0.3');
    const runId = await launchedId(await clickRun());
    await waitForPhase('completed');
    const answer = await answerText();
    await page.waitForURL(new RegExp(`/runs/${runId}$`));
    await recordOf(runId);

    // Another browser: nothing of this session but the URL.
    const other = await newPage();
    await signInAt(`/runs/${runId}`, other);
    await other.getByTestId('origin-banner').getByText(`Restored run ${runId}`).waitFor();
    await waitForPhase('completed', output(other));
    expect(await contents(other)).toEqual(['Answer briefly.', 'Name a river.']);
    expect(await other.getByTestId('param-temperature').inputValue()).toBe('0.3');
    expect(await answerText(output(other))).toBe(answer);
    expect(await output(other).getByTestId('tokens').textContent()).toMatch(/^\d+ in · 16 out · \d+ total$/);
    await expectAccessible(other);
    await shoot('playground-reopened', other);

    // Edited and run again: recorded as forked from the restored run.
    await messageBox(2, 'user', other).fill('Name a lake.');
    expect(await other.getByTestId('origin-changes').textContent()).toContain('messages');
    const fork = await clickRun('mutation StartRun(', other);
    expect(variablesOf(fork).input.forkedFrom).toBe(runId);
    const forkId = await launchedId(fork);
    await waitForPhase('completed', output(other));
    expect((await recordOf(forkId)).forkedFrom).toBe(runId);
    await other.close();
  });

  it('opens a run that is still going from its URL: the answer streams, then the editor fills', async () => {
    const started = await stack.graphql(`mutation ($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: { model: 'sim-fast', messages: [{ role: 'user', content: 'Tell me slowly. [sim delay=60 tokens=60]' }] },
    });
    const runId = started.data!.startRun.id as string;
    await signInAt(`/runs/${runId}`);
    await page.getByTestId('origin-banner').getByText(`Run ${runId} is still going`).waitFor();
    await waitForPhase('streaming');
    await expectAccessible(page);
    await shoot('playground-reopened-streaming');
    await waitForPhase('completed');
    await page.getByTestId('origin-banner').getByText(`Restored run ${runId}`).waitFor();
    expect(await contents()).toEqual(['Tell me slowly. [sim delay=60 tokens=60]']);
    expect(await answerText()).toBe(simulatedAnswer({ messages: [{ role: 'user', content: 'Tell me slowly. [sim delay=60 tokens=60]' }] }).text);
  });

  it('keeps the session, and a streaming answer, while the user is on another page', async () => {
    await signInAt('/');
    await messageBox(1, 'system').fill('Stay with me.');
    await messageBox(2, 'user').fill('Count slowly. [sim delay=40 tokens=80]');
    await page.getByTestId('parameters').locator('summary').first().click();
    await page.getByTestId('param-temperature').fill('0.9');
    await page.getByTestId('tools-panel').locator('summary').click();
    await page.getByTestId('tools-editor').fill(JSON.stringify(WEATHER_TOOL));
    await clickRun();
    await waitForPhase('streaming');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
    await page.waitForURL(/\/history$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).click();
    // The editor is drawn once the playground is back on screen; read it then, not in the same instant as the click.
    await page.getByTestId('message-content').first().waitFor();

    expect(await contents()).toEqual(['Stay with me.', 'Count slowly. [sim delay=40 tokens=80]']);
    expect(await page.getByTestId('param-temperature').inputValue()).toBe('0.9');
    expect(await page.getByTestId('tools-panel').locator('summary').textContent()).toContain('get_weather');
    await waitForPhase('completed');
    expect(await answerText()).toBe(simulatedAnswer({ messages: [{ role: 'system', content: 'Stay with me.' }, { role: 'user', content: 'Count slowly. [sim delay=40 tokens=80]' }] }).text);
  });

  it('exports the session as a file and imports it in another browser; a wrong file is refused in words', async () => {
    await signInAt('/');
    await messageBox(1, 'system').fill('Export me.');
    await messageBox(2, 'user').fill('Hello {{who}}');
    await page.getByTestId('variable-who').fill('world');
    await page.getByTestId('parameters').locator('summary').first().click();
    await page.getByTestId('param-seed').fill('1234567890123456789');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-session').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^reprise-session-\d{4}-\d{2}-\d{2}\.json$/);
    const path = join(RESULTS, 'exported-session.json');
    await file.saveAs(path);
    const exported = JSON.parse(await readFile(path, 'utf8'));
    expect(exported).toMatchObject({ format: 'reprise.playground-session', version: 1, editor: { variables: { who: 'world' }, params: { seed: '1234567890123456789' } } });

    const other = await newPage();
    await signInAt('/', other);
    // A file that is not a session: refused, the editor untouched.
    await other.getByTestId('import-session-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await other.getByTestId('session-file-message').filter({ hasText: 'notes.json: This file is not a playground session' }).waitFor();
    expect(await other.getByRole('alert').filter({ hasText: 'notes.json' }).count()).toBe(1);
    expect(await contents(other)).toEqual(['', '']);
    await expectAccessible(other);
    await shoot('playground-import-refused', other);

    const chooser = other.waitForEvent('filechooser');
    await other.getByTestId('import-session').click();
    await (await chooser).setFiles(path);
    await other.getByTestId('session-file-message').filter({ hasText: 'Opened' }).waitFor();
    expect(await contents(other)).toEqual(['Export me.', 'Hello {{who}}']);
    expect(await other.getByTestId('variable-who').inputValue()).toBe('world');
    expect(await other.getByTestId('param-seed').inputValue()).toBe('1234567890123456789');
    const sent = variablesOf(await clickRun('mutation StartRun(', other)).input;
    expect(sent).toMatchObject({ seed: '1234567890123456789', variables: { who: 'world' } });
    await waitForPhase('completed', output(other));
    await other.close();
  });
});

const LOG = `mutation ($input: LogRequestInput!) { logRequest(input: $input) }`;

/** Logs a chat request as an app's SDK would: the body as the exact text it sent. */
async function logRequest(requestBody: string): Promise<string> {
  const res = await stack.graphql(LOG, {
    input: {
      provider: 'simulator',
      requestBody,
      responseBody: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1_700_000_000, model: 'sim-fast', choices: [{ index: 0, message: { role: 'assistant', content: 'One, two, three.' }, finish_reason: 'stop' }] }),
      startedAt: new Date(Date.now() - 1_000).toISOString(),
      latencyMs: 420,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.logRequest as string;
}

/** The text in a JSON editor: its textarea's value, or CodeMirror's lines once it has taken over. */
const editorText = (testId: string, on = page) =>
  on.getByTestId(testId).evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n')));

describe('Open in Playground', () => {
  // Written as text: a seed beyond 2^53 and a field no typed input has (top_k) must reach the provider as they are here.
  const ORIGINAL = `{"model":"sim-fast","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Count to three."}],"temperature":0.5,"seed":9223372036854775807,"max_tokens":50,"top_k":40}`;

  it('loads a logged request exactly, replays it unedited as stored, and edited with only the change', async () => {
    const originalId = await logRequest(ORIGINAL);
    await signInAt(`/?replay=${originalId}`);
    const banner = page.getByRole('region', { name: 'Replaying request' });
    await banner.getByText(`Replaying request ${originalId}`).waitFor();
    expect(await banner.textContent()).toContain('Nothing changed yet: Run sends the original request exactly as stored.');

    // Every part of it in the editor: the messages, the set parameters (the seed's every digit), the unknown field in extra.
    expect(await contents()).toEqual(['Be brief.', 'Count to three.']);
    expect(await page.getByTestId('param-temperature').inputValue()).toBe('0.5');
    expect(await page.getByTestId('param-maxTokens').inputValue()).toBe('50');
    expect(await page.getByTestId('param-seed').inputValue()).toBe('9223372036854775807');
    expect(JSON.parse(await editorText('param-extra'))).toEqual({ top_k: 40 });
    expect(await page.getByTestId('run-button').textContent()).toBe('Run replay');
    await expectAccessible(page);
    await shoot('playground-replay');

    // Unedited: replayRequest with no overrides, so the provider gets the stored body value for value.
    const unedited = await clickRun('mutation PlaygroundReplay(');
    expect(variablesOf(unedited)).toEqual({ id: originalId, overrides: {} });
    await waitForPhase('completed');
    const first = await recordOf(await launchedId(unedited));
    expect(first.replayOf).toBe(originalId);
    expect(first.requestBody).toContain('"seed":9223372036854775807');
    expect(first.requestBody).toContain('"top_k":40');
    expect(first.requestBody).toContain('"temperature":0.5');
    expect(first.requestBody).toContain('"max_tokens":50');
    expect(JSON.parse(first.requestBody).messages).toEqual(JSON.parse(ORIGINAL).messages);

    // Edited: only the temperature is sent as an override; the rest still as stored.
    await page.getByTestId('param-temperature').fill('0.9');
    expect(await banner.getByTestId('origin-changes').textContent()).toBe('Sent as overrides, the rest as stored: temperature');
    const edited = await clickRun('mutation PlaygroundReplay(');
    expect(variablesOf(edited)).toEqual({ id: originalId, overrides: { temperature: 0.9 } });
    await waitForPhase('completed');
    const second = await recordOf(await launchedId(edited));
    expect(second.replayOf).toBe(originalId);
    expect(second.requestBody).toContain('"temperature":0.9');
    expect(second.requestBody).toContain('"seed":9223372036854775807');
    expect(second.requestBody).toContain('"top_k":40');
    expect(second.requestBody).toContain('"max_tokens":50');
    expect(JSON.parse(second.requestBody).messages).toEqual(JSON.parse(ORIGINAL).messages);
    await expectAccessible(page);
    await shoot('playground-replay-edited');

    // A cleared field is removed from the replay, not sent empty.
    await page.getByTestId('param-maxTokens').fill('');
    const cleared = await clickRun('mutation PlaygroundReplay(');
    expect(variablesOf(cleared).overrides).toEqual({ temperature: 0.9, remove: ['max_tokens'] });
    await waitForPhase('completed');
    expect((await recordOf(await launchedId(cleared))).requestBody).not.toContain('max_tokens');
  });

  it('shows the replay notes of a request the editor shows differently, and can run it as a new request instead', async () => {
    const id = await logRequest(`{"model":"sim-fast","messages":[{"role":"user","content":"Weather?"}],"functions":[{"name":"get_weather","parameters":{"type":"object"}}]}`);
    await signInAt(`/?replay=${id}`);
    const banner = page.getByRole('region', { name: 'Replaying request' });
    await banner.getByRole('list', { name: 'Replay notes' }).waitFor();
    expect(await banner.getByRole('list', { name: 'Replay notes' }).textContent()).toContain('functions');
    await expectAccessible(page);

    await banner.getByRole('button', { name: 'Run as a new request instead' }).click();
    expect(await page.getByRole('region', { name: 'Replaying request' }).count()).toBe(0);
    expect(await page.getByTestId('run-button').textContent()).toBe('Run');
    const sent = variablesOf(await clickRun()).input;
    expect(sent.messages).toEqual([{ role: 'user', content: 'Weather?' }]);
    expect(sent.extra).toEqual({ functions: [{ name: 'get_weather', parameters: { type: 'object' } }] });
    await waitForPhase('completed');
  });

  it('says so when the request is not in the workspace', async () => {
    await signInAt('/?replay=no-such-request');
    await page.getByTestId('origin-banner').getByRole('alert').filter({ hasText: 'No request no-such-request in your workspace.' }).waitFor();
    await expectAccessible(page);
  });
});
