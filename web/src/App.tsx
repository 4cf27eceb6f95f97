import { createBrowserRouter, RouterProvider } from 'react-router';
import { useAuth } from './features/auth/AuthProvider';
import { SignInPage } from './features/auth/SignInPage';
import { HistoryPage } from './features/history/HistoryPage';
import { PlaygroundPage } from './features/playground/PlaygroundPage';
import { GraphqlProvider } from './graphql/GraphqlProvider';

/** A URL for every page; `/history/:id` is the table with that request's detail open beside it. */
const router = createBrowserRouter([
  { path: '/', element: <PlaygroundPage /> },
  { path: '/history', element: <HistoryPage /> },
  { path: '/history/:id', element: <HistoryPage /> },
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
