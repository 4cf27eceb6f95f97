import { memo, useId } from 'react';
import { ModelPicker } from './ModelPicker';
import { REASONING_EFFORTS } from './ParameterPanel';
import { issueAt, type Problem } from './run-input';
import { MAX_VARIANTS, MIN_VARIANTS, newVariant, type CompareState, type VariantDraft } from './session';
import type { Model } from './useModels';
import './compare.css';

interface ComparePanelProps {
  compare: CompareState;
  onChange: (compare: CompareState) => void;
  models: Model[];
  fetching: boolean;
  modelsError: string | null;
  problems: readonly Problem[];
}

const letter = (i: number) => String.fromCharCode(65 + i);

function VariantEditor({ variant, index, count, onChange, onRemove, models, fetching, modelsError, problems }: {
  variant: VariantDraft;
  index: number;
  count: number;
  onChange: (change: Partial<VariantDraft>) => void;
  onRemove: () => void;
  models: Model[];
  fetching: boolean;
  modelsError: string | null;
  problems: readonly Problem[];
}) {
  const id = useId();
  const at = (field: string) => issueAt(problems, `variants.${index}.${field}`);
  const number = (field: 'temperature' | 'topP' | 'maxTokens', label: string, step: string) => (
    <div className="param">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input id={`${id}-${field}`} data-testid={`variant-${field}`} type="number" step={step} value={variant[field]} placeholder="editor’s" onChange={(e) => onChange({ [field]: e.target.value })} />
      {at(field) && <span className="field-error">{at(field)}</span>}
    </div>
  );
  return (
    <li className="variant" data-testid="variant" aria-label={`Variant ${letter(index)}`}>
      <div className="variant__head">
        <span className="variant__letter" aria-hidden="true">
          {letter(index)}
        </span>
        <label htmlFor={`${id}-model`} className="variant__label">
          Variant {letter(index)} model
        </label>
        <button type="button" className="button--icon button--danger" aria-label={`Remove variant ${letter(index)}`} disabled={count <= MIN_VARIANTS} onClick={onRemove}>
          ✕
        </button>
      </div>
      <ModelPicker
        id={`${id}-model`}
        testId="variant-model"
        value={{ provider: variant.provider, model: variant.model }}
        onChange={(m) => onChange({ provider: m.provider, model: m.model })}
        models={models}
        fetching={fetching}
        error={modelsError}
        inheritLabel="The editor’s model"
        issue={at('model') ?? at('provider')}
      />
      <div className="param-grid param-grid--compact">
        {number('temperature', 'Temperature', '0.1')}
        {number('topP', 'Top P', '0.05')}
        {number('maxTokens', 'Max tokens', '1')}
        <div className="param">
          <label htmlFor={`${id}-seed`}>Seed</label>
          <input id={`${id}-seed`} inputMode="numeric" value={variant.seed} placeholder="editor’s" onChange={(e) => onChange({ seed: e.target.value })} />
          {at('seed') && <span className="field-error">{at('seed')}</span>}
        </div>
        <div className="param">
          <label htmlFor={`${id}-effort`}>Reasoning effort</label>
          <select id={`${id}-effort`} value={variant.reasoningEffort} onChange={(e) => onChange({ reasoningEffort: e.target.value })}>
            <option value="">editor’s</option>
            {REASONING_EFFORTS.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
      </div>
    </li>
  );
}

/**
 * The comparison's variants: each runs the same conversation with another
 * model or other parameters; a field left empty takes the editor's value.
 */
export const ComparePanel = memo(function ComparePanel({ compare, onChange, models, fetching, modelsError, problems }: ComparePanelProps) {
  const { variants } = compare;
  const set = (variants: VariantDraft[]) => onChange({ ...compare, variants });
  return (
    <section className="compare-panel" aria-labelledby="compare-heading" data-testid="compare-panel">
      <header className="compare-panel__header">
        <h2 id="compare-heading" className="section-title">
          Compare {variants.length} variants
        </h2>
        <button type="button" className="button--small" onClick={() => onChange({ ...compare, on: false })}>
          Back to one run
        </button>
      </header>
      <p className="empty-note">Each variant runs the conversation on the left; what a variant leaves empty is taken from the editor.</p>
      <ol className="variants">
        {variants.map((variant, index) => (
          <VariantEditor
            key={variant.key}
            variant={variant}
            index={index}
            count={variants.length}
            onChange={(change) => set(variants.map((v) => (v.key === variant.key ? { ...v, ...change } : v)))}
            onRemove={() => set(variants.filter((v) => v.key !== variant.key))}
            models={models}
            fetching={fetching}
            modelsError={modelsError}
            problems={problems}
          />
        ))}
      </ol>
      <button type="button" className="button--secondary" data-testid="add-variant" disabled={variants.length >= MAX_VARIANTS} onClick={() => set([...variants, newVariant()])}>
        Add variant{variants.length >= MAX_VARIANTS ? ` (at most ${MAX_VARIANTS})` : ''}
      </button>
    </section>
  );
});
