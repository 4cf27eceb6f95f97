import { memo, useEffect, useRef, useState, type RefObject } from 'react';
import { codeLanguage, type CodeLanguage } from './code-language';
import type { Segment } from './highlight';

type Highlighter = typeof import('./highlight');

// The parsers are fetched once, when the first answer with coloured code is shown.
let highlighter: Promise<Highlighter> | undefined;
const loadHighlighter = () => (highlighter ??= import('./highlight'));

/** The code's coloured runs once they are ready; null while loading, for other languages, or if loading failed. */
function useHighlighted(code: string, language: CodeLanguage | null, enabled: boolean): Segment[] | null {
  const [done, setDone] = useState<{ code: string; language: CodeLanguage; segments: Segment[] } | null>(null);
  useEffect(() => {
    if (!enabled || !language) return;
    let live = true;
    loadHighlighter().then(
      ({ highlight }) => {
        if (live) setDone({ code, language, segments: highlight(code, language) });
      },
      // Without the parsers the code stays readable, just plain.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, language, enabled]);
  return enabled && done && done.code === code && done.language === language ? done.segments : null;
}

const LINES_PER_CHUNK = 40;

/** One slice of code still being written; memoised so that a new token redraws only the last slice. */
const Chunk = memo(function Chunk({ text }: { text: string }) {
  return <>{text}</>;
});

/** Code in progress, cut every LINES_PER_CHUNK lines: the finished slices are left alone as the last one grows. */
function GrowingCode({ code }: { code: string }) {
  const chunks: string[] = [];
  let start = 0;
  let lines = 0;
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) {
    if (++lines === LINES_PER_CHUNK) {
      chunks.push(code.slice(start, at + 1));
      start = at + 1;
      lines = 0;
    }
  }
  chunks.push(code.slice(start));
  return chunks.map((chunk, index) => <Chunk key={index} text={chunk} />);
}

type CopyState = 'idle' | 'copied' | 'failed';

function CopyButton({ code, pre }: { code: string; pre: RefObject<HTMLPreElement | null> }) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setState('copied');
    } catch {
      // No clipboard (an insecure page, a refused permission): select the code so Ctrl+C copies it.
      const element = pre.current;
      const selection = window.getSelection();
      if (element && selection) selection.selectAllChildren(element);
      setState('failed');
    }
  };

  return (
    <>
      <button type="button" className="md-code__copy" onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Selected: press Ctrl+C' : 'Copy'}
      </button>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? 'Code copied to the clipboard' : state === 'failed' ? 'Could not copy; the code is selected' : ''}
      </span>
    </>
  );
}

export interface CodeBlockProps {
  code: string;
  /** The fence's info string: its first word names the language. */
  info?: string;
  /** Still being written (streaming, no closing fence yet): shown plain, with a note, coloured once finished. */
  open?: boolean;
}

/** A fenced or indented code block: language, Copy, and the code coloured when its language is known. */
export const CodeBlock = memo(function CodeBlock({ code, info, open = false }: CodeBlockProps) {
  const pre = useRef<HTMLPreElement>(null);
  const name = (info ?? '').trim().split(/\s+/)[0] ?? '';
  const language = codeLanguage(name);
  const segments = useHighlighted(code, language, !open);

  return (
    <div className={open ? 'md-code md-code--open' : 'md-code'}>
      <div className="md-code__bar">
        <span className="md-code__language">{name || 'code'}</span>
        {open && <span className="md-code__progress">writing…</span>}
        <CopyButton code={code} pre={pre} />
      </div>
      {/* Focusable: long lines scroll sideways, and keyboard users must be able to scroll too. */}
      <pre ref={pre} className="md-code__pre" tabIndex={0}>
        <code>
          {segments
            ? segments.map((segment, index) =>
                segment.classes ? (
                  <span key={index} className={segment.classes}>
                    {segment.text}
                  </span>
                ) : (
                  segment.text
                ),
              )
            : open
              ? <GrowingCode code={code} />
              : code}
        </code>
      </pre>
    </div>
  );
});
