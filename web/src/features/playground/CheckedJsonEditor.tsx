import { useEffect, useRef } from 'react';
import { JsonEditor, type JsonEditorProps, type JsonProblem } from '../json-editor/JsonEditor';

interface CheckedJsonEditorProps extends Omit<JsonEditorProps, 'onProblems'> {
  /** Reports this editor's problems under its label; an empty list when it goes away, so that a closed panel blocks nothing. */
  onProblems: (editor: string, problems: JsonProblem[]) => void;
}

/** The JSON editor, its problems reported by name to the page that keeps Run disabled while there are any. */
export function CheckedJsonEditor({ onProblems, ...props }: CheckedJsonEditorProps) {
  const report = useRef(onProblems);
  useEffect(() => {
    report.current = onProblems;
  });
  const { label } = props;
  useEffect(() => () => report.current(label, []), [label]);
  return <JsonEditor {...props} onProblems={(problems) => report.current(label, problems)} />;
}
