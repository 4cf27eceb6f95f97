import { useState } from 'react';
import { Field } from '../Field';
import type { FormErrors } from '../field-errors';
import { CAPABILITIES, modelDraftChanged, modelDraftFrom, type ModelDraft } from './model-form';
import { formatPrice } from './numbers';
import type { ProviderModel } from './useProviders';

interface ModelRowProps {
  model: ProviderModel;
  readOnly: boolean;
  editing: boolean;
  busy: boolean;
  errors: FormErrors;
  onEdit: () => void;
  onCancel: () => void;
  onSave: (draft: ModelDraft) => void;
  onRemove: () => void;
}

/** Where the model came from, and so what "Refresh models" does to it. */
const SOURCE: Record<string, { label: string; help: string }> = {
  manual: { label: 'By hand', help: 'Added by hand: kept by Refresh models' },
  discovered: { label: 'Listed', help: "From the provider's model list: dropped by Refresh models when no longer listed" },
};

/** The capabilities a model has, as tags; those it lacks are left out. */
function Supports({ supports }: { supports: ProviderModel['supports'] }) {
  const has = CAPABILITIES.filter((c) => supports[c.key]);
  if (has.length === 0) return <span className="settings-muted">None marked</span>;
  return (
    <ul className="settings-supports" aria-label="Supports">
      {has.map((c) => (
        <li key={c.key} title={c.help}>
          {c.label}
        </li>
      ))}
    </ul>
  );
}

/** One model of the table: its prices and capabilities, or, while edited, inputs for them. */
export function ModelRow({ model, readOnly, editing, busy, errors, onEdit, onCancel, onSave, onRemove }: ModelRowProps) {
  if (editing) return <EditingRow model={model} busy={busy} errors={errors} onCancel={onCancel} onSave={onSave} />;
  return (
    <tr data-model-id={model.id}>
      <th scope="row" className="settings-models__id">
        <code>{model.id}</code>
        {model.label && <span className="settings-models__label">{model.label}</span>}
      </th>
      <td className="settings-models__number">{formatPrice(model.inputPricePerM)}</td>
      <td className="settings-models__number">{formatPrice(model.outputPricePerM)}</td>
      <td>
        <Supports supports={model.supports} />
      </td>
      {!readOnly && (
        <td className="settings-models__source" title={SOURCE[model.source]?.help}>
          {SOURCE[model.source]?.label ?? model.source}
        </td>
      )}
      {!readOnly && (
        <td className="settings-models__actions">
          <button type="button" className="settings-link-button" aria-label={`Edit ${model.id}`} onClick={onEdit} disabled={busy}>
            Edit
          </button>
          <button type="button" className="settings-link-button settings-link-button--danger" aria-label={`Remove ${model.id}`} onClick={onRemove} disabled={busy}>
            Remove
          </button>
        </td>
      )}
    </tr>
  );
}

function EditingRow({ model, busy, errors, onCancel, onSave }: Pick<ModelRowProps, 'model' | 'busy' | 'errors' | 'onCancel' | 'onSave'>) {
  const stored = modelDraftFrom(model);
  const [draft, setDraft] = useState<ModelDraft>(stored);
  const set = (patch: Partial<ModelDraft>) => setDraft({ ...draft, ...patch });

  return (
    <tr data-model-id={model.id} className="settings-models__editing">
      <th scope="row" className="settings-models__id">
        <code>{model.id}</code>
        <Field
          label={`Label of ${model.id}`}
          name="label"
          value={draft.label}
          onChange={(label) => set({ label })}
          error={errors.fields.label}
          placeholder="Label"
          className="settings-field--compact settings-field--label-hidden"
        />
      </th>
      <td>
        <Field
          label={`Input price of ${model.id}, USD per million tokens`}
          name="inputPricePerM"
          value={draft.inputPrice}
          onChange={(inputPrice) => set({ inputPrice })}
          error={errors.fields.inputPricePerM}
          inputMode="decimal"
          placeholder="unknown"
          className="settings-field--compact settings-field--price settings-field--label-hidden"
        />
      </td>
      <td>
        <Field
          label={`Output price of ${model.id}, USD per million tokens`}
          name="outputPricePerM"
          value={draft.outputPrice}
          onChange={(outputPrice) => set({ outputPrice })}
          error={errors.fields.outputPricePerM}
          inputMode="decimal"
          placeholder="unknown"
          className="settings-field--compact settings-field--price settings-field--label-hidden"
        />
      </td>
      <td>
        <div className="settings-models__checks">
          {CAPABILITIES.map((c) => (
            <label key={c.key} title={c.help}>
              <input type="checkbox" checked={draft.supports[c.key]} onChange={(e) => set({ supports: { ...draft.supports, [c.key]: e.target.checked } })} />
              {c.label}
              <span className="visually-hidden"> for {model.id}</span>
            </label>
          ))}
        </div>
      </td>
      <td colSpan={2} className="settings-models__actions">
        <button type="button" className="button button--primary settings-button--small" onClick={() => onSave(draft)} disabled={busy || !modelDraftChanged(draft, stored)}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--quiet settings-button--small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {errors.other.map((message, i) => (
          <p key={i} className="settings-field__error" role="alert">
            {message}
          </p>
        ))}
      </td>
    </tr>
  );
}
