import { memo, useId, useState } from 'react';
import type { JsonProblem } from '../json-editor/JsonEditor';
import { CheckedJsonEditor } from './CheckedJsonEditor';
import { issueAt, type Problem } from './run-input';
import type { ParamsDraft } from './session';
import './editor.css';

export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'];

interface ParameterPanelProps {
  params: ParamsDraft;
  onChange: (change: Partial<ParamsDraft>) => void;
  /** The editor's and the gateway's words about parameter fields. */
  problems: readonly Problem[];
  onEditorProblems: (editor: string, problems: JsonProblem[]) => void;
}

interface NumberFieldProps {
  field: keyof ParamsDraft;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  problems: readonly Problem[];
  step?: string;
  min?: string;
  max?: string;
  /** Digits only, as text: a seed beyond 2^53 would lose digits in a number input. */
  digits?: boolean;
}

function NumberField({ field, label, hint, value, onChange, problems, step, min, max, digits }: NumberFieldProps) {
  const id = useId();
  const issue = issueAt(problems, field);
  return (
    <div className="param">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={`param-${field}`}
        type={digits ? 'text' : 'number'}
        inputMode={digits ? 'numeric' : 'decimal'}
        step={step}
        min={min}
        max={max}
        value={value}
        placeholder="default"
        aria-describedby={`${id}-hint`}
        aria-invalid={issue ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-hint`} className="param__hint">
        {hint}
      </span>
      {issue && <span className="field-error">{issue}</span>}
    </div>
  );
}

/** Stop sequences, one input each; a newline is typed as \n. */
function StopList({ stop, onChange, problems }: { stop: string[]; onChange: (stop: string[]) => void; problems: readonly Problem[] }) {
  const issue = issueAt(problems, 'stop');
  return (
    <fieldset className="param param--wide stop-list">
      <legend>Stop sequences</legend>
      {stop.map((s, i) => (
        <div className="stop-list__item" key={i}>
          <input
            aria-label={`Stop sequence ${i + 1}`}
            value={s}
            spellCheck={false}
            onChange={(e) => onChange(stop.map((x, j) => (j === i ? e.target.value : x)))}
          />
          <button type="button" className="button--icon" aria-label={`Remove stop sequence ${i + 1}`} onClick={() => onChange(stop.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <div className="stop-list__actions">
        <button type="button" className="button--small" disabled={stop.length >= 4} onClick={() => onChange([...stop, ''])}>
          Add stop sequence
        </button>
        <span className="param__hint">Up to 4; write a newline as \n, a tab as \t.</span>
      </div>
      {issue && <span className="field-error">{issue}</span>}
    </fieldset>
  );
}

/** What the summary line says is set, so that a closed panel still tells. */
function setSummary(params: ParamsDraft): string {
  const set: string[] = [];
  const add = (name: string, value: string) => value.trim() && set.push(`${name} ${value.trim()}`);
  add('temperature', params.temperature);
  add('top_p', params.topP);
  add('max tokens', params.maxTokens);
  add('max completion tokens', params.maxCompletionTokens);
  if (params.stop.some(Boolean)) set.push(`${params.stop.filter(Boolean).length} stop`);
  add('seed', params.seed);
  add('presence', params.presencePenalty);
  add('frequency', params.frequencyPenalty);
  add('effort', params.reasoningEffort);
  add('n', params.n);
  add('user', params.user);
  if (params.logitBias.trim()) set.push('logit bias');
  if (params.extra.trim()) set.push('provider fields');
  return set.length ? set.join(' · ') : 'provider defaults';
}


/**
 * The sampling parameters; a field left empty is not sent, so the model's
 * own default applies. Open by default when a loaded request set any.
 */
export const ParameterPanel = memo(function ParameterPanel({ params, onChange, problems, onEditorProblems }: ParameterPanelProps) {
  const summary = setSummary(params);
  const [open, setOpen] = useState(summary !== 'provider defaults');
  const advancedSet = params.stop.some(Boolean) || params.logitBias.trim() !== '' || params.extra.trim() !== '';
  // Open by itself when the gateway refuses one of its fields, so the words are seen.
  const advancedProblem = problems.some((p) => /^(overrides\.|input\.)?(stop|logitBias|extra)\b/.test(p.field));
  const [advancedChoice, setAdvancedOpen] = useState<boolean | null>(null);
  const advancedOpen = advancedChoice ?? (advancedSet || advancedProblem);
  const effortId = useId();
  const userId = useId();
  const field = (key: keyof ParamsDraft) => (value: string) => onChange({ [key]: value });
  const common = { problems };

  return (
    <details className="panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="parameters">
      <summary>
        <span className="panel__title">Parameters</span>
        <span className="panel__summary">{summary}</span>
      </summary>
      {open && (
        <div className="panel__body">
          <div className="param-grid">
            <NumberField {...common} field="temperature" label="Temperature" hint="0 to 2" step="0.1" min="0" max="2" value={params.temperature} onChange={field('temperature')} />
            <NumberField {...common} field="topP" label="Top P" hint="0 to 1" step="0.05" min="0" max="1" value={params.topP} onChange={field('topP')} />
            <NumberField {...common} field="maxTokens" label="Max tokens" hint="max_tokens" step="1" min="1" value={params.maxTokens} onChange={field('maxTokens')} />
            <NumberField
              {...common}
              field="maxCompletionTokens"
              label="Max completion tokens"
              hint="reasoning models"
              step="1"
              min="1"
              value={params.maxCompletionTokens}
              onChange={field('maxCompletionTokens')}
            />
            <NumberField {...common} field="seed" label="Seed" hint="any whole number" digits value={params.seed} onChange={field('seed')} />
            <NumberField {...common} field="n" label="Choices (n)" hint="the first streams" step="1" min="1" value={params.n} onChange={field('n')} />
            <NumberField {...common} field="presencePenalty" label="Presence penalty" hint="−2 to 2" step="0.1" min="-2" max="2" value={params.presencePenalty} onChange={field('presencePenalty')} />
            <NumberField {...common} field="frequencyPenalty" label="Frequency penalty" hint="−2 to 2" step="0.1" min="-2" max="2" value={params.frequencyPenalty} onChange={field('frequencyPenalty')} />
            <div className="param">
              <label htmlFor={effortId}>Reasoning effort</label>
              <select id={effortId} data-testid="param-reasoningEffort" value={params.reasoningEffort} onChange={(e) => onChange({ reasoningEffort: e.target.value })}>
                <option value="">default</option>
                {REASONING_EFFORTS.map((e) => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
                {params.reasoningEffort && !REASONING_EFFORTS.includes(params.reasoningEffort) && <option value={params.reasoningEffort}>{params.reasoningEffort}</option>}
              </select>
              <span className="param__hint">reasoning models</span>
              {issueAt(problems, 'reasoningEffort') && <span className="field-error">{issueAt(problems, 'reasoningEffort')}</span>}
            </div>
            <div className="param">
              <label htmlFor={userId}>User</label>
              <input id={userId} data-testid="param-user" value={params.user} placeholder="none" onChange={(e) => onChange({ user: e.target.value })} />
              <span className="param__hint">your end user’s id</span>
              {issueAt(problems, 'user') && <span className="field-error">{issueAt(problems, 'user')}</span>}
            </div>
          </div>
          <details className="panel panel--nested" open={advancedOpen} onToggle={(e) => e.currentTarget.open !== advancedOpen && setAdvancedOpen(e.currentTarget.open)} data-testid="parameters-more">
            <summary>
              <span className="panel__title">More</span>
              <span className="panel__summary">stop sequences, logit bias, provider-specific fields</span>
            </summary>
            {advancedOpen && (
              <div className="panel__body">
                <StopList stop={params.stop} onChange={(stop) => onChange({ stop })} problems={problems} />
                <div className="param param--wide">
                  <span className="param__label">Logit bias</span>
                  <CheckedJsonEditor
                    label="Logit bias"
                    kind="json"
                    rows={3}
                    testId="param-logitBias"
                    value={params.logitBias}
                    onChange={field('logitBias')}
                    onProblems={onEditorProblems}
                  />
                  <span className="param__hint">
                    <code>{'{ "token id": bias }'}</code>, each bias from −100 to 100.
                  </span>
                  {issueAt(problems, 'logitBias') && <span className="field-error">{issueAt(problems, 'logitBias')}</span>}
                </div>
                <div className="param param--wide">
                  <span className="param__label">Provider-specific fields</span>
                  <CheckedJsonEditor
                    label="Provider-specific fields"
                    kind="json"
                    rows={5}
                    testId="param-extra"
                    value={params.extra}
                    onChange={field('extra')}
                    onProblems={onEditorProblems}
                  />
                  <span className="param__hint">
                    Other body fields as a JSON object, e.g. <code>{'{ "top_k": 40 }'}</code>; the fields above win over them.
                  </span>
                  {issueAt(problems, 'extra') && <span className="field-error">{issueAt(problems, 'extra')}</span>}
                </div>
              </div>
            )}
          </details>
        </div>
      )}
    </details>
  );
});
