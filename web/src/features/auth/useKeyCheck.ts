import { useEffect } from 'react';
import { verifyApiKey } from './verify-api-key';

/**
 * How often a visible, signed-in page asks whether its key still works. A
 * key revoked elsewhere (another person, another browser) would otherwise
 * be noticed only at the page's next request, perhaps a Run minutes later.
 */
export const KEY_CHECK_INTERVAL_MS = 30_000;
/** Focus comes and goes with every click back into the window: one check per this long is enough. */
const MIN_GAP_MS = 5_000;

/** While signed in with `apiKey`: checks it every interval and when the page is looked at again; `onRefused` when the gateway refuses it. */
export function useKeyCheck(apiKey: string | null, onRefused: (apiKey: string) => void) {
  useEffect(() => {
    if (!apiKey) return;
    let stopped = false;
    let last = Date.now();
    const check = async () => {
      if (document.visibilityState !== 'visible' || Date.now() - last < MIN_GAP_MS) return;
      last = Date.now();
      const verification = await verifyApiKey(apiKey);
      // Only a refusal signs out: a gateway that did not answer says nothing about the key.
      if (!stopped && !verification.ok && verification.refused) onRefused(apiKey);
    };
    const timer = setInterval(() => void check(), KEY_CHECK_INTERVAL_MS);
    const onLook = () => void check();
    document.addEventListener('visibilitychange', onLook);
    window.addEventListener('focus', onLook);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onLook);
      window.removeEventListener('focus', onLook);
    };
  }, [apiKey, onRefused]);
}
