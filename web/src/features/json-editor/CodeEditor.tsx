import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Annotation, Compartment, EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { memo, useEffect, useId, useRef, useState } from 'react';
import { jsonEditorExtensions } from './editor-setup';
import { findJsonProblems, type LocatedProblem } from './json-problems';
import type { EditorEvents, Handoff, JsonEditorKind } from './types';

interface CodeEditorProps {
  label: string;
  value: string;
  kind: JsonEditorKind;
  testId?: string;
  events: { current: EditorEvents };
  handoff: { current: Handoff | null };
}

/** Marks a change that came in through the `value` prop: the page knows it already. */
const fromProps = Annotation.define<boolean>();

const summary = (count: number) => (count === 1 ? '1 problem' : `${count} problems`);

function contentAttributes(label: string, testId: string | undefined, problemsId: string, invalid: boolean) {
  return EditorView.contentAttributes.of({
    // Focusable as far as axe can tell (it does not count contenteditable), so a scrolling editor passes its keyboard check.
    tabindex: '0',
    'aria-label': label,
    'aria-describedby': problemsId,
    'aria-invalid': String(invalid),
    ...(testId ? { 'data-testid': testId } : {}),
  });
}

/** CodeMirror with the JSON checks: the part of the editor that is fetched when first needed. */
function CodeEditor({ label, value, kind, testId, events, handoff }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const attributes = useRef(new Compartment());
  const kindNow = useRef(kind);
  const [problems, setProblems] = useState<LocatedProblem[]>([]);
  const problemsId = useId();

  // Checks the text as it is now: the underlines and gutter marks, the list below, and the page.
  const check = useRef(() => {
    const editor = view.current;
    if (!editor) return;
    const text = editor.state.doc.toString();
    const found = findJsonProblems(text, kindNow.current);
    const length = editor.state.doc.length;
    const diagnostics: Diagnostic[] = found.map((p) => ({
      from: Math.min(p.from, length),
      to: Math.min(Math.max(p.to, p.from), length),
      severity: 'error',
      message: p.message,
    }));
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
    setProblems(found);
    events.current.onProblems?.(found.map(({ line, column, message }) => ({ line, column, message })));
  });

  useEffect(() => {
    let pending = false;
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          jsonEditorExtensions(),
          attributes.current.of(contentAttributes(label, testId, problemsId, false)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            if (!update.transactions.some((t) => t.annotation(fromProps))) events.current.onChange(update.state.doc.toString());
            // After this update has finished (a listener may not dispatch), and once for a burst of changes.
            if (!pending) {
              pending = true;
              queueMicrotask(() => {
                pending = false;
                check.current();
              });
            }
          }),
        ],
      }),
    });
    view.current = editor;
    check.current();
    // Typing had begun in the textarea: carry on here, at the same place.
    const place = handoff.current;
    if (place) {
      const clamp = (n: number) => Math.min(n, editor.state.doc.length);
      editor.dispatch({ selection: EditorSelection.single(clamp(place.anchor), clamp(place.head)) });
      editor.focus();
    }
    return () => {
      view.current = null;
      editor.destroy();
    };
    // Made once; the effects below carry later props into it.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value }, annotations: fromProps.of(true) });
  }, [value]);

  useEffect(() => {
    if (kindNow.current === kind) return;
    kindNow.current = kind;
    check.current();
  }, [kind]);

  const invalid = problems.length > 0;
  useEffect(() => {
    view.current?.dispatch({ effects: attributes.current.reconfigure(contentAttributes(label, testId, problemsId, invalid)) });
  }, [label, testId, problemsId, invalid]);

  const reveal = (problem: LocatedProblem) => {
    const editor = view.current;
    if (!editor) return;
    const at = Math.min(problem.from, editor.state.doc.length);
    editor.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    editor.focus();
  };

  return (
    <>
      <div ref={host} className={invalid ? 'json-editor__box json-editor__box--invalid' : 'json-editor__box'} />
      <div className="json-editor__footer" id={problemsId}>
        <p className={invalid ? 'json-editor__status json-editor__status--invalid' : 'json-editor__status'} role="status">
          {invalid ? summary(problems.length) : 'No problems'}
        </p>
        <p className="json-editor__hint">Tab indents · Esc then Tab leaves · Ctrl+F finds</p>
      </div>
      {invalid && (
        <ul className="json-editor__problems" aria-label={`Problems in ${label}`}>
          {problems.map((problem, index) => (
            <li key={`${problem.from}:${index}`}>
              <button type="button" className="json-editor__problem" onClick={() => reveal(problem)}>
                <span className="json-editor__where">
                  Line {problem.line}:{problem.column}
                </span>{' '}
                {problem.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export default memo(CodeEditor);
