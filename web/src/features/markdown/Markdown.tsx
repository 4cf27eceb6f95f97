import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { isUnclosedFence, splitBlocks, type Block, type BlockSplit } from './blocks';
import { BlockContent, type RenderOptions } from './render';
import './markdown.css';

export interface MarkdownProps {
  /** The markdown so far; while `streaming`, it grows a few characters at a time. */
  text: string;
  /** True while more text is coming: the last block may be unfinished (an open code fence, half a table). */
  streaming?: boolean;
  /** The heading element a `#` heading becomes; default 3, as answers sit under the page's h2. */
  headingLevel?: number;
  /** Called each time a block renders, with its key (its offset in the text): how tests see that finished blocks are left alone. */
  onBlockRender?(key: number): void;
}

interface BlockViewProps {
  block: Block;
  headingLevel: number;
  open: boolean;
  onRender?(key: number): void;
}

// Memoised on the block object: splitBlocks keeps the same object for a block that has not changed.
const BlockView = memo(function BlockView({ block, headingLevel, open, onRender }: BlockViewProps) {
  onRender?.(block.key);
  const options = useMemo<RenderOptions>(() => ({ headingLevel, open }), [headingLevel, open]);
  return <BlockContent token={block.token} options={options} />;
});

/** Blocks per group: a new token re-renders the last group and compares the others by reference. */
const GROUP_SIZE = 32;

interface BlockGroupProps {
  blocks: Block[];
  headingLevel: number;
  /** The key of the block that is a code fence still being written, or -1. */
  openKey: number;
  onRender?(key: number): void;
}

const sameGroup = (a: BlockGroupProps, b: BlockGroupProps) =>
  a.headingLevel === b.headingLevel &&
  a.openKey === b.openKey &&
  a.onRender === b.onRender &&
  a.blocks.length === b.blocks.length &&
  a.blocks.every((block, index) => block === b.blocks[index]);

/*
 * Without groups, every token would make React walk one element per block of the answer, and
 * a long answer would cost more per token the longer it got. A block stays in the same group
 * for good (group = index / GROUP_SIZE), so nothing is ever remounted.
 */
const BlockGroup = memo(function BlockGroup({ blocks, headingLevel, openKey, onRender }: BlockGroupProps) {
  return blocks.map((block) => <BlockView key={block.key} block={block} headingLevel={headingLevel} open={block.key === openKey} onRender={onRender} />);
}, sameGroup);

/** The model's answer as markdown, built as React elements from marked's tokens (never as HTML). */
export function Markdown({ text, streaming = false, headingLevel = 3, onBlockRender }: MarkdownProps) {
  const previous = useRef<BlockSplit | undefined>(undefined);
  const split = useMemo(() => splitBlocks(text, streaming, previous.current), [text, streaming]);
  useLayoutEffect(() => {
    previous.current = split;
  }, [split]);

  const { blocks } = split;
  const last = blocks.at(-1);
  const openKey = streaming && last && isUnclosedFence(last.token) ? last.key : -1;
  const groups: Block[][] = [];
  for (let start = 0; start < blocks.length; start += GROUP_SIZE) groups.push(blocks.slice(start, start + GROUP_SIZE));

  return (
    <div className="markdown">
      {groups.map((group, index) => (
        <BlockGroup
          key={index}
          blocks={group}
          headingLevel={headingLevel}
          openKey={index === groups.length - 1 ? openKey : -1}
          onRender={onBlockRender}
        />
      ))}
    </div>
  );
}
