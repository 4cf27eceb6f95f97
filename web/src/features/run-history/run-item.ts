/**
 * The first words of what a run asked (its `prompt`: the last user message's
 * text, which the API keeps on the list), in a line. Null when it has none.
 */
export function firstWords(prompt: string | null | undefined, words = 10): string | null {
  const all = (prompt ?? '').trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return null;
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago, in the words a person would use: "just now", "3 min ago",
 * "2 h ago", "yesterday", "4 days ago", then the date. `now` is passed in so
 * that the sidebar can re-render it as time passes.
 */
export function formatAge(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const age = Math.max(0, now - then);
  if (age < 45_000) return 'just now';
  if (age < HOUR) return `${Math.max(1, Math.round(age / MINUTE))} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  const days = Math.floor(age / DAY);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  const date = new Date(then);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** Where a run came from, as the sidebar writes it under the run. */
export interface RunOrigin {
  kind: 'replay' | 'fork';
  /** The request it replays or was forked from. */
  id: string;
}

export function originOf(run: { replayOf?: string | null; forkedFrom?: string | null }): RunOrigin | null {
  if (run.replayOf) return { kind: 'replay', id: run.replayOf };
  if (run.forkedFrom) return { kind: 'fork', id: run.forkedFrom };
  return null;
}

/** An id short enough for a line of the sidebar: its first 8 characters. */
export const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);
