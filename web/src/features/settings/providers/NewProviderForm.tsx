import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../gql';
import { FormAlert, useFocusFirstInvalid } from '../Field';
import { formErrors, NO_ERRORS, type FormErrors } from '../field-errors';
import { ConnectionFields } from './ConnectionFields';
import { KIND_FORMS, PROVIDER_KINDS, type ProviderKind } from './provider-kinds';
import { createInput, draftFieldOf, emptyDraft } from './provider-form';
import { providerFrom, type Provider } from './useProviders';

const createProviderMutation = graphql(`
  mutation SettingsCreateProvider($input: CreateProviderInput!) {
    createProvider(input: $input) { ...SettingsProviderFields }
  }
`);

interface NewProviderFormProps {
  initialKind: ProviderKind;
  onCreated: (provider: Provider) => void;
  onCancel: () => void;
}

/** Adds a provider: its kind first, then the fields that kind needs. */
export function NewProviderForm({ initialKind, onCreated, onCancel }: NewProviderFormProps) {
  const [draft, setDraft] = useState(() => emptyDraft(initialKind));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [{ fetching }, create] = useMutation(createProviderMutation);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors.fields);
  const headingId = useId();
  const modelsId = useId();
  const kindsId = useId();
  const kind = KIND_FORMS[draft.kind];
  const modelsLabel = kind.modelNoun === 'deployment' ? 'Deployments' : 'Models';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (fetching) return;
    const mapped = createInput(draft);
    if (!mapped.ok) {
      setErrors({ fields: mapped.errors, other: [] });
      return;
    }
    const result = await create({ input: mapped.input });
    const created = providerFrom(result.data?.createProvider);
    if (!created) {
      setErrors(formErrors(result.error, { fieldOf: (path) => draftFieldOf(path, draft, mapped.headerRows) }));
      return;
    }
    // Nothing typed outlives the save: the key and header values leave the page's state here.
    setDraft(emptyDraft(draft.kind));
    onCreated(created);
  };

  return (
    <form ref={formRef} className="settings-card settings-form" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={headingId} className="settings-card__title">
        Add a provider
      </h2>

      <fieldset className="settings-kinds">
        <legend>Kind</legend>
        {PROVIDER_KINDS.map((k) => (
          // The whole card is clickable; the radio is named by the kind alone, its summary its description.
          <label key={k} className={k === draft.kind ? 'settings-kind settings-kind--chosen' : 'settings-kind'}>
            <input
              type="radio"
              name="kind"
              value={k}
              checked={k === draft.kind}
              aria-labelledby={`${kindsId}-${k}`}
              aria-describedby={`${kindsId}-${k}-summary`}
              onChange={() => setDraft({ ...draft, kind: k })}
            />
            <span id={`${kindsId}-${k}`} className="settings-kind__label">
              {KIND_FORMS[k].label}
            </span>
            <span id={`${kindsId}-${k}-summary`} className="settings-kind__summary">
              {KIND_FORMS[k].summary}
            </span>
          </label>
        ))}
        {errors.fields.kind && <p className="settings-field__error">{errors.fields.kind}</p>}
      </fieldset>

      <ConnectionFields draft={draft} onChange={setDraft} errors={errors.fields}>
        <div className="settings-field">
          <label htmlFor={modelsId}>
            {modelsLabel}
            <span className="settings-field__optional"> optional</span>
          </label>
          <textarea
            id={modelsId}
            name="models"
            className="settings-input settings-input--code"
            rows={3}
            value={draft.models}
            placeholder={kind.modelNoun === 'deployment' ? 'gpt-4o-prod, gpt-4o-mini-eu' : 'llama3.1:8b, qwen2.5:14b'}
            spellCheck={false}
            aria-invalid={errors.fields.models ? true : undefined}
            aria-describedby={`${modelsId}-help${errors.fields.models ? ` ${modelsId}-error` : ''}`}
            onChange={(e) => setDraft({ ...draft, models: e.target.value })}
          />
          <p id={`${modelsId}-help`} className="settings-field__help">
            {kind.listsModels
              ? 'One per line or separated by commas. Or leave empty and use Refresh models once it is added: it lists what the provider serves.'
              : 'The deployment names runs call, one per line or separated by commas. Azure does not list deployments, so each is added by hand (here or later).'}
          </p>
          {errors.fields.models && (
            <p id={`${modelsId}-error`} className="settings-field__error">
              {errors.fields.models}
            </p>
          )}
        </div>
      </ConnectionFields>

      <FormAlert messages={errors.other} />
      <div className="settings-form__actions">
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? 'Adding…' : 'Add provider'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
