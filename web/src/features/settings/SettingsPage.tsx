import { Link, useSearchParams } from 'react-router';
import { AppHeader } from '../layout/AppHeader';
import { ApiKeysSection } from './api-keys/ApiKeysSection';
import { ProvidersSection } from './providers/ProvidersSection';
import './settings.css';

/** `?section=api-keys` opens the API keys; without it, the providers. */
const SECTIONS = [
  { id: 'providers', label: 'Providers', search: '' },
  { id: 'api-keys', label: 'API keys', search: '?section=api-keys' },
] as const;

/** /settings: the workspace's providers (where runs go) and its API keys (who may call). */
export function SettingsPage() {
  const [params] = useSearchParams();
  const section = params.get('section') === 'api-keys' ? 'api-keys' : 'providers';

  return (
    <div className="settings">
      <AppHeader title="Settings" />
      <main className="settings__body">
        <nav className="settings-tabs" aria-label="Settings">
          {SECTIONS.map((s) => (
            <Link key={s.id} to={{ search: s.search }} className="settings-tabs__tab" aria-current={s.id === section ? 'page' : undefined}>
              {s.label}
            </Link>
          ))}
        </nav>
        {section === 'api-keys' ? <ApiKeysSection /> : <ProvidersSection />}
      </main>
    </div>
  );
}
