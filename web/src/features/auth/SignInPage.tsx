import { useId, useState, type FormEvent } from 'react';
import { useAuth } from './AuthProvider';
import { verifyApiKey } from './verify-api-key';
import './auth.css';

/** Asks for an API key and checks it with the gateway before keeping it. */
export function SignInPage() {
  const { notice, signIn } = useAuth();
  const [apiKey, setApiKey] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const helpId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = apiKey.trim();
    if (!candidate || checking) return;
    setChecking(true);
    setError(null);
    const verification = await verifyApiKey(candidate);
    setChecking(false);
    if (verification.ok) signIn(candidate);
    else setError(verification.message);
  };

  return (
    <div className="signin">
      <header className="app-header">
        <span className="app-header__brand">Reprise</span>
      </header>

      <main className="signin__body">
        <form className="signin__card" onSubmit={submit} aria-labelledby="signin-heading" data-testid="signin-form">
          <h1 id="signin-heading">Sign in</h1>
          <p id={helpId} className="signin__help">
            Paste the API key the start command printed. It begins with <code>rp_</code>; this browser keeps it until you sign out.
          </p>

          {/* The notice gives way to the answer about the key tried next. */}
          {notice && !error && (
            <p className="signin__notice" role="status" data-testid="signin-notice">
              {notice}
            </p>
          )}

          <div className="signin__field">
            <label htmlFor={inputId}>API key</label>
            <input
              id={inputId}
              data-testid="api-key-input"
              type="password"
              name="apiKey"
              value={apiKey}
              placeholder="rp_…"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              aria-describedby={helpId}
              aria-invalid={error !== null}
              onChange={(e) => setApiKey(e.target.value)}
            />
          </div>

          {error && (
            <p className="signin__error" role="alert" data-testid="signin-error">
              {error}
            </p>
          )}

          <button type="submit" className="button button--primary" data-testid="signin-button" disabled={checking || apiKey.trim() === ''}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
