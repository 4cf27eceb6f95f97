import { isUnclosedFence, splitBlocks, type BlockSplit } from '../../../features/markdown/blocks';
import type { Token } from 'marked';

const DOCUMENT = [
  '# Weather report',
  '',
  'Oslo is **cold** today, see [the forecast](https://example.com/oslo) and [ref][yr].',
  '',
  '- first',
  '- [x] second',
  '',
  '1. one',
  '2. two',
  '',
  '> A quote',
  '> over two lines',
  '',
  '| City | °C |',
  '| :--- | -: |',
  '| Oslo | -3 |',
  '',
  '```python',
  'def f(x):',
  '    return x * 2',
  '```',
  '',
  '[yr]: https://yr.no',
  '',
  'Done.',
].join('\n');

/** What a split shows, without object identity: [key, token type, raw]. */
const shape = (split: BlockSplit) => split.blocks.map((b) => [b.key, b.token.type, b.raw]);

/** Feeds `text` to splitBlocks a few characters at a time, as a stream would, then ends the stream. */
function stream(text: string, chunk: number): { steps: BlockSplit[]; final: BlockSplit } {
  const steps: BlockSplit[] = [];
  let split: BlockSplit | undefined;
  for (let end = chunk; end < text.length + chunk; end += chunk) {
    split = splitBlocks(text.slice(0, end), true, split);
    steps.push(split);
  }
  return { steps, final: splitBlocks(text, false, split) };
}

describe('splitBlocks', () => {
  it('cuts a document into its top-level blocks, keyed by where each starts', () => {
    const split = splitBlocks(DOCUMENT, false);
    expect(split.blocks.map((b) => b.token.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'blockquote', 'table', 'code', 'paragraph']);
    for (const block of split.blocks) expect(DOCUMENT.slice(block.key, block.key + block.raw.length)).toBe(block.raw);
    // The definition is no block of its own, but the paragraph before it links with it.
    const links = JSON.stringify(split.blocks[1]!.token);
    expect(links).toContain('https://yr.no');
  });

  it('normalises \\r\\n so offsets still match the text marked lexed', () => {
    const split = splitBlocks('a\r\n\r\nb\r\n', false);
    expect(shape(split)).toEqual([
      [0, 'paragraph', 'a'],
      [3, 'paragraph', 'b\n'],
    ]);
  });

  it('while streaming, keeps every block but the last as the same object', () => {
    const { steps } = stream(DOCUMENT, 3);
    for (let i = 1; i < steps.length; i++) {
      const before = steps[i - 1]!.blocks;
      const after = steps[i]!.blocks;
      // All blocks of the previous step but its last are carried over untouched.
      for (let b = 0; b < before.length - 1; b++) expect(after[b]).toBe(before[b]);
    }
  });

  it('ends a stream with what a full parse gives, keeping the blocks that did not change', () => {
    for (const chunk of [1, 2, 5, 17]) {
      const { steps, final } = stream(DOCUMENT, chunk);
      expect(shape(final)).toEqual(shape(splitBlocks(DOCUMENT, false)));
      const lastStep = steps.at(-1)!;
      final.blocks.forEach((block, index) => {
        if (lastStep.blocks[index]?.raw === block.raw) expect(block).toBe(lastStep.blocks[index]);
      });
    }
  });

  it('a list continued after a blank line is one list again once the stream ends', () => {
    const text = 'Steps:\n\n1. a\n\n2. b\n\n3. c';
    const { final } = stream(text, 1);
    expect(final.blocks.map((b) => b.token.type)).toEqual(['paragraph', 'list']);
    expect((final.blocks[1]!.token as Token & { items: unknown[] }).items).toHaveLength(3);
  });

  it('lexes everything again when the text was not appended to (a retry, another answer)', () => {
    const first = splitBlocks('Hello\n\nWorld', true);
    const other = splitBlocks('Goodbye\n\nWorld', true, first);
    expect(shape(other)).toEqual([
      [0, 'paragraph', 'Goodbye'],
      [9, 'paragraph', 'World'],
    ]);
    expect(splitBlocks('', true, other).blocks).toEqual([]);
  });

  it('uses a reference defined in an earlier, finished block', () => {
    let split = splitBlocks('[docs]: https://example.com/docs\n\nIntro.\n\n', true);
    split = splitBlocks('[docs]: https://example.com/docs\n\nIntro.\n\nRead [the docs][docs].', true, split);
    expect(JSON.stringify(split.blocks.at(-1)!.token)).toContain('"href":"https://example.com/docs"');
  });
});

describe('isUnclosedFence', () => {
  const last = (text: string) => splitBlocks(text, true).blocks.at(-1)!.token;

  it('sees a fence still being written', () => {
    expect(isUnclosedFence(last('```'))).toBe(true);
    expect(isUnclosedFence(last('```js\n'))).toBe(true);
    expect(isUnclosedFence(last('```js\nconst a = 1;\n'))).toBe(true);
    expect(isUnclosedFence(last('````\ncode\n```'))).toBe(true); // a shorter fence does not close a longer one
    expect(isUnclosedFence(last('~~~\ncode\n```'))).toBe(true);
  });

  it('sees a closed fence, and an indented block, as finished', () => {
    expect(isUnclosedFence(last('```js\nconst a = 1;\n```'))).toBe(false);
    expect(isUnclosedFence(last('```js\nconst a = 1;\n```\n\n'))).toBe(false);
    expect(isUnclosedFence(last('```\ncode\n`````'))).toBe(false);
    expect(isUnclosedFence(last('Intro:\n\n    indented code'))).toBe(false);
    expect(isUnclosedFence(last('A paragraph'))).toBe(false);
  });

  it('while streaming, an unclosed fence is the last block and holds all the text after it', () => {
    const split = splitBlocks('Here:\n\n```py\nprint(1)\n\n# still code', true);
    expect(split.blocks.map((b) => b.token.type)).toEqual(['paragraph', 'code']);
    expect((split.blocks[1]!.token as Token & { text: string }).text).toBe('print(1)\n\n# still code');
  });
});
