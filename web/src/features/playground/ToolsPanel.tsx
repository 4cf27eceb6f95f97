import { memo, useId, useState } from 'react';
import type { JsonProblem } from '../json-editor/JsonEditor';
import { CheckedJsonEditor } from './CheckedJsonEditor';
import { issueAt, toolNames, type Problem } from './run-input';
import type { ToolsDraft } from './session';
import './editor.css';

interface ToolsPanelProps {
  tools: ToolsDraft;
  onChange: (change: Partial<ToolsDraft>) => void;
  problems: readonly Problem[];
  onEditorProblems: (editor: string, problems: JsonProblem[]) => void;
}

/** What "Insert an example" writes: one function, in the flat shape the editor takes. */
export const EXAMPLE_TOOLS = `[
  {
    "name": "get_weather",
    "description": "The current weather in a city",
    "parameters": {
      "type": "object",
      "properties": {
        "city": { "type": "string" },
        "unit": { "type": "string", "enum": ["celsius", "fahrenheit"] }
      },
      "required": ["city"],
      "additionalProperties": false
    }
  }
]`;

/** Function definitions (a JSON editor that checks each `parameters` schema as you type), tool choice and parallel calls. */
export const ToolsPanel = memo(function ToolsPanel({ tools, onChange, problems, onEditorProblems }: ToolsPanelProps) {
  const names = toolNames(tools);
  const [open, setOpen] = useState(tools.definitions.trim() !== '');
  const choiceId = useId();
  const parallelId = useId();
  const issue = issueAt(problems, 'tools');
  const choices = ['auto', 'none', 'required', ...names.map((n) => `function:${n}`)];
  if (tools.choice && !choices.includes(tools.choice)) choices.push(tools.choice);

  return (
    <details className="panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="tools-panel">
      <summary>
        <span className="panel__title">Tools</span>
        <span className="panel__summary">{names.length === 0 ? 'none' : `${names.length} function${names.length === 1 ? '' : 's'}: ${names.join(', ')}`}</span>
      </summary>
      {open && (
        <div className="panel__body">
          <span className="param__label">Function definitions</span>
          <CheckedJsonEditor label="Function definitions" kind="tools" rows={12} testId="tools-editor" value={tools.definitions} onChange={(definitions) => onChange({ definitions })} onProblems={onEditorProblems} />
          {tools.definitions.trim() === '' && (
            <p className="empty-note">
              A JSON array of functions, each <code>{'{ name, description, parameters }'}</code> with a JSON Schema for its parameters.{' '}
              <button type="button" className="button--link" onClick={() => onChange({ definitions: EXAMPLE_TOOLS })}>
                Insert an example
              </button>
            </p>
          )}
          {issue && <p className="field-error">{issue}</p>}
          <div className="param-grid">
            <div className="param">
              <label htmlFor={choiceId}>Tool choice</label>
              <select id={choiceId} data-testid="tool-choice" value={tools.choice} onChange={(e) => onChange({ choice: e.target.value })}>
                <option value="">default</option>
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {c.startsWith('function:') ? `call ${c.slice('function:'.length)}` : c}
                  </option>
                ))}
              </select>
              {issueAt(problems, 'toolChoice') && <span className="field-error">{issueAt(problems, 'toolChoice')}</span>}
            </div>
            <div className="param">
              <label htmlFor={parallelId}>Parallel tool calls</label>
              <select id={parallelId} data-testid="parallel-tool-calls" value={tools.parallel} onChange={(e) => onChange({ parallel: e.target.value })}>
                <option value="">default</option>
                <option value="true">allowed</option>
                <option value="false">one call at a time</option>
              </select>
              {issueAt(problems, 'parallelToolCalls') && <span className="field-error">{issueAt(problems, 'parallelToolCalls')}</span>}
            </div>
          </div>
        </div>
      )}
    </details>
  );
});
