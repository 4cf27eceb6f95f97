import { useId, useMemo, useState } from 'react';
import type { ModelChoice } from './session';
import type { Model } from './useModels';
import './editor.css';

/** A model's identity in the select; JSON so that no provider or model name can collide. */
const modelKey = (m: Pick<Model, 'provider' | 'name'>) => JSON.stringify([m.provider, m.name]);
const CUSTOM = '__custom__';
const INHERIT = '__inherit__';

interface ModelPickerProps {
  id: string;
  value: ModelChoice;
  onChange: (choice: ModelChoice) => void;
  models: Model[];
  fetching: boolean;
  error: string | null;
  /** Offer "as in the editor" (the value '' model), for a comparison's variant. */
  inheritLabel?: string;
  /** The gateway's or the editor's words about the model, shown under it. */
  issue?: string | null;
  testId?: string;
}

/** Providers in the order their first model comes, each with its models. */
function groupByProvider(models: Model[]): { provider: string; label: string; models: Model[] }[] {
  const groups = new Map<string, { provider: string; label: string; models: Model[] }>();
  for (const m of models) {
    const group = groups.get(m.provider) ?? { provider: m.provider, label: m.providerLabel, models: [] };
    group.models.push(m);
    groups.set(m.provider, group);
  }
  return [...groups.values()];
}

/**
 * Every provider's models, grouped, with a filter for long lists; a model id
 * the list does not have (a fine-tune just made, a deployment) can be typed,
 * with the provider to send it to.
 */
export function ModelPicker({ id, value, onChange, models, fetching, error, inheritLabel, issue, testId = 'model-picker' }: ModelPickerProps) {
  const [filter, setFilter] = useState('');
  const [typing, setTyping] = useState(false);
  const filterId = useId();
  const providerId = useId();
  const customId = useId();

  const listed = models.find((m) => m.name === value.model && m.provider === value.provider) ?? null;
  const inherit = inheritLabel !== undefined && value.model === '' && !typing;
  const custom = !inherit && (typing || (value.model !== '' && !listed) || (inheritLabel === undefined && value.model === '' && !fetching && models.length === 0));
  const selected = inherit ? INHERIT : custom ? CUSTOM : listed ? modelKey(listed) : '';

  const { groups, matchCount } = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (m: Model) => words.every((w) => `${m.providerLabel} ${m.provider} ${m.name}`.toLowerCase().includes(w));
    // The chosen model stays in the list whatever the filter, or the select would show another.
    const shown = models.filter((m) => matches(m) || (listed !== null && modelKey(m) === modelKey(listed)));
    return { groups: groupByProvider(shown), matchCount: models.filter(matches).length };
  }, [models, filter, listed]);
  const providers = useMemo(() => groupByProvider(models), [models]);

  const choose = (key: string) => {
    if (key === CUSTOM) {
      setTyping(true);
      return;
    }
    setTyping(false);
    if (key === INHERIT) return onChange({ provider: '', model: '' });
    const model = models.find((m) => modelKey(m) === key);
    if (model) onChange({ provider: model.provider, model: model.name });
  };

  return (
    <div className="model-picker">
      <div className="model-picker__row">
        {models.length > 0 && (
          <input
            id={filterId}
            className="model-picker__filter"
            type="search"
            aria-label="Filter the list by name or provider"
            placeholder="Filter…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        )}
        <select id={id} data-testid={testId} value={selected} disabled={fetching && models.length === 0} onChange={(e) => choose(e.target.value)}>
          {inheritLabel !== undefined && <option value={INHERIT}>{inheritLabel}</option>}
          {selected === '' && <option value="">{fetching ? 'Loading models…' : 'Choose a model'}</option>}
          {groups.map((group) => (
            <optgroup key={group.provider} label={group.label}>
              {group.models.map((m) => (
                // The provider in the option's own text: a closed select shows only the option.
                <option key={modelKey(m)} value={modelKey(m)}>
                  {m.providerLabel} · {m.name}
                </option>
              ))}
            </optgroup>
          ))}
          {filter && matchCount === 0 && <option disabled>No model matches “{filter}”</option>}
          <optgroup label="Not listed">
            <option value={CUSTOM}>Type a model id…</option>
          </optgroup>
        </select>
      </div>
      {custom && (
        <div className="model-picker__custom">
          <div className="model-picker__field">
            <label htmlFor={providerId}>Provider</label>
            <select id={providerId} value={value.provider} onChange={(e) => onChange({ ...value, provider: e.target.value })}>
              <option value="">Default provider</option>
              {providers.map((p) => (
                <option key={p.provider} value={p.provider}>
                  {p.label}
                </option>
              ))}
              {value.provider !== '' && !providers.some((p) => p.provider === value.provider) && <option value={value.provider}>{value.provider}</option>}
            </select>
          </div>
          <div className="model-picker__field model-picker__field--wide">
            <label htmlFor={customId}>Model id</label>
            <input
              id={customId}
              data-testid={`${testId}-custom`}
              value={value.model}
              placeholder="e.g. ft:gpt-4o-mini:acme::abc123"
              spellCheck={false}
              onChange={(e) => onChange({ ...value, model: e.target.value })}
            />
          </div>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          Could not load models: {error}
        </p>
      )}
      {issue && <p className="field-error">{issue}</p>}
    </div>
  );
}
