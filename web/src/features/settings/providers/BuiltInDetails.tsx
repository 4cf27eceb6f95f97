import { kindLabel } from './provider-kinds';
import type { Provider } from './useProviders';

/** A provider's settings, read-only: a built-in one (the server configures it), or one of a kind this page cannot edit. */
export function BuiltInDetails({ provider }: { provider: Provider }) {
  const { rpm, concurrency } = provider.limits;
  return (
    <div className="settings-card">
      <h3 className="settings-card__title">Connection</h3>
      <p className="settings-card__help">
        {provider.builtIn
          ? 'Every workspace has this provider. It is configured on the server, so nothing of it can be changed here.'
          : `This page cannot edit a provider of kind ${provider.kind}; its settings are shown as stored.`}
      </p>
      <dl className="settings-details">
        <dt>Kind</dt>
        <dd>{kindLabel(provider.kind)}</dd>
        <dt>Base URL</dt>
        <dd>{provider.baseURL ? <code>{provider.baseURL}</code> : '—'}</dd>
        <dt>API key</dt>
        <dd>{provider.apiKeyLast4 == null ? 'None' : <code>•••• {provider.apiKeyLast4}</code>}</dd>
        <dt>Limits</dt>
        <dd>
          {rpm == null && concurrency == null
            ? 'None'
            : [rpm != null && `${rpm.toLocaleString('en')} requests per minute`, concurrency != null && `${concurrency.toLocaleString('en')} at once`].filter(Boolean).join(', ')}
        </dd>
      </dl>
    </div>
  );
}
