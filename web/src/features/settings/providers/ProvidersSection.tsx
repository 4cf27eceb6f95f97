import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../field-errors';
import { NewProviderForm } from './NewProviderForm';
import { ProviderList } from './ProviderList';
import { ProviderPanel } from './ProviderPanel';
import { isProviderKind, KIND_FORMS, PROVIDER_KINDS } from './provider-kinds';
import { useProviders } from './useProviders';

/** `?provider=new` opens the form to add one (`&kind=` preselects its kind); `?provider=<id>` opens that provider. */
const NEW = 'new';

export function ProvidersSection() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('provider');
  const { providers, loaded, fetching, error, refetch } = useProviders();
  // Said once on the overview after a deletion, since the deleted panel is gone.
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (selected !== null) setNotice(null);
  }, [selected]);
  const open = (provider: string | null) => setParams(provider ? { provider } : {});
  const current = providers.find((p) => p.id === selected) ?? null;
  const kind = params.get('kind');

  let detail;
  if (selected === NEW) {
    detail = (
      <NewProviderForm
        key={kind ?? ''}
        initialKind={isProviderKind(kind) ? kind : 'openai-compatible'}
        onCreated={(provider) => {
          setNotice(null);
          open(provider.id);
        }}
        onCancel={() => open(null)}
      />
    );
  } else if (current) {
    detail = (
      <ProviderPanel
        key={current.id}
        provider={current}
        onDeleted={(name) => {
          setNotice(`Deleted “${name}”.`);
          open(null);
        }}
      />
    );
  } else if (selected && loaded) {
    detail = (
      <div className="settings-card">
        <h2 className="settings-card__title">No such provider</h2>
        <p className="settings-card__help">This workspace has no provider with the id {selected}: it may have been deleted.</p>
      </div>
    );
  } else {
    detail = <Overview notice={notice} />;
  }

  return (
    <div className="settings-providers">
      <div className="settings-providers__list">
        <div className="settings-providers__list-header">
          <h2 id="providers-heading">Providers</h2>
          <Link to={{ search: `?provider=${NEW}` }} className="button button--primary settings-button--small" aria-current={selected === NEW ? 'page' : undefined}>
            Add provider
          </Link>
        </div>
        {error && !loaded ? (
          <div className="settings-alert" role="alert">
            <p>Could not load the providers: {errorText(error)}</p>
            <button type="button" className="button button--quiet" onClick={refetch} disabled={fetching}>
              Try again
            </button>
          </div>
        ) : !loaded ? (
          <p className="settings-muted" role="status">
            Loading providers…
          </p>
        ) : (
          <ProviderList providers={providers} selected={selected} />
        )}
      </div>
      <div className="settings-providers__detail">{detail}</div>
    </div>
  );
}

/** With nothing opened: what providers are, and a quick start for each kind. */
function Overview({ notice }: { notice: string | null }) {
  return (
    <div className="settings-card settings-overview">
      {notice && (
        <p className="settings-outcome settings-outcome--ok" role="status">
          {notice}
        </p>
      )}
      <h2 className="settings-card__title">Where runs go</h2>
      <p className="settings-card__help">
        A provider is an API that serves models. The built-in ones come with the server; add your own to run, compare and replay on your models. Pick a provider on the left to test it,
        refresh its models, or set their prices and its limits.
      </p>
      <ul className="settings-overview__kinds" aria-label="Add a provider">
        {PROVIDER_KINDS.map((k) => (
          <li key={k}>
            <Link to={{ search: `?provider=${NEW}&kind=${k}` }} className="settings-overview__kind">
              <span className="settings-kind__label">Add {KIND_FORMS[k].label}</span>
              <span className="settings-kind__summary">{KIND_FORMS[k].summary}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
