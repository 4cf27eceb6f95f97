import { Component, lazy, Suspense, useLayoutEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import type { EditorEvents, Handoff, JsonEditorKind, JsonProblem } from './types';
import './json-editor.css';

export type { JsonEditorKind, JsonProblem } from './types';

export interface JsonEditorProps {
  /** The accessible name of the editor. */
  label: string;
  value: string;
  onChange(text: string): void;
  kind: JsonEditorKind;
  /** Called with every problem in the current text (empty when valid), after each change. */
  onProblems?(problems: JsonProblem[]): void;
  /** Lines shown before it scrolls; default 12. */
  rows?: number;
  /** Set on the editable element (the textarea, then CodeMirror's content), so a test can fill it. */
  testId?: string;
}

// CodeMirror and ajv are fetched when the first editor is shown, not with the page.
const CodeEditor = lazy(() => import('./CodeEditor'));

interface PlainEditorProps {
  label: string;
  /** What is shown under the textarea: why there are no checks yet, or at all. */
  note: string;
  value: string;
  events: { current: EditorEvents };
  handoff: { current: Handoff | null };
  testId?: string;
}

/** The textarea shown until CodeMirror has loaded: the same text, usable at once. */
function PlainEditor({ label, note, value, events, handoff, testId }: PlainEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const element = area.current;
    return () => {
      if (element && document.activeElement === element) {
        handoff.current = { anchor: element.selectionStart, head: element.selectionEnd };
      }
    };
  }, [handoff]);
  return (
    <>
      <textarea
        ref={area}
        className="json-editor__box json-editor__plain"
        aria-label={label}
        data-testid={testId}
        spellCheck={false}
        value={value}
        onChange={(event) => events.current.onChange(event.target.value)}
      />
      <div className="json-editor__footer">
        <p className="json-editor__note">{note}</p>
      </div>
    </>
  );
}

/** When the editor's code cannot be fetched (offline, a new deploy), the textarea stays, with a word why. */
class LoadFailure extends Component<{ failed: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.failed : this.props.children;
  }
}

export function JsonEditor({ label, value, onChange, kind, onProblems, rows = 12, testId }: JsonEditorProps) {
  const events = useRef<EditorEvents>({ onChange, onProblems });
  // Before any effect of the editor can fire: the callbacks of this render are the ones called.
  useLayoutEffect(() => {
    events.current = { onChange, onProblems };
  });
  const handoff = useRef<Handoff | null>(null);
  const plain = (note: string) => <PlainEditor label={label} note={note} value={value} events={events} handoff={handoff} testId={testId} />;

  return (
    <div className="json-editor" style={{ '--json-editor-rows': rows } as CSSProperties}>
      <LoadFailure failed={plain('The JSON editor could not be loaded, so this is plain text without checks. Reload the page to try again.')}>
        <Suspense fallback={plain('Loading the editor and its checks…')}>
          <CodeEditor label={label} value={value} kind={kind} testId={testId} events={events} handoff={handoff} />
        </Suspense>
      </LoadFailure>
    </div>
  );
}
