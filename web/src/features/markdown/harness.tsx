// The markdown renderer alone on a page, for the browser tests: not imported by the app.
// No StrictMode here: it renders twice in development, and the tests count renders.
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { startTheme } from '../theme/theme';
import { Markdown } from './Markdown';
import '../../styles.css';
import '../json-editor/harness.css';

/** What the tests drive the page with (page.evaluate). Each call renders before it returns. */
export interface MarkdownHarness {
  /** Replaces the text. */
  set(text: string, streaming: boolean): void;
  /** Appends a chunk, as a streamed token does. */
  append(chunk: string): void;
  /** The stream has ended. */
  end(): void;
  /** How many times each block (by its key, its offset) has rendered since the last reset. */
  renders(): Record<number, number>;
  resetRenders(): void;
}

declare global {
  interface Window {
    markdownHarness: MarkdownHarness;
  }
}

const renders = new Map<number, number>();
const countRender = (key: number) => renders.set(key, (renders.get(key) ?? 0) + 1);

function Harness() {
  const [state, setState] = useState({ text: '', streaming: false });

  useEffect(() => {
    window.markdownHarness = {
      set: (text, streaming) => flushSync(() => setState({ text, streaming })),
      append: (chunk) => flushSync(() => setState((s) => ({ text: s.text + chunk, streaming: true }))),
      end: () => flushSync(() => setState((s) => ({ ...s, streaming: false }))),
      renders: () => Object.fromEntries(renders),
      resetRenders: () => renders.clear(),
    };
    document.body.dataset.ready = 'true';
  }, []);

  return (
    <main className="harness">
      <h1>Markdown test page</h1>
      <section className="harness__field" aria-labelledby="answer-heading">
        <h2 id="answer-heading">Answer</h2>
        <div data-testid="answer" data-streaming={state.streaming}>
          <Markdown text={state.text} streaming={state.streaming} onBlockRender={countRender} />
        </div>
      </section>
    </main>
  );
}

startTheme();
createRoot(document.getElementById('root')!).render(<Harness />);
