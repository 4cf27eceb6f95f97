import { useMemo, useSyncExternalStore } from 'react';
import { useClient, type Client } from 'urql';
import { useAuth } from '../auth/AuthProvider';
import { RunStore } from './run-store';
import { newSession, type PlaygroundSession } from './session';

/**
 * The playground's current session, kept at module level: leaving the page
 * for History and coming back finds the conversation, parameters, tools and
 * the last answer (still streaming, if it was) as they were. The editor is
 * also written to sessionStorage, so that a reload of the tab keeps it.
 * It belongs to one API key: another key starts afresh.
 */

/** One column of a comparison: its title and its run. */
export interface CompareColumn {
  key: string;
  title: string;
  store: RunStore;
}

export interface PlaygroundSnapshot {
  session: PlaygroundSession;
  /** The single run's answer. */
  single: RunStore;
  /** The last comparison's columns; empty until one is run. */
  columns: CompareColumn[];
  /** `run:<id>` or `replay:<id>`: the URL last loaded into the editor, so that it is loaded once. */
  appliedRoute: string | null;
  /** Counts sessions replaced whole (restored, imported, started afresh): the editor's panels start over with each. */
  generation: number;
}

const STORAGE_KEY = 'reprise.playground.session';
const STORAGE_VERSION = 1;

/** Which key the stored session belongs to, without keeping the key itself twice (FNV-1a). */
function fingerprint(apiKey: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) hash = Math.imul(hash ^ apiKey.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}

function loadStored(owner: string): PlaygroundSession | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { version?: number; owner?: string; session?: PlaygroundSession } | null;
    return stored?.version === STORAGE_VERSION && stored.owner === owner && stored.session ? stored.session : null;
  } catch {
    return null;
  }
}

class PlaygroundStore {
  #owner: string | null = null;
  #snapshot: PlaygroundSnapshot | null = null;
  #listeners = new Set<() => void>();
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #client: Client | null = null;

  /** Makes the store the session of `apiKey`, with run stores on `client`; a new key starts a new session. */
  attach(apiKey: string, client: Client): void {
    const owner = fingerprint(apiKey);
    if (this.#owner === owner && this.#client === client && this.#snapshot) return;
    this.#snapshot?.single.clear();
    this.#snapshot?.columns.forEach((c) => c.store.clear());
    // Signed in again with the same key (a new client): the editor stays, the answers go with the old connection.
    const session = this.#owner === owner && this.#snapshot ? this.#snapshot.session : (loadStored(owner) ?? newSession());
    this.#owner = owner;
    this.#client = client;
    this.#snapshot = { session, single: new RunStore(client), columns: [], appliedRoute: null, generation: (this.#snapshot?.generation ?? 0) + 1 };
  }

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): PlaygroundSnapshot => {
    if (!this.#snapshot) throw new Error('the playground store is used before attach()');
    return this.#snapshot;
  };

  /** A new run store on the session's client, for a comparison column. */
  newRunStore(): RunStore {
    return new RunStore(this.#client!);
  }

  update(change: (session: PlaygroundSession) => PlaygroundSession): void {
    const current = this.getSnapshot();
    const session = change(current.session);
    if (session === current.session) return;
    this.#set({ ...current, session });
    this.#scheduleSave();
  }

  /** Puts another session in place of this one (restored, imported, new): what the panels kept for the old one goes. */
  replace(session: PlaygroundSession): void {
    const current = this.getSnapshot();
    this.#set({ ...current, session, generation: current.generation + 1 });
    this.#scheduleSave();
  }

  setColumns(columns: CompareColumn[]): void {
    const current = this.getSnapshot();
    for (const old of current.columns) if (!columns.includes(old)) old.store.clear();
    this.#set({ ...current, columns });
  }

  markApplied(route: string | null): void {
    this.#set({ ...this.getSnapshot(), appliedRoute: route });
  }

  #set(snapshot: PlaygroundSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }

  // Typing saves once it pauses: serialising a long conversation per keystroke would cost the typist.
  #scheduleSave(): void {
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      if (!this.#snapshot || !this.#owner) return;
      try {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ version: STORAGE_VERSION, owner: this.#owner, session: this.#snapshot.session }));
      } catch {
        // Storage full or refused: the session still lives for as long as the page.
      }
    }, 400);
  }
}

export const playground = new PlaygroundStore();

/** The session for the signed-in key, re-rendering its reader on every change of the editor (not of a streaming answer). */
export function usePlaygroundSession(): PlaygroundSnapshot {
  const { apiKey } = useAuth();
  const client = useClient();
  // Attaching only swaps the store's contents when the key changes; it is the same call on every render otherwise.
  useMemo(() => playground.attach(apiKey ?? '', client), [apiKey, client]);
  return useSyncExternalStore(playground.subscribe, playground.getSnapshot);
}
