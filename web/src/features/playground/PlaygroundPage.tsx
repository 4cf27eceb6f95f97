import { useCallback, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { JsonProblem } from '../json-editor/JsonEditor';
import { AppHeader } from '../layout/AppHeader';
import { RunSidebar } from '../run-history/RunSidebar';
import { ComparePanel } from './ComparePanel';
import { ConversationEditor } from './ConversationEditor';
import { LiveRunOutput } from './LiveRunOutput';
import { ModelPicker } from './ModelPicker';
import { ModelSupportsNote } from './ModelSupportsNote';
import { OriginBanner } from './OriginBanner';
import { ParameterPanel } from './ParameterPanel';
import { ResponseFormatPanel } from './ResponseFormatPanel';
import { issueAt, sectionOf, type Problem } from './run-input';
import { isBusy, type RunFailure, type RunState, type RunStore } from './run-store';
import { replayOverrides } from './replay-overrides';
import { assistantMessage, newSession, withToolResults, type AnswerCall, type EditorState, type PlaygroundSession } from './session';
import { SessionFileControls } from './SessionFileControls';
import { playground, usePlaygroundSession, type CompareColumn } from './session-store';
import { ToolsPanel } from './ToolsPanel';
import { useLaunch, runProblems, runsAsReplay } from './useLaunch';
import { useModels } from './useModels';
import { useModelDefault } from './useModelDefault';
import { useRouteRestore } from './useRouteRestore';
import { useStableProblems } from './useStableProblems';
import { VariablesPanel } from './VariablesPanel';
import { findVariables } from './variables';
import './playground.css';

const FIELD_LABEL: Record<string, string> = {
  model: 'Model',
  provider: 'Provider',
  messages: 'Conversation',
  temperature: 'Temperature',
  topP: 'Top P',
  maxTokens: 'Max tokens',
  maxCompletionTokens: 'Max completion tokens',
  stop: 'Stop sequences',
  seed: 'Seed',
  presencePenalty: 'Presence penalty',
  frequencyPenalty: 'Frequency penalty',
  reasoningEffort: 'Reasoning effort',
  n: 'Choices (n)',
  user: 'User',
  logitBias: 'Logit bias',
  extra: 'Provider-specific fields',
  tools: 'Function definitions',
  toolChoice: 'Tool choice',
  parallelToolCalls: 'Parallel tool calls',
  responseFormat: 'Response format',
};

/** A field path in the words of the page: `Message 2 toolCallId`, `{{city}}`, `Temperature`. */
function fieldLabel(field: string): string {
  const messages = /^messages\.(\d+)\.?(.*)$/.exec(field);
  if (messages) return `Message ${Number(messages[1]) + 1}${messages[2] ? ` ${messages[2]}` : ''}`;
  const variable = /^variables\.(.+)$/.exec(field);
  if (variable) return `{{${variable[1]}}}`;
  const variant = /^variants\.(\d+)\.(.*)$/.exec(field);
  if (variant) return `Variant ${String.fromCharCode(65 + Number(variant[1]))} ${FIELD_LABEL[variant[2]!]?.toLowerCase() ?? variant[2]}`;
  const [head = '', ...rest] = field.split('.');
  return [FIELD_LABEL[head] ?? head, ...rest].join(' ');
}

/** The JSON editor (by its label) where a field is typed, for the fields typed in one. */
function jsonEditorOf(field: string): string | null {
  const messageExtra = /^messages\.(\d+)\.extra$/.exec(field);
  if (messageExtra) return `Message ${Number(messageExtra[1]) + 1} other fields`;
  return { extra: 'Provider-specific fields', logitBias: 'Logit bias', tools: 'Function definitions', 'responseFormat.schema': 'Response schema' }[field] ?? null;
}

const useRunSelect = <T,>(store: RunStore, select: (run: RunState) => T): T => useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));

/** Whether any column of a comparison is still running; re-renders the page only when that changes. */
function useColumnsBusy(columns: CompareColumn[]): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      const unsubscribes = columns.map((c) => c.store.subscribe(listener));
      return () => unsubscribes.forEach((u) => u());
    },
    [columns],
  );
  return useSyncExternalStore(subscribe, () => columns.some((c) => isBusy(c.store.getSnapshot().phase)));
}

const byProblemSection = (problems: readonly Problem[], section: ReturnType<typeof sectionOf>) => problems.filter((p) => sectionOf(p.field) === section);

