import { memo, useId } from 'react';
import { issueAt, type Problem } from './run-input';
import './editor.css';

interface VariablesPanelProps {
  /** The names the messages use, in order. */
  names: string[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  problems: readonly Problem[];
  /** A replay whose messages are untouched sends them as stored: nothing is filled in. */
  unused?: boolean;
}

/** An input for every `{{name}}` the messages use; the values are sent as `variables` and filled in by the gateway. */
export const VariablesPanel = memo(function VariablesPanel({ names, values, onChange, problems, unused }: VariablesPanelProps) {
  const id = useId();
  return (
    <section className="variables" aria-labelledby={`${id}-heading`} data-testid="variables">
      <h2 id={`${id}-heading`} className="section-title">
        Variables
      </h2>
      {names.length === 0 ? (
        <p className="empty-note">
          None yet. Write <code>{'{{name}}'}</code> in a message and an input for it appears here.
        </p>
      ) : (
        <>
          {unused && <p className="empty-note">The stored conversation is sent as it is unless you edit it, so these are only filled in once you do.</p>}
          <div className="variables__grid">
            {names.map((name) => {
              const issue = issueAt(problems, `variables.${name}`);
              return (
                <div className="variable" key={name}>
                  <label htmlFor={`${id}-${name}`}>
                    <code>{`{{${name}}}`}</code>
                  </label>
                  <input
                    id={`${id}-${name}`}
                    data-testid={`variable-${name}`}
                    value={values[name] ?? ''}
                    placeholder="value"
                    aria-invalid={issue && !unused ? true : undefined}
                    onChange={(e) => onChange(name, e.target.value)}
                  />
                  {issue && !unused && <span className="field-error">{issue}</span>}
                </div>
              );
            })}
          </div>
        </>
      )}
    </section>
  );
});
