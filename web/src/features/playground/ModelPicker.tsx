import type { Model } from './useModels';

/** A model's identity in the picker; JSON so that no provider or model name can collide. */
const modelKey = (m: Pick<Model, 'provider' | 'name'>) => JSON.stringify([m.provider, m.name]);

interface ModelPickerProps {
  id: string;
  value: Model | null;
  onChange: (model: Model) => void;
  models: Model[];
  fetching: boolean;
  error: string | null;
}

export function ModelPicker({ id, value, onChange, models, fetching, error }: ModelPickerProps) {
  return (
    <>
      <select
        id={id}
        data-testid="model-picker"
        value={value ? modelKey(value) : ''}
        disabled={models.length === 0}
        onChange={(e) => {
          const model = models.find((m) => modelKey(m) === e.target.value);
          if (model) onChange(model);
        }}
      >
        {models.length === 0 && <option value="">{fetching ? 'Loading models…' : 'No models available'}</option>}
        {models.map((m) => (
          <option key={modelKey(m)} value={modelKey(m)}>
            {m.providerLabel} · {m.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" role="alert">
          Could not load models: {error}
        </p>
      )}
    </>
  );
}

