/** @jest-environment jsdom */
import '../support/jsdom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Markdown } from '../../../features/markdown/Markdown';

const md = (...lines: string[]) => lines.join('\n');

/** The code block (its bar and its code) around the element with this text. */
const codeBlockOf = (text: string) => screen.getByText(text, { selector: 'pre code, pre code *', exact: false }).closest('.md-code') as HTMLElement;

describe('Markdown', () => {
  it('makes # headings the page’s level 3 and below, or from the level it is given', () => {
    const { rerender } = render(<Markdown text={md('# Weather', '', '## In Oslo', '', '###### Deep')} />);
    expect(screen.getByRole('heading', { level: 3, name: 'Weather' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 4, name: 'In Oslo' })).toBeTruthy();
    // Never past h6.
    expect(screen.getByRole('heading', { level: 6, name: 'Deep' })).toBeTruthy();

    rerender(<Markdown text="# Weather" headingLevel={2} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Weather' })).toBeTruthy();
  });

  it('renders emphasis, inline code, lists, task lists, quotes and tables', () => {
    const { container } = render(
      <Markdown
        text={md(
          'It is **cold** and *windy*; call `get_weather` again.',
          '',
          '- scarf',
          '- [x] hat',
          '- [ ] gloves',
          '',
          '3. third',
          '4. fourth',
          '',
          '> Dress warmly.',
          '',
          '| City | °C |',
          '| :--- | -: |',
          '| Oslo | -3 |',
        )}
      />,
    );
    expect(screen.getByText('cold').tagName).toBe('STRONG');
    expect(screen.getByText('windy').tagName).toBe('EM');
    expect(screen.getByText('get_weather').tagName).toBe('CODE');

    const [bullets, numbered] = screen.getAllByRole('list');
    expect(within(bullets!).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['scarf', 'hat', 'gloves']);
    expect(screen.getByRole('checkbox', { name: 'Done' })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: 'Not done' })).toHaveProperty('checked', false);
    expect(screen.getByRole('checkbox', { name: 'Done' })).toHaveProperty('disabled', true);
    expect(numbered!.tagName).toBe('OL');
    expect(numbered!.getAttribute('start')).toBe('3');
    expect(within(numbered!).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['third', 'fourth']);

    expect(container.querySelector('blockquote')?.textContent).toBe('Dress warmly.');
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['City', '°C']);
    expect(within(table).getAllByRole('cell').map((td) => td.textContent)).toEqual(['Oslo', '-3']);
    expect(within(table).getByRole('cell', { name: '-3' }).style.textAlign).toBe('right');
  });

  it('shows a fenced code block with its language and a Copy button that copies the code', async () => {
    const user = userEvent.setup();
    render(<Markdown text={md('```python', 'def double(x):', '    return x * 2', '```')} />);
    const block = codeBlockOf('def');
    expect(within(block).getByText('python')).toBeTruthy();
    expect(block.querySelector('pre')?.textContent).toBe('def double(x):\n    return x * 2');
    // Coloured once the parsers have loaded; the text stays the same.
    await waitFor(() => expect(block.querySelector('pre .tok-keyword')?.textContent).toBe('def'));
    expect(block.querySelector('pre')?.textContent).toBe('def double(x):\n    return x * 2');

    await user.click(within(block).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('def double(x):\n    return x * 2');
    expect(within(block).getByRole('button', { name: 'Copied' })).toBeTruthy();
    expect(within(block).getByRole('status').textContent).toBe('Code copied to the clipboard');
  });

  it('selects the code for Ctrl+C when the clipboard refuses', async () => {
    const user = userEvent.setup();
    render(<Markdown text={md('```', 'ls -la', '```')} />);
    const refuse = import.meta.jest.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('Write permission denied'));
    const block = codeBlockOf('ls -la');
    expect(within(block).getByText('code')).toBeTruthy();

    await user.click(within(block).getByRole('button', { name: 'Copy' }));
    expect(await within(block).findByRole('button', { name: 'Selected: press Ctrl+C' })).toBeTruthy();
    expect(within(block).getByRole('status').textContent).toBe('Could not copy; the code is selected');
    expect(window.getSelection()?.toString()).toBe('ls -la');
    refuse.mockRestore();
  });

  it('opens only http, https and mailto links, in a new tab, and never loads an image', () => {
    const { container } = render(
      <Markdown
        text={md(
          'See [the forecast](https://example.com/oslo "Yr"), [mail us](mailto:team@example.com),',
          '[a trick](javascript:alert(1)), [inside the app](/settings) and ![the chart](https://example.com/chart.png).',
        )}
      />,
    );
    const forecast = screen.getByRole('link', { name: 'the forecast' });
    expect(forecast.getAttribute('href')).toBe('https://example.com/oslo');
    expect(forecast.getAttribute('target')).toBe('_blank');
    expect(forecast.getAttribute('rel')).toBe('noopener noreferrer');
    expect(forecast.getAttribute('title')).toBe('Yr');
    expect(screen.getByRole('link', { name: 'mail us' }).getAttribute('href')).toBe('mailto:team@example.com');

    for (const refused of ['a trick', 'inside the app']) {
      expect(screen.queryByRole('link', { name: refused })).toBeNull();
      expect(screen.getByText(refused).getAttribute('title')).toMatch(/^Not a link: only http, https and mailto links open/);
    }
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: 'Image: the chart' }).getAttribute('href')).toBe('https://example.com/chart.png');
  });

  it('shows HTML the model writes as text, never as elements', () => {
    const { container } = render(<Markdown text={md('Hello <b onclick="x()">there</b>', '', '<script>alert(1)</script>', '', 'Fish &amp; chips')} />);
    expect(container.querySelector('b, script')).toBeNull();
    expect(container.textContent).toContain('Hello <b onclick="x()">there</b>');
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(screen.getByText('Fish & chips')).toBeTruthy();
  });

  it('while streaming, shows an unfinished fence as code being written, then colours it once it closes', async () => {
    const start = md('Here is the function:', '', '```js', 'const a = 1;');
    const { rerender } = render(<Markdown text={start} streaming />);
    const block = codeBlockOf('const a = 1;');
    expect(within(block).getByText('writing…')).toBeTruthy();
    expect(within(block).getByText('js')).toBeTruthy();
    expect(block.querySelector('pre')?.textContent).toBe('const a = 1;');
    expect(screen.getByText('Here is the function:').tagName).toBe('P');

    rerender(<Markdown text={md(start, 'const b = 2;')} streaming />);
    expect(block.querySelector('pre')?.textContent).toBe('const a = 1;\nconst b = 2;');
    // Not coloured while it is still being written: the parse would be thrown away at the next token.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(block.querySelector('pre [class^="tok-"]')).toBeNull();

    rerender(<Markdown text={md(start, 'const b = 2;', '```', '', 'Done.')} />);
    const finished = codeBlockOf('const a = 1;');
    expect(within(finished).queryByText('writing…')).toBeNull();
    expect(screen.getByText('Done.').tagName).toBe('P');
    await waitFor(() => expect(finished.querySelector('pre .tok-keyword')?.textContent).toBe('const'));
  });

  it('while streaming, leaves finished blocks alone as the last one grows', () => {
    const renders = new Map<number, number>();
    const count = (key: number) => renders.set(key, (renders.get(key) ?? 0) + 1);
    const first = 'A finished paragraph.\n\n';
    const { rerender } = render(<Markdown text={`${first}The next one`} streaming onBlockRender={count} />);
    rerender(<Markdown text={`${first}The next one grows`} streaming onBlockRender={count} />);
    rerender(<Markdown text={`${first}The next one grows and grows`} streaming onBlockRender={count} />);
    expect(screen.getByText('The next one grows and grows')).toBeTruthy();
    expect(renders.get(0)).toBe(1);
    expect(renders.get(first.length)).toBe(3);
  });
});
