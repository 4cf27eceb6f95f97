import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { API_KEY_STORAGE_KEY, clearApiKey, loadApiKey, saveApiKey } from './api-key-storage';
import { useKeyCheck } from './useKeyCheck';

/** Shown on the sign-in screen after the gateway refused the stored key. */
export const KEY_REFUSED_NOTICE = 'You were signed out: the gateway no longer accepts your API key (it may have been revoked). Paste a valid key to continue.';

export interface Auth {
  /** The key every request carries; null while signed out. */
  apiKey: string | null;
  /** Why the page is back on the sign-in screen, when not by the user's choice. */
  notice: string | null;
  /** Keeps a key the gateway has just accepted. */
  signIn(apiKey: string): void;
  /** Forgets the key; `notice` says on the sign-in screen why, when the user did not just ask for it. */
  signOut(notice?: string): void;
  /** The gateway refused `apiKey`: back to sign-in, unless the page has moved on to another key meanwhile. */
  keyRefused(apiKey: string): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(() => ({ apiKey: loadApiKey(), notice: null as string | null }));

  const signIn = useCallback((apiKey: string) => {
    saveApiKey(apiKey);
    setState({ apiKey, notice: null });
  }, []);

  const signOut = useCallback((notice?: string) => {
    clearApiKey();
    setState({ apiKey: null, notice: notice ?? null });
  }, []);

  const keyRefused = useCallback((apiKey: string) => {
    if (loadApiKey() === apiKey) clearApiKey();
    setState((current) => (current.apiKey === apiKey ? { apiKey: null, notice: KEY_REFUSED_NOTICE } : current));
  }, []);

  // A key revoked elsewhere signs this page out without waiting for its next request.
  useKeyCheck(state.apiKey, keyRefused);

  // Signing in or out in another tab does the same here.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== API_KEY_STORAGE_KEY && event.key !== null) return;
      const apiKey = loadApiKey();
      setState((current) => (current.apiKey === apiKey ? current : { apiKey, notice: null }));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const auth = useMemo(() => ({ ...state, signIn, signOut, keyRefused }), [state, signIn, signOut, keyRefused]);
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() needs an <AuthProvider> above it');
  return auth;
}
