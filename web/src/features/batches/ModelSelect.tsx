import { useId, useState } from 'react';
import type { Model } from '../playground/useModels';
import { groupModels, modelKey as keyOf } from './model-groups';

interface ModelSelectProps {
  id: string;
  label: string;
  value: Model | null;
  onChange: (model: Model | null) => void;
  models: Model[];
  fetching: boolean;
  error: string | null;
  /** The words of the "no override" choice (each request's own model); none when a model is required. */
  keepLabel?: string;
  /** Set when the API refused the choice: said below it and tied to it. */
  issue?: string | null;
}

/**
 * A model, picked from the gateway's list grouped by provider, with a filter
 * box above that narrows the list as one types (custom and fine-tuned ids
 * are in the list as their provider has them).
 */
export function ModelSelect({ id, label, value, onChange, models, fetching, error, keepLabel, issue }: ModelSelectProps) {
  const [query, setQuery] = useState('');
  const filterId = useId();
  const issueId = `${id}-issue`;
  const groups = groupModels(models, query);
  // The chosen model stays listed whatever the filter, so the select never shows a value it does not have.
  const hidden = value && !groups.some((g) => g.models.some((m) => keyOf(m) === keyOf(value)));
  const shown = groups.reduce((n, g) => n + g.models.length, 0);

  return (
    <div className="batch-field batch-model-select">
      <label htmlFor={id}>{label}</label>
      <div className="batch-model-select__row">
        <input
          id={filterId}
          type="search"
          className="batch-model-select__filter"
          aria-label={`Filter models (${label})`}
          placeholder="Filter models"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          id={id}
          value={value ? keyOf(value) : ''}
          disabled={models.length === 0 && !keepLabel}
          aria-invalid={issue ? true : undefined}
          aria-describedby={issue ? issueId : undefined}
          onChange={(e) => onChange(models.find((m) => keyOf(m) === e.target.value) ?? null)}
        >
          {keepLabel && <option value="">{keepLabel}</option>}
          {!keepLabel && !value && <option value="">{fetching ? 'Loading models…' : models.length ? 'Pick a model' : 'No models available'}</option>}
          {hidden && (
            <option value={keyOf(value)}>
              {value.providerLabel} · {value.name}
            </option>
          )}
          {groups.map((group) => (
            <optgroup key={group.provider} label={group.label}>
              {group.models.map((m) => (
                <option key={keyOf(m)} value={keyOf(m)}>
                  {m.name}
                  {m.isDefault ? ' (default)' : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      {query && (
        <p className="batch-hint" aria-live="polite">
          {shown === 0 ? `No model matches “${query}”.` : `${shown} of ${models.length} models match.`}
        </p>
      )}
      {error && (
        <p className="batch-error" role="alert">
          Could not load models: {error}
        </p>
      )}
      {issue && (
        <p id={issueId} className="batch-error">
          {issue}
        </p>
      )}
    </div>
  );
}
