import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { Field } from '../Field';
import { NO_ERRORS, type FormErrors } from '../field-errors';
import { CAPABILITIES, emptyModelDraft, modelInput } from './model-form';
import { addModelMutation, modelErrors } from './model-mutations';

/** Adds a model by hand: any id the provider accepts, fine-tuned ids included. */
export function AddModelForm({ providerId, noun, existing }: { providerId: string; noun: 'model' | 'deployment'; existing: string[] }) {
  const [draft, setDraft] = useState(emptyModelDraft);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [added, setAdded] = useState<string | null>(null);
  const [{ fetching }, addModel] = useMutation(addModelMutation);
  const headingId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (fetching) return;
    const mapped = modelInput(draft);
    if (!mapped.ok) return setErrors({ fields: mapped.errors, other: [] });
    // addModel replaces a model with the same id: adding one twice would overwrite its prices unasked.
    if (existing.includes(mapped.input.id ?? '')) return setErrors({ fields: { id: `${mapped.input.id} is already listed: edit it in the table` }, other: [] });
    const result = await addModel({ providerId, input: mapped.input });
    if (result.error) return setErrors(modelErrors(result.error));
    setAdded(mapped.input.id ?? null);
    setDraft(emptyModelDraft());
    setErrors(NO_ERRORS);
  };

  return (
    <form className="settings-add-model" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
      <h4 id={headingId} className="settings-add-model__title">
        Add a {noun} by hand
      </h4>
      <div className="settings-add-model__fields">
        <Field
          label={noun === 'deployment' ? 'Deployment name' : 'Model id'}
          name="id"
          value={draft.id}
          onChange={(id) => {
            setDraft({ ...draft, id });
            setAdded(null);
          }}
          error={errors.fields.id}
          placeholder={noun === 'deployment' ? 'gpt-4o-prod' : 'ft:gpt-4o-mini:acme::abc123'}
          code
          className="settings-add-model__id"
        />
        <Field label="Label" name="label" value={draft.label} onChange={(label) => setDraft({ ...draft, label })} error={errors.fields.label} optional />
        <Field
          label="Input $/M"
          name="inputPricePerM"
          value={draft.inputPrice}
          onChange={(inputPrice) => setDraft({ ...draft, inputPrice })}
          error={errors.fields.inputPricePerM}
          inputMode="decimal"
          placeholder="unknown"
          className="settings-field--price"
        />
        <Field
          label="Output $/M"
          name="outputPricePerM"
          value={draft.outputPrice}
          onChange={(outputPrice) => setDraft({ ...draft, outputPrice })}
          error={errors.fields.outputPricePerM}
          inputMode="decimal"
          placeholder="unknown"
          className="settings-field--price"
        />
      </div>
      <fieldset className="settings-add-model__supports">
        <legend>Supports</legend>
        {CAPABILITIES.map((c) => (
          <label key={c.key} title={c.help}>
            <input type="checkbox" checked={draft.supports[c.key]} onChange={(e) => setDraft({ ...draft, supports: { ...draft.supports, [c.key]: e.target.checked } })} />
            {c.label}
          </label>
        ))}
      </fieldset>
      {errors.other.map((message, i) => (
        <p key={i} className="settings-field__error" role="alert">
          {message}
        </p>
      ))}
      <div className="settings-form__actions">
        <button type="submit" className="button button--quiet" disabled={fetching || !draft.id.trim()}>
          {fetching ? 'Adding…' : `Add ${noun}`}
        </button>
        <span className="settings-form__status" role="status">
          {added ? `Added ${added}.` : ''}
        </span>
      </div>
    </form>
  );
}
