import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider, useParams } from 'react-router';
import { AuthProvider, useAuth } from '../auth/AuthProvider';
import { SignInPage } from '../auth/SignInPage';
import { AppHeader } from '../layout/AppHeader';
import { startTheme } from '../theme/theme';
import { GraphqlProvider } from '../../graphql/GraphqlProvider';
import { RunSidebar } from './RunSidebar';
import '../../styles.css';

/**
 * The run sidebar beside a stand-in for the editor, as the playground places
 * it, for the browser test to drive before (and apart from) the playground
 * page: its links open /runs/<id> and /history/<id> here, which say what
 * they would show.
 */
function HarnessPage() {
  const { runId, id } = useParams();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppHeader title="Playground" />
      <div style={{ display: 'flex', flex: 1, alignItems: 'stretch' }}>
        <RunSidebar activeId={runId} />
        <main style={{ flex: 1, padding: 24 }}>
          <section
            aria-label="Editor stand-in"
            style={{ minHeight: 480, padding: 20, border: '1px solid var(--border)', borderRadius: 'var(--radius)', background: 'var(--surface)' }}
          >
            <h2 style={{ marginTop: 0 }}>{runId ? `Run ${runId}` : id ? `History request ${id}` : 'New run'}</h2>
            <p style={{ color: 'var(--muted)' }}>The playground&apos;s editor goes here.</p>
          </section>
        </main>
      </div>
    </div>
  );
}

const HARNESS = '/src/features/run-history/harness.html';
const router = createBrowserRouter([
  { path: HARNESS, element: <HarnessPage /> },
  { path: '/runs/:runId', element: <HarnessPage /> },
  { path: '/history/:id', element: <HarnessPage /> },
  { path: '*', element: <HarnessPage /> },
]);

function Harness() {
  const { apiKey, keyRefused } = useAuth();
  if (!apiKey) return <SignInPage />;
  return (
    <GraphqlProvider key={apiKey} apiKey={apiKey} onUnauthenticated={keyRefused}>
      <RouterProvider router={router} />
    </GraphqlProvider>
  );
}

startTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider>
      <Harness />
    </AuthProvider>
  </StrictMode>,
);
