import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { errorText, NO_ERRORS, type FormErrors } from '../field-errors';
import { AddModelForm } from './AddModelForm';
import { modelInput, type ModelDraft } from './model-form';
import { ModelRow } from './ModelRow';
import type { KindForm } from './provider-kinds';
import { addModelMutation, modelErrors, removeModelMutation } from './model-mutations';
import type { Provider } from './useProviders';

/** The provider's models with their prices (USD per million tokens) and capabilities, each editable in its row. */
export function ModelsTable({ provider, kind, readOnly }: { provider: Provider; kind: KindForm | null; readOnly: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<FormErrors>(NO_ERRORS);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [{ fetching: saving }, addModel] = useMutation(addModelMutation);
  const [{ fetching: removing }, removeModel] = useMutation(removeModelMutation);
  const headingId = useId();
  const noun = kind?.modelNoun === 'deployment' ? 'Deployments' : 'Models';

  const save = async (draft: ModelDraft) => {
    const mapped = modelInput(draft);
    if (!mapped.ok) return setRowErrors({ fields: mapped.errors, other: [] });
    const result = await addModel({ providerId: provider.id, input: mapped.input });
    if (result.error) return setRowErrors(modelErrors(result.error));
    setEditing(null);
    setRowErrors(NO_ERRORS);
  };

  const remove = async (modelId: string) => {
    setRemoveError(null);
    const result = await removeModel({ providerId: provider.id, modelId });
    if (result.error) setRemoveError(`Could not remove ${modelId}: ${errorText(result.error)}`);
  };

  return (
    <section className="settings-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-card__title">
        {noun} <span className="settings-count">{provider.models.length}</span>
      </h3>
      <p className="settings-card__help">
        Prices are USD per million tokens; a model without one is priced as its base model when Reprise knows it (a fine-tune as the model it was tuned from).
        {kind?.modelNoun === 'deployment' && ' Each id is the name of a deployment of the Azure resource.'}
      </p>

      {provider.models.length === 0 ? (
        <p className="settings-empty">
          No {noun.toLowerCase()} yet.{' '}
          {readOnly ? '' : kind?.listsModels ? 'Refresh models lists what the provider serves; or add one by hand below.' : 'Add each deployment by hand below.'}
        </p>
      ) : (
        <div className="settings-table__scroll">
          <table className="settings-table settings-models" aria-label={`${noun} of ${provider.name}`}>
            <thead>
              <tr>
                <th scope="col">{kind?.modelNoun === 'deployment' ? 'Deployment' : 'Model'}</th>
                <th scope="col" className="settings-models__number">
                  Input <span className="settings-muted">$/M</span>
                </th>
                <th scope="col" className="settings-models__number">
                  Output <span className="settings-muted">$/M</span>
                </th>
                <th scope="col">Supports</th>
                {/* Built-ins are the server's list: where a model came from means nothing there. */}
                {!readOnly && <th scope="col">Source</th>}
                {!readOnly && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {provider.models.map((model) => (
                <ModelRow
                  key={model.id}
                  model={model}
                  readOnly={readOnly}
                  editing={editing === model.id}
                  busy={saving || removing}
                  errors={editing === model.id ? rowErrors : NO_ERRORS}
                  onEdit={() => {
                    setEditing(model.id);
                    setRowErrors(NO_ERRORS);
                  }}
                  onCancel={() => setEditing(null)}
                  onSave={(draft) => void save(draft)}
                  onRemove={() => void remove(model.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {removeError && (
        <p className="settings-field__error" role="alert">
          {removeError}
        </p>
      )}

      {!readOnly && <AddModelForm providerId={provider.id} noun={kind?.modelNoun ?? 'model'} existing={provider.models.map((m) => m.id)} />}
    </section>
  );
}
