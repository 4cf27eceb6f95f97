import { useEffect, useState } from 'react';
import { useClient, type Client } from 'urql';
import { graphql } from '../../gql';
import type { PlaygroundRequestQuery } from '../../gql/graphql';
import type { RunStore } from './run-store';
import { viewFromRecord } from './record-view';
import { editorFromReplay } from './replay-session';
import { playground, type PlaygroundSnapshot } from './session-store';

export const playgroundRequestQuery = graphql(`
  query PlaygroundRequest($id: ID!) {
    request(id: $id) {
      id
      runId
      source
      provider
      model
      status
      output
      responseBody
      error { kind message status }
      usage { promptTokens completionTokens totalTokens }
      cost
      latencyMs
      ttftMs
      replayOf
      forkedFrom
      replayNotes { kind field message }
      replayInput {
        provider
        model
        messages {
          role
          content
          parts {
            type
            text
            imageUrl
            detail
            inputAudio { data format }
            file { fileId fileData filename }
            raw
          }
          name
          toolCallId
          toolCalls { id name arguments }
          extra
        }
        temperature
        topP
        maxTokens
        maxCompletionTokens
        stop
        seed
        presencePenalty
        frequencyPenalty
        user
        logitBias
        reasoningEffort
        n
        tools { name description parameters strict }
        toolChoice { mode function }
        parallelToolCalls
        responseFormat { type name description schema strict }
        extra
      }
    }
  }
`);

type RequestRecord = NonNullable<PlaygroundRequestQuery['request']>;

/** What the page says about the URL it was opened at, while it loads or when it cannot. */
export type RouteStatus =
  | { state: 'idle' }
  | { state: 'loading'; kind: 'run' | 'replay'; id: string }
  /** A run with no record yet: its answer streams, the editor fills once it is recorded. */
  | { state: 'streaming'; id: string }
  | { state: 'missing'; kind: 'run' | 'replay'; id: string }
  | { state: 'error'; kind: 'run' | 'replay'; id: string; message: string };

async function fetchRecord(client: Client, id: string): Promise<{ record: RequestRecord | null; error: string | null }> {
  const result = await client.query(playgroundRequestQuery, { id }, { requestPolicy: 'network-only' }).toPromise();
  return { record: result.data?.request ?? null, error: result.error ? result.error.message : null };
}

/** Puts a record's request into the editor, remembering it as the origin every later edit is measured against. */
function loadEditor(kind: 'run' | 'replay', record: RequestRecord): void {
  const editor = editorFromReplay(record.replayInput);
  const session = playground.getSnapshot().session;
  playground.replace({
    ...session,
    editor,
    // Only the note's fields: the cache adds __typename, which a session file would then carry.
    origin: { kind, id: record.id, model: record.model, loaded: editor, notes: record.replayNotes.map((note) => ({ kind: note.kind, field: note.field, message: note.message })) },
    compare: { ...session.compare, on: false },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Loads what the URL names, once per URL: `/runs/:runId` restores a run
 * (its request in the editor, its answer below; a run still going streams),
 * `/?replay=<id>` opens a logged request exactly as stored. A URL the session
 * itself moved to (after starting a run) is not loaded again.
 */
export function useRouteRestore(snapshot: PlaygroundSnapshot, runId: string | null, replayId: string | null): RouteStatus {
  const client = useClient();
  const [status, setStatus] = useState<RouteStatus>({ state: 'idle' });
  const route = runId ? `run:${runId}` : replayId ? `replay:${replayId}` : null;
  const pending = route !== null && route !== snapshot.appliedRoute;

  useEffect(() => {
    if (route === null || route === playground.getSnapshot().appliedRoute) return;
    const kind = runId ? 'run' : 'replay';
    const id = (runId ?? replayId)!;
    const previous = playground.getSnapshot().appliedRoute;
    playground.markApplied(route);
    let cancelled = false;
    let done = false;
    setStatus({ state: 'loading', kind, id });

    void (async () => {
      const { record, error } = await fetchRecord(client, id);
      if (cancelled) return;
      done = true;
      if (error) return setStatus({ state: 'error', kind, id, message: error });
      const { single } = playground.getSnapshot();
      playground.setColumns([]);
      if (record) {
        loadEditor(kind, record);
        if (kind === 'run') single.show(viewFromRecord(record));
        else single.clear();
        return setStatus({ state: 'idle' });
      }
      if (kind === 'replay') return setStatus({ state: 'missing', kind, id });

      // No record yet: the run may still be going. Its events say; once it has ended, its record follows shortly.
      single.follow(id);
      setStatus({ state: 'streaming', id });
      await untilEnded(single, () => cancelled);
      for (let attempt = 0; attempt < 20 && !cancelled; attempt++) {
        const next = await fetchRecord(client, id);
        if (cancelled) return;
        if (next.record) {
          loadEditor('run', next.record);
          return setStatus({ state: 'idle' });
        }
        await sleep(250 * Math.min(attempt + 1, 4));
      }
      if (!cancelled) setStatus({ state: 'missing', kind, id });
    })();
    return () => {
      cancelled = true;
      // Left before the record came (StrictMode's trial unmount, or the user moved on): the URL is not loaded yet.
      if (!done && playground.getSnapshot().appliedRoute === route) playground.markApplied(previous);
    };
  }, [route, runId, replayId, client]);

  return pending && status.state === 'idle' ? { state: 'loading', kind: runId ? 'run' : 'replay', id: (runId ?? replayId)! } : status;
}

const ended = (phase: string) => phase === 'completed' || phase === 'failed' || phase === 'cancelled';

/** Resolves when the store's run has ended (or the caller gave up). */
function untilEnded(store: RunStore, gaveUp: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe(() => check());
    const check = () => {
      if (!gaveUp() && !ended(store.getSnapshot().phase)) return;
      unsubscribe();
      resolve();
    };
    check();
  });
}
