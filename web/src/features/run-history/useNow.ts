import { useEffect, useState } from 'react';

/**
 * The time now, renewed every `intervalMs` while the page is visible: what
 * "3 min ago" is computed from, so that ages move on without new data.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') setNow(Date.now());
    };
    const timer = window.setInterval(tick, intervalMs);
    // Back to a tab left in the background: the ages are right at once.
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [intervalMs]);
  return now;
}
