/**
 * A moment as the settings tables show it: how long ago when recent, else its
 * date. `inSentence` for one that follows a word ("Revoked just now").
 */
export function formatWhen(iso: string | null | undefined, { now = new Date(), inSentence = false }: { now?: Date; inSentence?: boolean } = {}): string {
  if (!iso) return inSentence ? 'never' : 'Never';
  const date = new Date(iso);
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return inSentence ? 'just now' : 'Just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** The moment in full, for a tooltip. */
export const formatFull = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * Whether a listed key is the one this page signed in with: a key begins with
 * its prefix, which is long enough (9 characters, 6 random) to tell the keys
 * of one workspace apart.
 */
export const isKeyOfSession = (key: { prefix: string; revokedAt?: string | null }, sessionKey: string | null) =>
  !key.revokedAt && sessionKey !== null && key.prefix.length > 0 && sessionKey.startsWith(key.prefix);
