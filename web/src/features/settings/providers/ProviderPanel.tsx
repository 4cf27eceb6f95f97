import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../../gql';
import { ConfirmDialog } from '../Dialog';
import { errorText } from '../field-errors';
import { formatWhen } from '../format';
import { BuiltInDetails } from './BuiltInDetails';
import { EditProviderForm } from './EditProviderForm';
import { ModelsTable } from './ModelsTable';
import { isProviderKind, KIND_FORMS, kindLabel } from './provider-kinds';
import { describeRefresh, describeTest } from './provider-results';
import { providerFrom, type Provider } from './useProviders';

const testProviderMutation = graphql(`
  mutation SettingsTestProvider($id: ID!) {
    testProvider(id: $id) { ok call model status message latencyMs }
  }
`);

const refreshModelsMutation = graphql(`
  mutation SettingsRefreshModels($providerId: ID!) {
    refreshModels(providerId: $providerId) { ...SettingsProviderFields }
  }
`);

const deleteProviderMutation = graphql(`
  mutation SettingsDeleteProvider($id: ID!) {
    deleteProvider(id: $id)
  }
`);

/** What the last button press came to, said under the buttons. */
type Outcome = { action: 'test' | 'refresh'; ok: boolean; text: string } | null;

/** One provider: test it, refresh its models, edit its connection, limits and models, or delete it. */
export function ProviderPanel({ provider, onDeleted }: { provider: Provider; onDeleted: (name: string) => void }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [{ fetching: testing }, testProvider] = useMutation(testProviderMutation);
  const [{ fetching: refreshing }, refreshModels] = useMutation(refreshModelsMutation);
  const [{ fetching: deleting }, deleteProvider] = useMutation(deleteProviderMutation);
  const headingId = useId();
  const kindId = isProviderKind(provider.kind) ? provider.kind : null;
  const kind = kindId ? KIND_FORMS[kindId] : null;
  // A kind this page does not know is shown, not edited: the form would not know its fields.
  const editable = !provider.builtIn && kindId !== null;

  const test = async () => {
    setOutcome(null);
    const result = await testProvider({ id: provider.id });
    const answer = result.data?.testProvider;
    setOutcome(answer ? { action: 'test', ok: answer.ok, text: describeTest(answer) } : { action: 'test', ok: false, text: `Could not test: ${errorText(result.error)}` });
  };

  const refresh = async () => {
    setOutcome(null);
    const before = provider.models.map((m) => m.id);
    const result = await refreshModels({ providerId: provider.id });
    const refreshed = providerFrom(result.data?.refreshModels);
    setOutcome(
      refreshed
        ? { action: 'refresh', ok: true, text: describeRefresh(before, refreshed.models.map((m) => m.id)) }
        : // PROVIDER_ERROR carries the provider's own message.
          { action: 'refresh', ok: false, text: `Could not list the models: ${errorText(result.error)}` },
    );
  };

  const remove = async () => {
    setDeleteError(null);
    const result = await deleteProvider({ id: provider.id });
    if (result.error) return setDeleteError(errorText(result.error));
    setConfirmingDelete(false);
    onDeleted(provider.name);
  };

  return (
    <section className="settings-panel" aria-labelledby={headingId}>
      <header className="settings-panel__header">
        <div className="settings-panel__heading">
          <h2 id={headingId}>{provider.name}</h2>
          <p className="settings-panel__meta">
            <span className="settings-badge">{kindLabel(provider.kind)}</span>
            {provider.builtIn ? (
              <span className="settings-badge settings-badge--neutral">Built-in</span>
            ) : (
              provider.createdAt && <span title={provider.createdAt}>Added {formatWhen(provider.createdAt, { inSentence: true })}</span>
            )}
          </p>
        </div>
        <div className="settings-panel__actions">
          <button type="button" className="button button--quiet settings-button" onClick={() => void test()} disabled={testing}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
          {editable && kind?.listsModels && (
            <button type="button" className="button button--quiet settings-button" onClick={() => void refresh()} disabled={refreshing}>
              {refreshing ? 'Refreshing…' : 'Refresh models'}
            </button>
          )}
          {editable && (
            <button type="button" className="button button--quiet settings-button settings-button--danger-quiet" onClick={() => setConfirmingDelete(true)}>
              Delete…
            </button>
          )}
        </div>
      </header>

      {/* Always in the page, so that a screen reader hears each outcome as it arrives. */}
      <div role="status" aria-live="polite" data-testid="provider-outcome">
        {outcome && (
          <p className={outcome.ok ? 'settings-outcome settings-outcome--ok' : 'settings-outcome settings-outcome--error'} data-action={outcome.action}>
            {outcome.text}
          </p>
        )}
      </div>

      {editable && kindId ? <EditProviderForm provider={provider} kind={kindId} /> : <BuiltInDetails provider={provider} />}
      <ModelsTable provider={provider} kind={kind} readOnly={!editable} />

      {confirmingDelete && (
        <ConfirmDialog
          title={`Delete “${provider.name}”?`}
          confirmLabel="Delete provider"
          busyLabel="Deleting…"
          busy={deleting}
          error={deleteError}
          onConfirm={() => void remove()}
          onCancel={() => {
            setConfirmingDelete(false);
            setDeleteError(null);
          }}
        >
          <p>
            Its key and settings are deleted, and its {provider.models.length === 1 ? 'model leaves' : `${provider.models.length} models leave`} the playground's model picker. Requests
            already recorded keep its name and id.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