export function PlaygroundPage() {
  const snapshot = usePlaygroundSession();
  const { session, single, columns, generation } = snapshot;
  const { editor } = session;
  const { runId = null } = useParams();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const route = useRouteRestore(snapshot, runId, searchParams.get('replay'));
  const { models, preferred, fetching, error: modelsError } = useModels();
  useModelDefault(preferred, generation);

  const modelLabel = useCallback(
    (provider: string, model: string) => {
      const found = models.find((m) => m.provider === provider && m.name === model);
      return found ? `${found.providerLabel} · ${found.name}` : model;
    },
    [models],
  );
  const { runSingle, runCompare } = useLaunch(modelLabel);

  // Problems the JSON editors report (schema errors at their line), by editor; Run waits while there are any.
  const [editorProblems, setEditorProblems] = useState<Record<string, JsonProblem[]>>({});
  const onEditorProblems = useCallback((name: string, problems: JsonProblem[]) => {
    setEditorProblems((current) => {
      const before = current[name] ?? [];
      if (before.length === problems.length && before.every((p, i) => p.message === problems[i]!.message && p.line === problems[i]!.line)) return current;
      const next = { ...current };
      if (problems.length) next[name] = problems;
      else delete next[name];
      return next;
    });
  }, []);

  const edit = useCallback((change: (editor: EditorState) => EditorState) => playground.update((s) => ({ ...s, editor: change(s.editor) })), []);
  const setParams = useCallback((change: Partial<EditorState['params']>) => edit((e) => ({ ...e, params: { ...e.params, ...change } })), [edit]);
  const setTools = useCallback((change: Partial<EditorState['tools']>) => edit((e) => ({ ...e, tools: { ...e.tools, ...change } })), [edit]);
  const setFormat = useCallback((change: Partial<EditorState['responseFormat']>) => edit((e) => ({ ...e, responseFormat: { ...e.responseFormat, ...change } })), [edit]);
  const setVariable = useCallback((name: string, value: string) => edit((e) => ({ ...e, variables: { ...e.variables, [name]: value } })), [edit]);
  const setCompare = useCallback((compare: PlaygroundSession['compare']) => playground.update((s) => ({ ...s, compare })), []);

  // The page follows the runs' phases only: their text streams into the outputs, which read the stores themselves.
  const phase = useRunSelect(single, (r) => r.phase);
  const refusal = useRunSelect(single, (r) => (r.phase === 'failed' ? r.error : null));
  const stoppable = useRunSelect(single, (r) => r.stoppable);
  const stopping = useRunSelect(single, (r) => r.stopping);
  const stopError = useRunSelect(single, (r) => r.stopError);
  const comparing = session.compare.on;
  const columnsBusy = useColumnsBusy(columns);
  const busy = isBusy(phase) || columnsBusy;

  const asReplay = runsAsReplay(session);
  const changed = useMemo(() => (session.origin ? replayOverrides(session.origin.loaded, editor).changed : []), [session.origin, editor]);
  // A field whose JSON editor reports problems is told about there, at its line, not twice.
  const problems = useMemo(() => {
    const all = runProblems(session);
    return all.filter((p) => {
      const editorName = jsonEditorOf(p.field);
      return !(editorName && editorProblems[editorName]?.length);
    });
  }, [session, editorProblems]);
  // The gateway's refusal of the last run, shown beside the fields it names until the editor changes.
  const refusedWith = useRef<{ refusal: RunFailure; editor: EditorState } | null>(null);
  if (refusal && refusedWith.current?.refusal !== refusal) refusedWith.current = { refusal, editor };
  const refused = refusal && refusedWith.current?.editor === editor ? (refusal.issues ?? null) : null;
  const shown = useMemo(() => [...problems, ...(refused ?? [])], [problems, refused]);
  const names = useMemo(() => findVariables(editor.messages), [editor.messages]);
  const paramProblems = useStableProblems(byProblemSection(shown, 'params'));
  const messageProblems = useStableProblems(byProblemSection(shown, 'messages'));
  const variableProblems = useStableProblems(byProblemSection(shown, 'variables'));
  const toolProblems = useStableProblems(byProblemSection(shown, 'tools'));
  const formatProblems = useStableProblems(byProblemSection(shown, 'responseFormat'));
  const variantProblems = useStableProblems(shown.filter((p) => p.field.startsWith('variants.')));
  const blockers = [
    ...problems.map((p) => (p.quiet ? p.message : `${fieldLabel(p.field)}: ${p.message}`)),
    ...Object.entries(editorProblems).flatMap(([name, list]) => list.map((p) => `${name}, line ${p.line}: ${p.message}`)),
  ];
  const canRun = !busy && blockers.length === 0;
  // Only what is not written yet: a hint, not a warning.
  const onlyQuiet = problems.length > 0 && problems.every((p) => p.quiet) && Object.keys(editorProblems).length === 0;

  const run = useCallback(() => {
    const current = playground.getSnapshot().session;
    void (current.compare.on ? runCompare(current) : runSingle(current));
  }, [runCompare, runSingle]);

  const stop = () => {
    if (stoppable) void single.stop();
    for (const column of columns) if (column.store.getSnapshot().stoppable) void column.store.stop();
  };

  // Ctrl+Enter / ⌘+Enter runs from anywhere in the editor; caught before a JSON editor takes it for a new line.
  const runOnShortcut = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    event.stopPropagation();
    if (canRun) run();
  };

  const onAppend = useCallback((text: string, calls: AnswerCall[]) => edit((e) => ({ ...e, messages: [...e.messages, assistantMessage(text, calls)] })), [edit]);
  const onToolResults = useCallback(
    (text: string, calls: AnswerCall[], results: Record<string, string>) => {
      edit((e) => withToolResults(e, text, calls, results));
      const next = playground.getSnapshot().session;
      // The conversation goes on at once when it can; otherwise Run shows what is missing.
      if (runProblems(next).length === 0) void runSingle(next);
    },
    [edit, runSingle],
  );

  const startOver = () => {
    single.clear();
    playground.setColumns([]);
    playground.replace(newSession());
    playground.markApplied(null);
    void navigate('/', { replace: false });
  };

  const importSession = (imported: PlaygroundSession) => {
    single.clear();
    playground.setColumns([]);
    playground.replace(imported);
    playground.markApplied(null);
    if (runId || searchParams.get('replay')) void navigate('/', { replace: false });
  };

  const runLabel = comparing ? `Run ${session.compare.variants.length} variants` : asReplay ? 'Run replay' : 'Run';

  return (
    <div className="playground">
      <AppHeader title="Playground" />
      <div className="playground__layout">
        <div className="playground__sidebar">
          <RunSidebar activeId={runId ?? undefined} />
        </div>

        <main className="playground__main">
          <div className="playground__toolbar">
            <button type="button" className="button--small" data-testid="new-session" onClick={startOver}>
              New session
            </button>
            <SessionFileControls session={session} onImport={importSession} />
          </div>
          <OriginBanner origin={session.origin} changed={changed} route={route} onDetach={() => playground.update((s) => ({ ...s, origin: null }))} />

          <div className="playground__columns">
            {/* Keyed: a session put in place whole (restored, imported) opens its own panels, not the last one's. */}
            <div key={generation} className="composer" role="region" aria-label="Chat request" onKeyDownCapture={runOnShortcut}>
              {/* Held at the top of the view while the request scrolls: Run is always in reach. */}
              <div className="composer__bar">
                <div className="composer__actions">
                  <button type="button" className="button--run" data-testid="run-button" disabled={!canRun} aria-describedby="run-blockers" onClick={run}>
                    {busy ? 'Running…' : runLabel}
                  </button>
                  {(stoppable || columnsBusy) && (
                    <button type="button" className="button--stop" data-testid="stop-button" disabled={stopping} onClick={stop}>
                      {stopping ? 'Stopping…' : 'Stop'}
                    </button>
                  )}
                  <button type="button" className="button--secondary" data-testid="compare-toggle" aria-pressed={comparing} onClick={() => setCompare({ ...session.compare, on: !comparing })}>
                    {comparing ? 'Single run' : 'Compare…'}
                  </button>
                  <span className="hint">Ctrl + Enter</span>
                </div>
                <div id="run-blockers" className="composer__blockers" aria-live="polite" data-testid="run-blockers">
                  {blockers.length > 0 && !busy && (
                    <p className={onlyQuiet ? 'composer__blockers--quiet' : undefined}>
                      Run is waiting for: {blockers.slice(0, 3).join('; ')}
                      {blockers.length > 3 ? `; and ${blockers.length - 3} more` : ''}.
                    </p>
                  )}
                </div>
                {comparing && asReplay && <p className="hint">A comparison runs the editor’s contents as new requests, not as replays of the original.</p>}
                {stopError && (
                  <p className="field-error" role="alert" data-testid="stop-error">
                    Could not stop the run: {stopError.message}
                  </p>
                )}
              </div>
              <div className="composer__model">
                <label htmlFor="model" className="section-title">
                  Model
                </label>
                <ModelPicker
                  id="model"
                  value={editor.model}
                  onChange={(model) => edit((e) => ({ ...e, model }))}
                  models={models}
                  fetching={fetching}
                  error={modelsError}
                  issue={issueAt(shown, 'model') ?? issueAt(shown, 'provider')}
                />
                <ModelSupportsNote editor={editor} />
              </div>
              <ParameterPanel params={editor.params} onChange={setParams} problems={paramProblems} onEditorProblems={onEditorProblems} />
              <ConversationEditor messages={editor.messages} problems={messageProblems} onEdit={edit} onEditorProblems={onEditorProblems} />
              <VariablesPanel
                names={names}
                values={editor.variables}
                onChange={setVariable}
                problems={variableProblems}
                unused={asReplay && !changed.includes('messages')}
              />
              <ToolsPanel tools={editor.tools} onChange={setTools} problems={toolProblems} onEditorProblems={onEditorProblems} />
              <ResponseFormatPanel format={editor.responseFormat} onChange={setFormat} problems={formatProblems} onEditorProblems={onEditorProblems} />
            </div>

            <div className={comparing ? 'playground__output' : 'playground__output playground__output--answer'}>
              {comparing ? (
                <ComparePanel compare={session.compare} onChange={setCompare} models={models} fetching={fetching} modelsError={modelsError} problems={variantProblems} />
              ) : (
                <LiveRunOutput store={single} onAppend={onAppend} onToolResults={onToolResults} />
              )}
            </div>
          </div>

          {comparing && columns.length > 0 && (
            <section className="compare-results" aria-label="Comparison" data-testid="compare-results">
              {columns.map((column) => (
                <LiveRunOutput key={column.key} store={column.store} title={column.title} level={3} onAppend={onAppend} />
              ))}
            </section>
          )}
        </main>
      </div>
    </div>
  );
}
