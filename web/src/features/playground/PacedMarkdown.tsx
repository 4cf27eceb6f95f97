import { lazy, memo, Suspense, useEffect, useLayoutEffect, useRef, useState } from 'react';

// The markdown renderer (and its code highlighter) arrives with the first answer, not with the page.
// Memoised: a render of this wrapper that does not change the text leaves it alone.
const Markdown = lazy(() => import('../markdown/Markdown').then((m) => ({ default: memo(m.Markdown) })));

/** At most this share of the main thread goes to re-rendering a streaming answer; the rest is the typist's. */
const SHARE = 0.25;

interface PacedMarkdownProps {
  text: string;
  streaming: boolean;
  headingLevel: number;
}

/**
 * The answer as markdown, re-rendered while it streams only as often as it
 * can afford: each render's cost is measured, and the next waits for three
 * times as long, so a long last paragraph (re-read whole with every token)
 * cannot take the frames that typing needs. A short answer renders every
 * frame; the finished answer renders at once, whole.
 */
export function PacedMarkdown({ text, streaming, headingLevel }: PacedMarkdownProps) {
  const [shown, setShown] = useState(text);
  const latest = useRef(text);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cost = useRef({ ms: 0, at: 0 });
  const renderedText = useRef<string | null>(null);
  const startedAt = performance.now();

  useEffect(() => {
    latest.current = text;
    if (!streaming) {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      setShown(text);
      return;
    }
    if (timer.current !== null) return;
    const wait = Math.max(0, cost.current.at + (cost.current.ms * (1 - SHARE)) / SHARE - performance.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      setShown(latest.current);
    }, wait);
  }, [text, streaming]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      // Forgotten too: after StrictMode's trial unmount the next text must be able to schedule its own render.
      timer.current = null;
    },
    [],
  );

  const current = streaming ? shown : text;
  // The render and commit of a changed text, the part of its cost that this page controls.
  useLayoutEffect(() => {
    if (renderedText.current === current) return;
    renderedText.current = current;
    const now = performance.now();
    cost.current = { ms: now - startedAt, at: now };
  });

  return (
    <Suspense fallback={<div className="answer__plain">{current}</div>}>
      <Markdown text={current} streaming={streaming} headingLevel={headingLevel} />
    </Suspense>
  );
}
