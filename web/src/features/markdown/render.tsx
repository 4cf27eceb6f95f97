import { Fragment, type ReactNode } from 'react';
import type { Token, Tokens } from 'marked';
import { CodeBlock } from './CodeBlock';
import { decodeEntities, safeHref } from './links';

/*
 * marked's tokens turned into React elements. Nothing here ever hands HTML to the browser:
 * HTML the model writes is shown as the text it is, and links keep only safe hrefs (links.ts).
 */

export interface RenderOptions {
  /** The heading element a `#` heading becomes (`##` one below it, down to h6). */
  headingLevel: number;
  /** The last block is a code fence still being written. */
  open: boolean;
}

function Checkbox({ checked }: { checked: boolean }) {
  return <input type="checkbox" className="md-task__box" checked={checked} disabled readOnly aria-label={checked ? 'Done' : 'Not done'} />;
}

function Link({ token }: { token: Tokens.Link }) {
  const href = safeHref(token.href);
  if (!href) {
    return (
      <span className="md-link--refused" title={`Not a link: only http, https and mailto links open (${token.href})`}>
        {inline(token.tokens)}
      </span>
    );
  }
  return (
    <a href={href} title={token.title ?? undefined} target="_blank" rel="noopener noreferrer">
      {inline(token.tokens)}
    </a>
  );
}

/**
 * An image becomes a link to it rather than an <img>: loading a URL the model chose would let a
 * prompt injection send the conversation to any server, in the image's query string.
 */
function Image({ token }: { token: Tokens.Image }) {
  const href = safeHref(token.href);
  const alt = token.text || 'image';
  if (!href) return <span className="md-link--refused">[{alt}]</span>;
  return (
    <a className="md-image" href={href} title={token.title ?? undefined} target="_blank" rel="noopener noreferrer">
      Image: {alt}
    </a>
  );
}

function inlineToken(token: Token): ReactNode {
  switch (token.type) {
    case 'text':
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text);
    case 'escape':
      return token.text;
    case 'strong':
      return <strong>{inline(token.tokens)}</strong>;
    case 'em':
      return <em>{inline(token.tokens)}</em>;
    case 'del':
      return <del>{inline(token.tokens)}</del>;
    case 'codespan':
      return <code className="md-inline-code">{token.text}</code>;
    case 'br':
      return <br />;
    case 'link':
      return <Link token={token as Tokens.Link} />;
    case 'image':
      return <Image token={token as Tokens.Image} />;
    case 'checkbox':
      return <Checkbox checked={(token as Tokens.Checkbox).checked} />;
    case 'html':
      // Shown as written: markup from a model is text, never elements.
      return token.text;
    default:
      return token.raw;
  }
}

export function inline(tokens: Token[] | undefined): ReactNode {
  return tokens?.map((token, index) => <Fragment key={index}>{inlineToken(token)}</Fragment>);
}

function Table({ token }: { token: Tokens.Table }) {
  const align = (index: number) => token.align[index] ?? undefined;
  return (
    // Focusable because wide tables scroll sideways, and keyboard users must be able to scroll them.
    <div className="md-table" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {token.header.map((cell, index) => (
              <th key={index} scope="col" style={{ textAlign: align(index) }}>
                {inline(cell.tokens)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {token.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, index) => (
                <td key={index} style={{ textAlign: align(index) }}>
                  {inline(cell.tokens)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function List({ token, options }: { token: Tokens.List; options: RenderOptions }) {
  const items = token.items.map((item, index) => (
    <li key={index} className={item.task ? 'md-task' : undefined}>
      {blocks(item.tokens, options)}
    </li>
  ));
  if (!token.ordered) return <ul>{items}</ul>;
  return <ol start={token.start === '' || token.start === 1 ? undefined : token.start}>{items}</ol>;
}

function blockToken(token: Token, options: RenderOptions): ReactNode {
  switch (token.type) {
    case 'heading': {
      const { depth, tokens } = token as Tokens.Heading;
      const Heading = `h${Math.min(6, options.headingLevel + depth - 1)}` as 'h3';
      return <Heading className={`md-heading md-heading--${depth}`}>{inline(tokens)}</Heading>;
    }
    case 'paragraph':
      return <p>{inline((token as Tokens.Paragraph).tokens)}</p>;
    case 'text':
      // A tight list item's text: inline content without a paragraph around it.
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text as string);
    case 'list':
      return <List token={token as Tokens.List} options={options} />;
    case 'blockquote':
      return <blockquote>{blocks((token as Tokens.Blockquote).tokens, { ...options, open: false })}</blockquote>;
    case 'code': {
      const code = token as Tokens.Code;
      return <CodeBlock code={code.text} info={code.lang} open={options.open} />;
    }
    case 'table':
      return <Table token={token as Tokens.Table} />;
    case 'hr':
      return <hr />;
    case 'html':
      return <p className="md-html">{(token as Tokens.HTML).text}</p>;
    case 'checkbox':
      return <Checkbox checked={(token as Tokens.Checkbox).checked} />;
    case 'space':
    case 'def':
      return null;
    default:
      return <p>{token.raw}</p>;
  }
}

export function blocks(tokens: Token[], options: RenderOptions): ReactNode {
  return tokens.map((token, index) => <Fragment key={index}>{blockToken(token, options)}</Fragment>);
}

/** One top-level block of the answer. */
export function BlockContent({ token, options }: { token: Token; options: RenderOptions }) {
  return blockToken(token, options);
}
