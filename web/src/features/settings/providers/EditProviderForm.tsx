import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../gql';
import { FormAlert, useFocusFirstInvalid } from '../Field';
import { formErrors, NO_ERRORS, type FormErrors } from '../field-errors';
import { ConnectionFields } from './ConnectionFields';
import type { ProviderKind } from './provider-kinds';
import { draftFieldOf, draftFrom, updateInput, type ProviderDraft } from './provider-form';
import { providerFrom, type Provider } from './useProviders';

const updateProviderMutation = graphql(`
  mutation SettingsUpdateProvider($id: ID!, $input: UpdateProviderInput!) {
    updateProvider(id: $id, input: $input) { ...SettingsProviderFields }
  }
`);

/** A stored provider's connection settings and limits; Save sends only what changed. */
export function EditProviderForm({ provider, kind }: { provider: Provider; kind: ProviderKind }) {
  const [draft, setDraft] = useState(() => draftFrom(kind, provider));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [{ fetching }, update] = useMutation(updateProviderMutation);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors.fields);
  const headingId = useId();

  const mapped = updateInput(draft, provider);
  const unchanged = mapped.ok && Object.keys(mapped.input).length === 0;

  const edit = (next: ProviderDraft) => {
    setDraft(next);
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (fetching || unchanged) return;
    if (!mapped.ok) {
      setErrors({ fields: mapped.errors, other: [] });
      return;
    }
    const result = await update({ id: provider.id, input: mapped.input });
    const updated = providerFrom(result.data?.updateProvider);
    if (!updated) {
      setErrors(formErrors(result.error, { fieldOf: (path) => draftFieldOf(path, draft, mapped.headerRows) }));
      return;
    }
    // The form starts again from what is stored: the typed key and header values are dropped.
    setDraft(draftFrom(kind, updated));
    setErrors(NO_ERRORS);
    setSaved(true);
  };

  return (
    <form ref={formRef} className="settings-card settings-form" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={headingId} className="settings-card__title">
        Connection
      </h3>
      <ConnectionFields draft={draft} onChange={edit} errors={errors.fields} stored={{ apiKeyLast4: provider.apiKeyLast4, headers: provider.headers }} />
      <FormAlert messages={errors.other} />
      <div className="settings-form__actions">
        <button type="submit" className="button button--primary" disabled={fetching || unchanged}>
          {fetching ? 'Saving…' : 'Save changes'}
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={fetching || unchanged}
          onClick={() => {
            setDraft(draftFrom(kind, provider));
            setErrors(NO_ERRORS);
          }}
        >
          Discard changes
        </button>
        <span className="settings-form__status" role="status">
          {saved ? 'Changes saved.' : unchanged ? '' : 'Unsaved changes'}
        </span>
      </div>
    </form>
  );
}
