/**
 * The text a JSON editor shows, line by line: the textarea's value while CodeMirror loads,
 * then CodeMirror's lines (its textContent runs the lines together).
 */
export function shownText(editor: HTMLElement): string {
  if (editor instanceof HTMLTextAreaElement) return editor.value;
  return Array.from(editor.querySelectorAll('.cm-line'), (line) => line.textContent).join('\n');
}
