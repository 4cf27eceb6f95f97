import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../../gql';
import { useAuth } from '../../auth/AuthProvider';
import { ConfirmDialog } from '../Dialog';
import { Field, FormAlert, useFocusFirstInvalid } from '../Field';
import { errorText, formErrors, NO_ERRORS, type FormErrors } from '../field-errors';
import { isKeyOfSession } from '../format';
import { ApiKeyTable, type ApiKey } from './ApiKeyTable';
import { CreatedKeyDialog } from './CreatedKeyDialog';

const apiKeysQuery = graphql(`
  query SettingsApiKeys {
    apiKeys { id name prefix createdAt lastUsedAt revokedAt }
  }
`);

const createApiKeyMutation = graphql(`
  mutation SettingsCreateApiKey($name: String!) {
    createApiKey(name: $name) {
      key
      apiKey { id name prefix createdAt lastUsedAt revokedAt }
    }
  }
`);

const revokeApiKeyMutation = graphql(`
  mutation SettingsRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id name prefix createdAt lastUsedAt revokedAt }
  }
`);

/** Said on the sign-in screen after this page revoked the key it was signed in with. */
export const REVOKED_OWN_KEY_NOTICE = 'You revoked the API key this page was signed in with. Sign in with another key to continue.';

/** The workspace's API keys: create one (its secret shown once), see when each was last used, revoke. */
export function ApiKeysSection() {
  const { apiKey: sessionKey, signOut } = useAuth();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: apiKeysQuery });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const [name, setName] = useState('');
  const [createErrors, setCreateErrors] = useState<FormErrors>(NO_ERRORS);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [{ fetching: creating }, createApiKey] = useMutation(createApiKeyMutation);
  const [{ fetching: revokingNow }, revokeApiKey] = useMutation(revokeApiKeyMutation);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, createErrors);
  const headingId = useId();
  const keys = data?.apiKeys ?? [];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (creating) return;
    setNotice(null);
    const result = await createApiKey({ name: name.trim() });
    const answer = result.data?.createApiKey;
    if (!answer) {
      setCreateErrors(formErrors(result.error, { prefix: '', fieldOf: (path) => (path === 'name' ? 'name' : undefined) }));
      return;
    }
    setCreateErrors(NO_ERRORS);
    setName('');
    setCreated({ name: answer.apiKey.name, key: answer.key });
  };

  const revoke = async (key: ApiKey) => {
    setRevokeError(null);
    const ownKey = isKeyOfSession(key, sessionKey);
    const result = await revokeApiKey({ id: key.id });
    if (result.error) return setRevokeError(errorText(result.error));
    setRevoking(null);
    // This page's own key no longer works: say why the page is signed out rather than let the next request find out.
    if (ownKey) return signOut(REVOKED_OWN_KEY_NOTICE);
    setNotice(`Revoked “${key.name}”: it is refused from now on.`);
  };

  return (
    <section className="settings-keys" aria-labelledby={headingId}>
      <div className="settings-card">
        <h2 id={headingId} className="settings-card__title">
          API keys
        </h2>
        <p className="settings-card__help">
          Apps (through the SDK) and this page call Reprise with an API key of the workspace. A key's secret is shown once, when it is created; afterwards only its first characters are.
        </p>

        <form ref={formRef} className="settings-keys__create" onSubmit={(e) => void create(e)} noValidate aria-label="Create an API key">
          <Field
            label="Name"
            name="name"
            value={name}
            onChange={(value) => {
              setName(value);
              setCreateErrors(NO_ERRORS);
            }}
            error={createErrors.fields.name}
            placeholder="e.g. checkout service, staging"
            help="Say who or what uses it, so that you know what breaks when you revoke it."
            className="settings-keys__name"
          />
          <button type="submit" className="button button--primary" disabled={creating || !name.trim()}>
            {creating ? 'Creating…' : 'Create key'}
          </button>
        </form>
        <FormAlert messages={createErrors.other} />
      </div>

      <div className="settings-card">
        <div role="status" aria-live="polite">
          {notice && <p className="settings-outcome settings-outcome--ok">{notice}</p>}
        </div>
        {error && !data ? (
          <div className="settings-alert" role="alert">
            <p>Could not load the API keys: {errorText(error)}</p>
            <button type="button" className="button button--quiet" onClick={refetch} disabled={fetching}>
              Try again
            </button>
          </div>
        ) : !data ? (
          <p className="settings-muted" role="status">
            Loading API keys…
          </p>
        ) : (
          <ApiKeyTable keys={keys} sessionKey={sessionKey} onRevoke={(key) => setRevoking(key)} />
        )}
      </div>

      {created && <CreatedKeyDialog name={created.name} secret={created.key} onClose={() => setCreated(null)} />}

      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          busyLabel="Revoking…"
          busy={revokingNow}
          error={revokeError}
          onConfirm={() => void revoke(revoking)}
          onCancel={() => {
            setRevoking(null);
            setRevokeError(null);
          }}
        >
          <p>
            Every app that calls Reprise with <code>{revoking.prefix}…</code> is refused from then on. This cannot be undone: they will need a new key.
          </p>
          {isKeyOfSession(revoking, sessionKey) && (
            <p className="settings-warning" data-testid="revoke-own-key-warning">
              This page is signed in with this key. Revoking it signs you out here; you will need another key to sign in again.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
