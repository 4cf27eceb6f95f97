import { issueAt, type FieldIssue } from './field-issues';
import { InputField } from './InputField';
import { NUMBER_PARAMETERS, type ParameterFields } from './overrides';

interface ParameterFieldsetProps {
  value: ParameterFields;
  onChange: (value: ParameterFields) => void;
  issues: readonly FieldIssue[];
}

const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'];

/** Every ReplayOverrides parameter a bulk replay can change; left empty, each request keeps its own. */
export function ParameterFieldset({ value, onChange, issues }: ParameterFieldsetProps) {
  const set = (name: keyof ParameterFields) => (e: { target: { value: string } }) => onChange({ ...value, [name]: e.target.value });
  const issue = (name: string) => issueAt(issues, `overrides.${name}`);
  const selectIssue = (name: string) => {
    const message = issue(name);
    return message ? (
      <span id={`override-${name}-issue`} className="batch-error">
        {message}
      </span>
    ) : null;
  };

  return (
    <fieldset className="batch-card batch-fieldset">
      <legend>Parameters</legend>
      <p className="batch-hint">Empty fields keep each request’s own value, exactly as recorded.</p>
      <div className="batch-grid">
        {NUMBER_PARAMETERS.map((p) => (
          <InputField
            key={p.name}
            id={`override-${p.name}`}
            label={p.label}
            hint={p.hint}
            inputMode="decimal"
            placeholder="As recorded"
            value={value[p.name]}
            onChange={set(p.name)}
            issue={issue(p.name)}
          />
        ))}
        <InputField id="override-seed" label="Seed" hint="any whole number" inputMode="numeric" placeholder="As recorded" value={value.seed} onChange={set('seed')} issue={issue('seed')} />
        <div className="batch-field">
          <label htmlFor="override-reasoningEffort">Reasoning effort</label>
          <select id="override-reasoningEffort" value={value.reasoningEffort} onChange={set('reasoningEffort')} aria-describedby={issue('reasoningEffort') ? 'override-reasoningEffort-issue' : undefined}>
            <option value="">As recorded</option>
            {REASONING_EFFORTS.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
          {selectIssue('reasoningEffort')}
        </div>
        <div className="batch-field">
          <label htmlFor="override-toolChoice">Tool choice</label>
          <select id="override-toolChoice" value={value.toolChoice} onChange={set('toolChoice')} aria-describedby={issue('toolChoice') ? 'override-toolChoice-issue' : undefined}>
            <option value="">As recorded</option>
            <option value="auto">auto</option>
            <option value="none">none</option>
            <option value="required">required</option>
          </select>
          {selectIssue('toolChoice')}
        </div>
        <div className="batch-field">
          <label htmlFor="override-parallelToolCalls">Parallel tool calls</label>
          <select id="override-parallelToolCalls" value={value.parallelToolCalls} onChange={set('parallelToolCalls')}>
            <option value="">As recorded</option>
            <option value="true">Allowed</option>
            <option value="false">One call a turn</option>
          </select>
          {selectIssue('parallelToolCalls')}
        </div>
        <InputField id="override-user" label="User" hint="the user field sent" placeholder="As recorded" value={value.user} onChange={set('user')} issue={issue('user')} />
      </div>
      <div className="batch-grid batch-grid--two">
        <div className="batch-field">
          <label htmlFor="override-stop">Stop sequences</label>
          <textarea
            id="override-stop"
            rows={2}
            placeholder="As recorded; one a line"
            value={value.stop}
            onChange={set('stop')}
            aria-invalid={issue('stop') ? true : undefined}
            aria-describedby={issue('stop') ? 'override-stop-issue' : undefined}
          />
          {selectIssue('stop')}
        </div>
        <div className="batch-field">
          <label htmlFor="override-extra">Other body fields (JSON)</label>
          <textarea
            id="override-extra"
            rows={2}
            spellCheck={false}
            placeholder='e.g. {"top_k": 40}'
            value={value.extra}
            onChange={set('extra')}
            aria-invalid={issue('extra') ? true : undefined}
            aria-describedby={issue('extra') ? 'override-extra-issue' : undefined}
          />
          {selectIssue('extra')}
        </div>
        <InputField
          id="override-remove"
          label="Leave out fields"
          hint="body fields not to send, with commas, e.g. functions"
          placeholder="None"
          value={value.remove}
          onChange={set('remove')}
          issue={issue('remove')}
          wide
        />
      </div>
    </fieldset>
  );
}
