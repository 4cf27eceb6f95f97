import { Lexer, type Links, type Token } from 'marked';

/** One top-level piece of the document (a paragraph, a list, a code block …) and where it starts. */
export interface Block {
  /** The offset of the block in the (line-break normalised) text: stable while text is appended, so it is the React key. */
  key: number;
  raw: string;
  token: Token;
}

/** The document cut into blocks, with what the next call needs to carry on from it. */
export interface BlockSplit {
  text: string;
  blocks: Block[];
  /** Link reference definitions seen so far: `[x]: https://…` may come before the `[text][x]` that uses it. */
  links: Links;
}

function lexFrom(text: string, offset: number, links: Links): { blocks: Block[]; links: Links } {
  const lexer = new Lexer({ gfm: true });
  Object.assign(lexer.tokens.links, links);
  const blocks: Block[] = [];
  let at = offset;
  // marked's top-level tokens cover the text end to end (each consumes its `raw`), so offsets add up.
  for (const token of lexer.lex(text.slice(offset))) {
    if (token.type !== 'space' && token.type !== 'def') blocks.push({ key: at, raw: token.raw, token });
    at += token.raw.length;
  }
  return { blocks, links: lexer.tokens.links };
}

/**
 * Cuts markdown into top-level blocks. While `streaming`, text only grows at the end, so
 * everything before the last block is kept from `previous` as it was (the same objects, which
 * React.memo then skips) and only the last block is lexed again: a new token costs the size of
 * the last block, not of the whole answer, and a long answer does not become quadratic.
 *
 * A block is final once another block follows it. The few constructs that a later block can
 * still change (a list continued after a paragraph of its own, a reference defined after its
 * use) are put right by the full parse done when streaming ends, which also keeps every
 * block whose text is unchanged.
 */
export function splitBlocks(input: string, streaming: boolean, previous?: BlockSplit): BlockSplit {
  // marked turns \r\n into \n before lexing; doing it first keeps offsets and raws in step.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;

  if (streaming && previous) {
    const last = previous.blocks.at(-1);
    const resume = last ? last.key : 0;
    // Compared with slice and ===, not startsWith: on strings built by += (as a stream's are),
    // V8's startsWith walks them character by character, and that made every token cost the whole answer.
    const before = previous.text;
    if (text.length >= before.length && text.slice(0, before.length) === before) {
      const tail = lexFrom(text, resume, previous.links);
      const kept = last ? previous.blocks.slice(0, -1) : previous.blocks;
      return { text, blocks: kept.concat(tail.blocks), links: tail.links };
    }
  }

  const full = lexFrom(text, 0, {});
  const blocks = full.blocks.map((block, index) => {
    const before = previous?.blocks[index];
    return before && before.key === block.key && before.raw === block.raw ? before : block;
  });
  return { text, blocks, links: full.links };
}

/**
 * Whether a code block is still waiting for its closing fence: while streaming, the model is
 * in the middle of writing it. Only the last line is looked at, so this stays cheap as the code grows.
 */
export function isUnclosedFence(token: Token): boolean {
  if (token.type !== 'code' || token.codeBlockStyle === 'indented') return false;
  const raw = token.raw;
  let end = raw.length;
  while (end > 0 && raw[end - 1] === '\n') end--;
  const lastBreak = raw.lastIndexOf('\n', end - 1);
  if (lastBreak === -1) return true; // only the opening fence so far
  const opening = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
  if (!opening) return false;
  const lastLine = raw.slice(lastBreak + 1, end);
  const closing = new RegExp(`^ {0,3}${opening[0] === '`' ? '`' : '~'}{${opening.length},}[ \\t]*$`);
  return !closing.test(lastLine);
}
