import type { Model } from '../playground/useModels';
import { issueAt, type FieldIssue } from './field-issues';
import { ModelSelect } from './ModelSelect';

export interface JudgeFields {
  enabled: boolean;
  model: Model | null;
  rubric: string;
}

export const DEFAULT_RUBRIC = 'The replay answers the same question with the same facts as the original; wording may differ.';

interface JudgeFieldsetProps {
  value: JudgeFields;
  onChange: (value: JudgeFields) => void;
  models: Model[];
  fetching: boolean;
  modelsError: string | null;
  issues: readonly FieldIssue[];
}

/** An optional judge: a model of the workspace scoring each replay from 0 to 1 by the team's rubric. */
export function JudgeFieldset({ value, onChange, models, fetching, modelsError, issues }: JudgeFieldsetProps) {
  const rubricIssue = issueAt(issues, 'options.judge.rubric');
  return (
    <fieldset className="batch-card batch-fieldset">
      <legend>Judge</legend>
      <label className="batch-check">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} />
        Score each replay with a judge model
      </label>
      <p className="batch-hint">The judge reads the conversation, both answers and the rubric, and gives a score from 0 to 1 with a reason. Its calls count against the budget.</p>
      {value.enabled && (
        <div className="batch-grid batch-grid--two">
          <ModelSelect
            id="judge-model"
            label="Judge model"
            value={value.model}
            onChange={(model) => onChange({ ...value, model })}
            models={models}
            fetching={fetching}
            error={modelsError}
            issue={issueAt(issues, 'options.judge.provider', 'options.judge.model')}
          />
          <div className="batch-field">
            <label htmlFor="judge-rubric">Rubric</label>
            <textarea
              id="judge-rubric"
              rows={3}
              value={value.rubric}
              onChange={(e) => onChange({ ...value, rubric: e.target.value })}
              aria-invalid={rubricIssue ? true : undefined}
              aria-describedby={rubricIssue ? 'judge-rubric-issue' : undefined}
            />
            {rubricIssue && (
              <span id="judge-rubric-issue" className="batch-error">
                {rubricIssue}
              </span>
            )}
          </div>
        </div>
      )}
    </fieldset>
  );
}
