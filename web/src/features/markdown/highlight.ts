import { javascriptLanguage, jsxLanguage, tsxLanguage, typescriptLanguage } from '@codemirror/lang-javascript';
import { jsonLanguage } from '@codemirror/lang-json';
import { pythonLanguage } from '@codemirror/lang-python';
import { classHighlighter, highlightCode } from '@lezer/highlight';
import type { CodeLanguage } from './code-language';

/** A run of code text and the `tok-*` classes it is drawn with (markdown.css colours them). */
export interface Segment {
  text: string;
  classes: string;
}

// The same parsers CodeMirror uses, so code in answers is coloured as in the editors.
const PARSERS = {
  javascript: javascriptLanguage.parser,
  typescript: typescriptLanguage.parser,
  jsx: jsxLanguage.parser,
  tsx: tsxLanguage.parser,
  python: pythonLanguage.parser,
  json: jsonLanguage.parser,
} satisfies Record<CodeLanguage, unknown>;

/** The code cut into coloured runs; fetched with its parsers the first time an answer has code. */
export function highlight(code: string, language: CodeLanguage): Segment[] {
  const segments: Segment[] = [];
  const tree = PARSERS[language].parse(code);
  highlightCode(
    code,
    tree,
    classHighlighter,
    (text, classes) => segments.push({ text, classes }),
    () => segments.push({ text: '\n', classes: '' }),
  );
  return segments;
}
