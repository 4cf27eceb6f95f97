import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from '../support/axe.js';
import { launchChromium, RESULTS, WEB_ROOT } from '../support/browser.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';

/*
 * The JSON editor and the markdown renderer on their test pages (web/src/features/{json-editor,markdown}/harness.html),
 * served by the app's own Vite dev server. The pages call no API, so no stack is started; the
 * playground's browser test covers both components in place, against the real stack.
 */

const JSON_PAGE = 'src/features/json-editor/harness.html';
const MARKDOWN_PAGE = 'src/features/markdown/harness.html';

let web: DevServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: Error[] = [];
let consoleErrors: string[] = [];

beforeAll(async () => {
  // Nothing listens on the proxy's target: the test pages never call /graphql.
  web = await startDevServer(WEB_ROOT, 'http://127.0.0.1:9');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(web.url).origin });
  page = await context.newPage();
  pageErrors = [];
  consoleErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  // React reports its warnings (keys, effects, a refused update) as console errors.
  page.on('console', (message) => {
    // The browser's own request for /favicon.ico is the one 404 a test page has.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) consoleErrors.push(message.text());
  });
});

afterEach(async () => {
  await context?.close();
  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

/** Checks the page with axe in both themes and saves it at 1280 and 1920 wide in each; leaves it light at 1280. */
async function capture(name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.locator(`html[data-theme="${colorScheme}"]`).waitFor({ state: 'attached' });
    await expectAccessible(page);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
      await page.screenshot({ path: join(RESULTS, `editors-${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** 1-based line and column of the first `needle` in `text`, as the problem list writes them. */
function lineColumnOf(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** The request for the lazily loaded part of the JSON editor (CodeMirror and ajv), as Vite's dev server serves it. */
const isEditorModule = (url: URL) => url.pathname.endsWith('/src/features/json-editor/CodeEditor.tsx');

describe('JSON editor', () => {
  const field = (kind: string) => page.getByTestId(`${kind}-field`);
  const editor = (name: string) => page.getByRole('textbox', { name, exact: true });
  const reported = async (kind: string) => JSON.parse((await page.getByTestId(`${kind}-reported`).textContent()) ?? 'null') as unknown;
  const valueOf = (kind: string) => field(kind).getAttribute('data-value');
  const problemList = (name: string) => page.getByRole('list', { name: `Problems in ${name}` });
  const isFocused = (locator: ReturnType<Page['locator']>) => locator.evaluate((element) => element === document.activeElement);

  /** Replaces the editor's text the way a paste does. */
  async function paste(name: string, text: string) {
    await editor(name).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  async function openPage() {
    await page.goto(new URL(JSON_PAGE, web.url).href);
    await field('tools').locator('.cm-editor').waitFor();
    await field('json').locator('.cm-editor').waitFor();
    await field('json-schema').locator('.cm-editor').waitFor();
  }

  it('highlights the JSON, checks it as you type and shows each problem at its line', async () => {
    await openPage();
    // CodeMirror's content is the labelled textbox, with the text and the test id the page gave.
    const tools = editor('Tools');
    expect(await tools.getAttribute('data-testid')).toBe('tools-editor');
    expect(await tools.textContent()).toContain('"get_weather"');
    expect(await field('tools').locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: /^16$/ }).count()).toBe(1);
    expect(await field('tools').locator('.tok-propertyName').count()).toBeGreaterThan(5);
    // Checked once on opening: the sample's $ref to $defs is fine.
    expect(await reported('tools')).toEqual([]);
    expect(await field('tools').locator('.json-editor__status').textContent()).toBe('No problems');
    expect(await tools.getAttribute('aria-invalid')).toBe('false');

    // A misspelt type in the parameters' schema: ajv's error, at the line of the "type" key.
    const misspelt = JSON.stringify([{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'strng' } } } }], null, 2);
    await paste('Tools', misspelt);
    const where = lineColumnOf(misspelt, '"type": "strng"');
    const message = 'Tool "get_weather", parameters: "type" must be one of array, boolean, integer, null, number, object, string, not "strng"';
    await problemList('Tools').waitFor();
    expect(await problemList('Tools').getByRole('listitem').allTextContents()).toEqual([`Line ${where} ${message}`]);
    const [line, column] = where.split(':').map(Number);
    expect(await reported('tools')).toEqual([{ line, column, message }]);
    expect(await valueOf('tools')).toBe(misspelt);
    expect(await field('tools').locator('.json-editor__status').textContent()).toBe('1 problem');
    expect(await tools.getAttribute('aria-invalid')).toBe('true');
    // The gutter marks the line and the key is underlined.
    expect(await field('tools').locator('.cm-lint-marker-error').count()).toBe(1);
    expect(await field('tools').locator('.cm-lintRange-error').textContent()).toBe('"type"');
    await capture('json-schema-problem');

    // The problem's button puts the cursor on that line.
    await problemList('Tools').getByRole('button').click();
    expect(await isFocused(tools)).toBe(true);
    expect(await field('tools').locator('.cm-activeLine').textContent()).toContain('"type": "strng"');

    // A syntax error, at the character where the parse stopped.
    await paste('Tools', '[\n  { "name": "a" }\n  { "name": "b" }\n]');
    expect(await problemList('Tools').getByRole('listitem').allTextContents()).toEqual(['Line 3:3 Expected "," or "]" after an array item, found "{"']);

    // Names: allowed characters and unique.
    await paste('Tools', '[{ "name": "look up" }, { "name": "a" }, { "name": "a" }]');
    expect(await problemList('Tools').getByRole('listitem').allTextContents()).toEqual([
      'Line 1:12 Tool name "look up" is not allowed: use 1 to 64 letters, digits, "_" or "-"',
      'Line 1:52 Tool name "a" is used twice (tools 2 and 3)',
    ]);
    await capture('json-tool-names');

    // A $ref to nothing, reported at that $ref; then fixed, and nothing is left.
    const dangling = JSON.stringify([{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { x: { $ref: '#/$defs/X' } } } } }], null, 2);
    await paste('Tools', dangling);
    expect(await problemList('Tools').getByRole('listitem').allTextContents()).toEqual([
      `Line ${lineColumnOf(dangling, '"$ref"')} Tool "f", parameters: Unknown "$ref" "#/$defs/X": no definition in this schema has that path`,
    ]);
    await paste('Tools', dangling.replace('"properties"', '"$defs": { "X": { "type": "integer" } },\n"properties"'));
    await problemList('Tools').waitFor({ state: 'detached' });
    expect(await reported('tools')).toEqual([]);

    // The response schema editor checks one schema; the provider fields editor only JSON.
    await paste('Response schema', '{ "type": "object", "required": "answer" }');
    expect(await problemList('Response schema').getByRole('listitem').allTextContents()).toEqual(['Line 1:21 "required" must be an array']);
    await paste('Provider fields', '{ "seed": 7, }');
    expect(await problemList('Provider fields').getByRole('listitem').allTextContents()).toEqual(['Line 1:12 Trailing comma: remove the "," before "}"']);

    // A test (the playground's) can fill the editor by its test id, as it would a textarea.
    await page.getByTestId('json-editor').fill('{\n  "seed": 1\n}');
    expect(await valueOf('json')).toBe('{\n  "seed": 1\n}');
    await problemList('Provider fields').waitFor({ state: 'detached' });

    // A value set by the page (a restored session) replaces the text and is checked too.
    await page.getByRole('button', { name: 'Replace Provider fields' }).click();
    await problemList('Provider fields').waitFor({ state: 'detached' });
    expect(await editor('Provider fields').textContent()).toBe('{ "seed": 7 }');
    expect(await reported('json')).toEqual([]);
    await capture('json-mixed');
  });

  it('is a code editor for the keyboard: Tab indents, Escape then Tab leaves; undo, search, folding, brackets', async () => {
    await openPage();
    const fields = editor('Provider fields');
    const original = await valueOf('json');

    // Tab indents inside the editor instead of leaving it.
    await fields.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.insertText('"n": 1');
    expect(await valueOf('json')).toMatch(/\n\s+"n": 1$/);
    expect(await isFocused(fields)).toBe(true);

    // Undo history.
    for (let i = 0; i < 3 && (await valueOf('json')) !== original; i++) await page.keyboard.press('Control+Z');
    expect(await valueOf('json')).toBe(original);

    // Ctrl+Enter is the page's (Run), not the editor's.
    await page.keyboard.press('Control+Enter');
    expect(await page.locator('body').getAttribute('data-run-shortcuts')).toBe('1');
    expect(await valueOf('json')).toBe(original);

    // Escape, then Tab: focus moves on to the next control after the editor.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByRole('button', { name: 'Replace Provider fields' }))).toBe(true);
    // And Shift+Tab comes back in.
    await page.keyboard.press('Shift+Tab');
    expect(await isFocused(fields)).toBe(true);

    // Search: Ctrl+F opens CodeMirror's panel; matches are marked.
    const tools = editor('Tools');
    await tools.click();
    await page.keyboard.press('Control+F');
    const find = field('tools').getByRole('textbox', { name: 'Find' });
    await find.waitFor();
    await find.fill('city');
    await page.keyboard.press('Enter');
    expect(await field('tools').locator('.cm-searchMatch').count()).toBeGreaterThanOrEqual(2);
    await capture('json-search');
    await page.keyboard.press('Escape');
    await find.waitFor({ state: 'detached' });

    // Bracket matching: the cursor before the first "[" marks it and its partner.
    await page.keyboard.press('Control+Home');
    expect(await field('tools').locator('.cm-matchingBracket').allTextContents()).toEqual(['[', ']']);

    // Folding: the gutter folds the tool's parameters into a placeholder.
    const lines = await field('tools').locator('.cm-line').count();
    await field('tools').locator('.cm-foldGutter [title="Fold line"]').nth(1).click();
    await field('tools').locator('.cm-foldPlaceholder').waitFor();
    expect(await field('tools').locator('.cm-line').count()).toBeLessThan(lines);
    expect(await valueOf('tools')).toContain('"required"'); // folding hides, it does not delete
  });

  it('shows a labelled textarea with the same text until CodeMirror has loaded, and keeps it if loading fails', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(isEditorModule, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(new URL(JSON_PAGE, web.url).href);

    const plain = page.getByRole('textbox', { name: 'Tools', exact: true });
    await plain.waitFor();
    expect(await plain.evaluate((element) => element.tagName)).toBe('TEXTAREA');
    expect(await plain.inputValue()).toContain('"get_weather"');
    expect(await plain.getAttribute('data-testid')).toBe('tools-editor');
    await capture('json-loading');

    // Typing works at once, and CodeMirror takes over the text and the focus when it arrives.
    await plain.fill('[{ "name": "typed_early" }]');
    expect(await valueOf('tools')).toBe('[{ "name": "typed_early" }]');
    release();
    await field('tools').locator('.cm-editor').waitFor();
    const code = editor('Tools');
    expect(await code.textContent()).toBe('[{ "name": "typed_early" }]');
    expect(await isFocused(code)).toBe(true);

    // When the editor's code cannot be fetched, the textarea stays, with a word why.
    const failing = await context.newPage();
    failing.on('pageerror', (error) => pageErrors.push(error));
    await failing.route(isEditorModule, (route) => route.abort());
    await failing.goto(new URL(JSON_PAGE, web.url).href);
    await failing.getByTestId('tools-field').getByText('The JSON editor could not be loaded').waitFor();
    const fallback = failing.getByRole('textbox', { name: 'Tools', exact: true });
    await fallback.fill('[]');
    expect(await failing.getByTestId('tools-field').getAttribute('data-value')).toBe('[]');
    await expectAccessible(failing);
    await failing.close();
  });
});

const DOCUMENT = [
  '# Weather report',
  '',
  'Oslo is **cold** and *windy* today, ~~warm~~ not at all. See [the forecast](https://example.com/oslo "Forecast"), write to <team@example.com>, or [click me](javascript:alert(1)).',
  '',
  'Raw HTML stays text: <b>bold?</b> <img src=x onerror=alert(1)> and ![chart](https://example.com/chart.png).',
  '',
  '## Checklist',
  '',
  '- [x] Read the `forecast`',
  '- [ ] Pack a coat',
  '- Plain item with a nested list:',
  '  - nested',
  '',
  '3. third',
  '4. fourth',
  '',
  '> The sea is calm;',
  '> the wind is not.',
  '',
  '| City | Temperature | Sky |',
  '| :--- | ---: | :---: |',
  '| Oslo | -3 °C | clear |',
  '| Bergen | 4 °C | rain |',
  '',
  '```python',
  'def celsius(fahrenheit: float) -> float:',
  '    # the usual formula',
  '    return (fahrenheit - 32) * 5 / 9',
  '```',
  '',
  '```ts',
  'const cities: string[] = ["Oslo", "Bergen"];',
  'export function warmest(t: Record<string, number>) { return Math.max(...Object.values(t)); }',
  '```',
  '',
  '```json',
  '{ "city": "Oslo", "celsius": -3, "windy": true }',
  '```',
  '',
  '---',
  '',
  'That is all.',
].join('\n');

describe('Markdown', () => {
  const answer = () => page.getByTestId('answer');
  const codeBlock = (language: string) => answer().locator('.md-code').filter({ has: page.locator('.md-code__language', { hasText: new RegExp(`^${language}$`) }) });

  async function openPage() {
    await page.goto(new URL(MARKDOWN_PAGE, web.url).href);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  }

  const drive = {
    set: (text: string, streaming: boolean) => page.evaluate(([t, s]) => window.markdownHarness.set(t, s), [text, streaming] as const),
    append: (text: string) => page.evaluate((t) => window.markdownHarness.append(t), text),
    end: () => page.evaluate(() => window.markdownHarness.end()),
    /** Streams `text` into the page `size` characters at a time, each chunk rendered before the next. */
    stream: (text: string, size: number) =>
      page.evaluate(
        ([t, n]) => {
          for (let i = 0; i < t.length; i += n) window.markdownHarness.append(t.slice(i, i + n));
        },
        [text, size] as const,
      ),
    renders: () => page.evaluate(() => window.markdownHarness.renders()),
  };

  it('renders each element: headings, emphasis, safe links, lists, tasks, quotes, tables, highlighted code with Copy', async () => {
    await openPage();
    await drive.set(DOCUMENT, false);

    // Headings start at h3: the answer sits under the page's h2.
    await answer().getByRole('heading', { name: 'Weather report', level: 3 }).waitFor();
    await answer().getByRole('heading', { name: 'Checklist', level: 4 }).waitFor();
    expect(await answer().locator('strong').textContent()).toBe('cold');
    expect(await answer().locator('em').textContent()).toBe('windy');
    expect(await answer().locator('del').textContent()).toBe('warm');

    // Links open in a new tab without handing over the page; javascript: is not a link at all.
    const forecast = answer().getByRole('link', { name: 'the forecast' });
    expect(await forecast.getAttribute('href')).toBe('https://example.com/oslo');
    expect(await forecast.getAttribute('target')).toBe('_blank');
    expect(await forecast.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await answer().getByRole('link', { name: 'team@example.com' }).getAttribute('href')).toBe('mailto:team@example.com');
    expect(await answer().getByRole('link', { name: 'click me' }).count()).toBe(0);
    await answer().getByText('click me').waitFor();
    expect(await answer().locator('[href^="javascript"]').count()).toBe(0);

    // The model's HTML is text, never elements; an image is a link to it, not a request to its server.
    await answer().getByText('<b>bold?</b> <img src=x onerror=alert(1)>', { exact: false }).waitFor();
    expect(await answer().locator('b, img').count()).toBe(0);
    expect(await answer().getByRole('link', { name: 'Image: chart' }).getAttribute('href')).toBe('https://example.com/chart.png');

    // Lists, with task boxes that say what they are; an ordered list keeps its start.
    const checklist = answer().getByRole('list').first();
    expect(await checklist.locator(':scope > li').allTextContents()).toEqual(['Read the forecast', 'Pack a coat', 'Plain item with a nested list:nested']);
    expect(await answer().getByRole('checkbox', { name: 'Done', exact: true }).isChecked()).toBe(true);
    expect(await answer().getByRole('checkbox', { name: 'Not done' }).isChecked()).toBe(false);
    expect(await answer().getByRole('checkbox', { name: 'Done', exact: true }).isDisabled()).toBe(true);
    expect(await answer().locator('ol').getAttribute('start')).toBe('3');
    expect(await answer().locator('code.md-inline-code').textContent()).toBe('forecast');
    expect(await answer().locator('blockquote').textContent()).toBe('The sea is calm;\nthe wind is not.');

    // The table, its header cells and alignment.
    const table = answer().getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['City', 'Temperature', 'Sky']);
    expect(await table.getByRole('row').nth(2).getByRole('cell').allTextContents()).toEqual(['Bergen', '4 °C', 'rain']);
    expect(await table.getByRole('cell', { name: '-3 °C' }).evaluate((cell) => getComputedStyle(cell).textAlign)).toBe('right');

    // Code blocks are coloured once the parsers have loaded: Python, TypeScript and JSON.
    await codeBlock('python').locator('.tok-keyword', { hasText: 'def' }).waitFor();
    expect(await codeBlock('python').locator('.tok-comment').textContent()).toBe('# the usual formula');
    await codeBlock('ts').locator('.tok-keyword', { hasText: 'const' }).waitFor();
    await codeBlock('ts').locator('.tok-typeName', { hasText: 'Record' }).waitFor();
    await codeBlock('json').locator('.tok-propertyName', { hasText: '"city"' }).waitFor();
    expect(await codeBlock('python').locator('pre').textContent()).toBe(
      'def celsius(fahrenheit: float) -> float:\n    # the usual formula\n    return (fahrenheit - 32) * 5 / 9',
    );
    await answer().locator('hr').waitFor();
    await answer().getByText('That is all.').waitFor();

    // Copy puts the block's code on the clipboard.
    await codeBlock('ts').getByRole('button', { name: 'Copy' }).click();
    await codeBlock('ts').getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      'const cities: string[] = ["Oslo", "Bergen"];\nexport function warmest(t: Record<string, number>) { return Math.max(...Object.values(t)); }',
    );
    await capture('markdown');
  });

  it('while streaming, renders only the last block again, and shows an unclosed fence as code in progress', async () => {
    await openPage();
    await drive.set('', true);

    // Up to the table, then the rest: blocks finished before the table never render again.
    const cut = DOCUMENT.indexOf('| City');
    await drive.stream(DOCUMENT.slice(0, cut), 3);
    const before = await drive.renders();
    const keys = Object.keys(before).map(Number);
    const growing = Math.max(...keys);
    await drive.stream(DOCUMENT.slice(cut), 3);
    const after = await drive.renders();
    for (const key of keys.filter((k) => k !== growing)) expect({ key, renders: after[key] }).toEqual({ key, renders: before[key] });
    // The heading rendered a few times while it was being written, not once per chunk of the whole answer.
    expect(before[0]).toBeLessThanOrEqual(Math.ceil('# Weather report\n\n'.length / 3) + 2);

    // The stream ends: the same document as rendered at once.
    await drive.end();
    await codeBlock('python').locator('.tok-keyword', { hasText: 'def' }).waitFor();
    expect(await answer().getByRole('listitem').count()).toBe(6);
    expect(await answer().getByRole('table').getByRole('row').count()).toBe(3);

    // An unfinished code fence is a code block being written: plain, with a note, coloured once closed.
    await drive.set('Here is the code:\n\n```ts\nconst answer = 42;\nfunction double(n: number) {\n', true);
    const open = codeBlock('ts');
    await open.getByText('writing…').waitFor();
    expect(await open.locator('pre').textContent()).toBe('const answer = 42;\nfunction double(n: number) {');
    expect(await open.locator('.tok-keyword').count()).toBe(0);
    await capture('markdown-open-fence');
    await drive.append('  return n * 2;\n}\n```\n\nDone.');
    await drive.end();
    await open.locator('.tok-keyword', { hasText: 'function' }).waitFor();
    expect(await open.getByText('writing…').count()).toBe(0);
    expect(await open.locator('pre').textContent()).toBe('const answer = 42;\nfunction double(n: number) {\n  return n * 2;\n}');
  });

  // Its own timeout: 10,000 renders of React's development build, one per token, take minutes on a busy machine.
  it('streams a 10,000-token answer in time that grows with its length, not its square', async () => {
    await openPage();
    await drive.set('', true);
    // Token-sized pieces (a word and its space, or punctuation) of a long answer with every kind of block.
    const section = (i: number) =>
      [
        `## Part ${i}`,
        '',
        `This part explains step ${i} in some detail, with **bold** words, \`code\`, and a [link](https://example.com/${i}). It goes on for a while so that paragraphs are as long as real ones.`,
        '',
        '- one point',
        '- another point',
        '- a third point',
        '',
        '```js',
        `function step${i}(input) {`,
        '  const doubled = input * 2;',
        '  return doubled + 1;',
        '}',
        '```',
        '',
      ].join('\n');
    let text = '';
    for (let i = 1; (text.match(/\S+\s*|\s+/g) ?? []).length < 10_000; i++) text += section(i) + '\n';
    const tokens = text.match(/\S+\s*|\s+/g)!.slice(0, 10_000);

    // Each thousand tokens: how long they took, and how many block renders they caused.
    const perThousand = await page.evaluate((pieces) => {
      const harness = window.markdownHarness;
      const rendersSoFar = () => Object.values(harness.renders()).reduce((sum, n) => sum + n, 0);
      const figures: { ms: number; renders: number }[] = [];
      harness.resetRenders();
      let start = performance.now();
      let rendered = 0;
      pieces.forEach((piece, index) => {
        harness.append(piece);
        if ((index + 1) % 1000 === 0) {
          const now = performance.now();
          const total = rendersSoFar();
          figures.push({ ms: now - start, renders: total - rendered });
          start = now;
          rendered = total;
        }
      });
      return figures;
    }, tokens);
    await drive.end();

    console.log(
      `Markdown streaming (dev build), per 1,000 tokens: ${perThousand.map((f) => `${f.ms.toFixed(0)} ms / ${f.renders} renders`).join(', ')}`,
    );
    // Work per token does not grow with the answer: about one block render per token (the last
    // block) plus one when a block is finished, whether the answer is short or 9,000 tokens long.
    // (Timings are printed, not asserted: two shared cores make them too noisy to compare.)
    for (const { renders } of perThousand) expect(renders).toBeLessThan(1200);
    expect(perThousand.at(-1)!.renders).toBeLessThan(perThousand[0]!.renders * 1.2);
    expect(await answer().getByRole('heading', { level: 4 }).count()).toBeGreaterThan(50);
  }, 300_000);
});

declare global {
  interface Window {
    markdownHarness: {
      set(text: string, streaming: boolean): void;
      append(chunk: string): void;
      end(): void;
      renders(): Record<number, number>;
      resetRenders(): void;
    };
  }
}
