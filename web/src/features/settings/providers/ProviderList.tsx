import { Link } from 'react-router';
import { kindLabel } from './provider-kinds';
import type { Provider } from './useProviders';

const keyHint = (last4: string | null | undefined) => (last4 == null ? 'no key' : last4 === '' ? 'key ••••' : `key •••• ${last4}`);
const count = (n: number) => (n === 1 ? '1 model' : `${n} models`);

/** The providers, each a link that opens it beside the list. */
export function ProviderList({ providers, selected }: { providers: readonly Provider[]; selected: string | null }) {
  return (
    <ul className="settings-provider-list" aria-label="Providers">
      {providers.map((p) => (
        <li key={p.id}>
          <Link
            to={{ search: `?provider=${encodeURIComponent(p.id)}` }}
            className="settings-provider-list__item"
            aria-current={p.id === selected ? 'page' : undefined}
            data-provider-id={p.id}
          >
            <span className="settings-provider-list__name">
              {p.name}
              {p.builtIn && <span className="settings-badge settings-badge--neutral">Built-in</span>}
            </span>
            <span className="settings-provider-list__meta">
              {kindLabel(p.kind)} · {count(p.models.length)} · <span className="settings-nowrap">{keyHint(p.apiKeyLast4)}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
