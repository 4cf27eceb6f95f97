import { useAuth } from './features/auth/AuthProvider';
import { SignInPage } from './features/auth/SignInPage';
import { PlaygroundPage } from './features/playground/PlaygroundPage';
import { GraphqlProvider } from './graphql/GraphqlProvider';

/** The sign-in screen until the gateway has accepted a key, then the playground with a client for that key. */
export function App() {
  const { apiKey, keyRefused } = useAuth();
  if (!apiKey) return <SignInPage />;
  return (
    // Keyed: another key starts the page afresh, nothing of the last one's state kept.
    <GraphqlProvider key={apiKey} apiKey={apiKey} onUnauthenticated={keyRefused}>
      <PlaygroundPage />
    </GraphqlProvider>
  );
}
