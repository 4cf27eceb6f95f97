import { memo, useId, useState } from 'react';
import type { JsonProblem } from '../json-editor/JsonEditor';
import { CheckedJsonEditor } from './CheckedJsonEditor';
import { issueAt, type Problem } from './run-input';
import type { ResponseFormatDraft } from './session';
import './editor.css';

interface ResponseFormatPanelProps {
  format: ResponseFormatDraft;
  onChange: (change: Partial<ResponseFormatDraft>) => void;
  problems: readonly Problem[];
  onEditorProblems: (editor: string, problems: JsonProblem[]) => void;
}

const SUMMARY: Record<string, string> = { '': 'text (default)', text: 'text', json_object: 'any JSON object', json_schema: 'JSON matching a schema' };

/** The answer's format; for `json_schema`, the schema in a JSON editor that checks it as you type. Works together with tools. */
export const ResponseFormatPanel = memo(function ResponseFormatPanel({ format, onChange, problems, onEditorProblems }: ResponseFormatPanelProps) {
  const [open, setOpen] = useState(format.type !== '');
  const typeId = useId();
  const nameId = useId();
  const descriptionId = useId();
  const strictId = useId();
  const at = (field: string) => issueAt(problems, `responseFormat.${field}`);

  return (
    <details className="panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="response-format-panel">
      <summary>
        <span className="panel__title">Response format</span>
        <span className="panel__summary">{SUMMARY[format.type] ?? format.type}{format.type === 'json_schema' && format.name ? `: ${format.name}` : ''}</span>
      </summary>
      {open && (
        <div className="panel__body">
          <div className="param-grid">
            <div className="param">
              <label htmlFor={typeId}>Type</label>
              <select id={typeId} data-testid="response-format-type" value={format.type} onChange={(e) => onChange({ type: e.target.value })}>
                <option value="">default (text)</option>
                <option value="text">text</option>
                <option value="json_object">json_object</option>
                <option value="json_schema">json_schema</option>
              </select>
              {at('type') && <span className="field-error">{at('type')}</span>}
            </div>
            {format.type === 'json_schema' && (
              <>
                <div className="param">
                  <label htmlFor={nameId}>Schema name</label>
                  <input id={nameId} data-testid="response-format-name" value={format.name} placeholder="e.g. weather_report" onChange={(e) => onChange({ name: e.target.value })} />
                  {at('name') && <span className="field-error">{at('name')}</span>}
                </div>
                <div className="param">
                  <label htmlFor={strictId}>Strict</label>
                  <select id={strictId} value={format.strict} onChange={(e) => onChange({ strict: e.target.value })}>
                    <option value="">default</option>
                    <option value="true">strict</option>
                    <option value="false">not strict</option>
                  </select>
                </div>
                <div className="param">
                  <label htmlFor={descriptionId}>Description</label>
                  <input id={descriptionId} value={format.description} placeholder="optional" onChange={(e) => onChange({ description: e.target.value })} />
                </div>
              </>
            )}
          </div>
          {format.type === 'json_schema' && (
            <div className="param param--wide">
              <span className="param__label">Schema</span>
              <CheckedJsonEditor label="Response schema" kind="json-schema" rows={10} testId="response-schema-editor" value={format.schema} onChange={(schema) => onChange({ schema })} onProblems={onEditorProblems} />
              {at('schema') && <span className="field-error">{at('schema')}</span>}
            </div>
          )}
        </div>
      )}
    </details>
  );
});
