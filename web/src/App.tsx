import type { ComponentType } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { useAuth } from './features/auth/AuthProvider';
import { SignInPage } from './features/auth/SignInPage';
import { PlaygroundPage } from './features/playground/PlaygroundPage';
import { GraphqlProvider } from './graphql/GraphqlProvider';

/** Shown while a page's code is fetched on its first visit (and while the router starts on that page). */
function PageLoading() {
  return (
    <p className="page-loading" role="status">
      Loading…
    </p>
  );
}

/** A page whose module is fetched when first opened. */
const lazyPage = (load: () => Promise<ComponentType>) => ({
  lazy: async () => ({ Component: await load() }),
  HydrateFallback: PageLoading,
});

/**
 * A URL for every page, and for every opened request, run and batch.
 * The playground is in the first bundle; every other page is fetched when first opened.
 */
const router = createBrowserRouter([
  { path: '/', element: <PlaygroundPage /> },
  // A run reopened in the playground: its conversation and answer restored.
  { path: '/runs/:runId', element: <PlaygroundPage /> },
  // `/history/:id` is the table with that request's detail open beside it.
  { path: '/history', ...lazyPage(async () => (await import('./features/history/HistoryPage')).HistoryPage) },
  { path: '/history/:id', ...lazyPage(async () => (await import('./features/history/HistoryPage')).HistoryPage) },
  { path: '/batches', ...lazyPage(async () => (await import('./features/batches/BatchListPage')).BatchListPage) },
  { path: '/batches/new', ...lazyPage(async () => (await import('./features/batches/NewBatchPage')).NewBatchPage) },
  { path: '/batches/:batchId', ...lazyPage(async () => (await import('./features/batches/BatchPage')).BatchPage) },
  { path: '/settings', ...lazyPage(async () => (await import('./features/settings/SettingsPage')).SettingsPage) },
]);

/** The sign-in screen until the gateway has accepted a key, then the pages with a client for that key. */
export function App() {
  const { apiKey, keyRefused } = useAuth();
  // Whatever the URL, signing in first; the router then opens the page it names.
  if (!apiKey) return <SignInPage />;
  return (
    // Keyed: another key starts the page afresh, nothing of the last one's state kept.
    <GraphqlProvider key={apiKey} apiKey={apiKey} onUnauthenticated={keyRefused}>
      <RouterProvider router={router} />
    </GraphqlProvider>
  );
}
