import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createGraphqlClient } from './client';

interface GraphqlProviderProps {
  apiKey: string;
  /** The gateway refused `apiKey` (revoked meanwhile, say). */
  onUnauthenticated: (apiKey: string, reason: string) => void;
  children: ReactNode;
}

/** The urql client for one API key: a new client (and WebSocket) whenever the key changes. */
export function GraphqlProvider({ apiKey, onUnauthenticated, children }: GraphqlProviderProps) {
  // A ref, so that a new callback identity does not rebuild the client.
  const onUnauthenticatedRef = useRef(onUnauthenticated);
  useEffect(() => {
    onUnauthenticatedRef.current = onUnauthenticated;
  });

  const graphql = useMemo(
    () => createGraphqlClient({ apiKey: () => apiKey, onUnauthenticated: (reason) => onUnauthenticatedRef.current(apiKey, reason) }),
    [apiKey],
  );
  useEffect(() => () => graphql.dispose(), [graphql]);

  return <Provider value={graphql.client}>{children}</Provider>;
}
