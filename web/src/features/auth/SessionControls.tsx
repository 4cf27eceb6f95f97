import { useAuth } from './AuthProvider';
import './auth.css';

/** Key prefixes are `rp_` and six characters: enough to tell keys apart, nothing to steal. */
const keyHint = (apiKey: string) => `${apiKey.slice(0, 9)}…`;

/** The header's account corner: which key the page uses, and Sign out. */
export function SessionControls() {
  const { apiKey, signOut } = useAuth();
  if (!apiKey) return null;
  return (
    <div className="session">
      <span className="session__key" title="The API key this page sends">
        <code>{keyHint(apiKey)}</code>
      </span>
      <button type="button" className="button button--quiet" data-testid="signout-button" onClick={() => signOut()}>
        Sign out
      </button>
    </div>
  );
}
