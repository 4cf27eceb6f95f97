import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import { readEditor, toEditorField, variantInput, variantSummary, type Problem } from './run-input';
import { replayOverrides } from './replay-overrides';
import { failureOf, type RunFailure } from './run-store';
import type { PlaygroundSession } from './session';
import { playground } from './session-store';
import { startRunMutation } from './useRun';

const startRunsMutation = graphql(`
  mutation StartRuns($input: StartRunInput!, $variants: [RunVariantInput!]!) {
    startRuns(input: $input, variants: $variants) {
      id
      runs { id provider model }
    }
  }
`);

const replayMutation = graphql(`
  mutation PlaygroundReplay($id: ID!, $overrides: ReplayOverrides) {
    replayRequest(id: $id, overrides: $overrides) { id provider model }
  }
`);

/** Whether the session's next run is a replay of a logged request: opened from History and not detached. */
export const runsAsReplay = (session: PlaygroundSession) => session.origin?.kind === 'replay';

/**
 * What keeps Run from sending the session now. A replay is checked on what
 * it would override only: the stored request's own fields are sent as they
 * are, not re-read from the editor.
 */
export function runProblems(session: PlaygroundSession): Problem[] {
  if (session.origin && runsAsReplay(session)) return replayOverrides(session.origin.loaded, session.editor).problems;
  const problems = readEditor(session.editor).problems;
  if (!session.compare.on) return problems;
  return session.compare.variants.reduce((all, v, i) => (variantInput(v, i, all), all), problems);
}

/** A refusal's fields as the editor numbers its messages (blank system prompts are not sent). */
const inEditorTerms = (sent: readonly number[]) => (failure: RunFailure): RunFailure =>
  failure.issues ? { ...failure, issues: failure.issues.map((i) => ({ ...i, field: toEditorField(i.field, sent) })) } : failure;

/** Whether the editor differs from the run it was restored from: a run made from it is then a fork. */
function forkedFrom(session: PlaygroundSession): string | undefined {
  if (session.origin?.kind !== 'run') return undefined;
  return replayOverrides(session.origin.loaded, session.editor).changed.length > 0 ? session.origin.id : undefined;
}

/**
 * Starts the session's run: a replay of the logged request with the edited
 * fields as overrides, or a new run (forked from a restored one when edited),
 * or a comparison. A single run moves the URL to `/runs/<id>`, which
 * reopens it later; the session already shows it, so that URL is not loaded.
 */
export function useLaunch(modelLabel: (provider: string, model: string) => string) {
  const client = useClient();
  const navigate = useNavigate();

  const runSingle = useCallback(
    async (session: PlaygroundSession) => {
      const { single } = playground.getSnapshot();
      playground.setColumns([]);
      const origin = session.origin;
      const { fields, sent } = readEditor(session.editor);
      const adjust = inEditorTerms(sent);
      const id =
        origin && runsAsReplay(session)
          ? await single.launch(() => client.mutation(replayMutation, { id: origin.id, overrides: replayOverrides(origin.loaded, session.editor).overrides }).toPromise(), adjust)
          : await single.launch(() => {
              const from = forkedFrom(session);
              return client.mutation(startRunMutation, { input: { ...fields, ...(from ? { forkedFrom: from } : {}) } }).toPromise();
            }, adjust);
      if (id) {
        playground.markApplied(`run:${id}`);
        void navigate(`/runs/${encodeURIComponent(id)}`, { replace: true });
      }
    },
    [client, navigate],
  );

  const runCompare = useCallback(
    async (session: PlaygroundSession) => {
      const { variants } = session.compare;
      const columns = variants.map((variant, i) => ({
        key: variant.key,
        title: `${String.fromCharCode(65 + i)} · ${variantSummary(variant, modelLabel)}`,
        store: playground.newRunStore(),
      }));
      playground.getSnapshot().single.clear();
      playground.setColumns(columns);
      const tokens = columns.map((c) => c.store.begin());
      const from = forkedFrom(session);
      const { fields, sent } = readEditor(session.editor);
      const input = { ...fields, ...(from ? { forkedFrom: from } : {}) };
      const result = await client.mutation(startRunsMutation, { input, variants: variants.map((v, i) => variantInput(v, i)) }).toPromise();
      const runs = result.data?.startRuns.runs ?? null;
      columns.forEach((column, i) => {
        const run = runs?.[i];
        if (run) column.store.follow(run.id, tokens[i]);
        else column.store.fail(tokens[i]!, inEditorTerms(sent)(result.error ? failureOf(result.error) : { kind: 'INTERNAL', message: 'No run was started.', status: null }));
      });
      // A comparison has no one run to name: the URL of a run restored earlier would no longer describe the page.
      if (runs) void navigate('/', { replace: true });
    },
    [client, modelLabel, navigate],
  );

  return { runSingle, runCompare };
}
