import { memo, useState, useSyncExternalStore } from 'react';
import { RunOutput } from './RunOutput';
import type { RunState, RunStore } from './run-store';
import type { ToolCallView } from './run-view';
import type { AnswerCall } from './session';

interface LiveRunOutputProps {
  store: RunStore;
  title?: string;
  level?: 2 | 3;
  /** Keeps the answer (text and calls) as an assistant message. */
  onAppend?: (text: string, calls: AnswerCall[]) => void;
  /** Every call answered: the answer and the results go into the conversation and it runs on. */
  onToolResults?: (text: string, calls: AnswerCall[], results: Record<string, string>) => void;
}

const callsOf = (run: RunState): AnswerCall[] => run.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }));
const callKey = (call: ToolCallView) => call.id ?? `call_${call.index}`;

function ResultForm({ call, answered, onAdd, waiting }: { call: ToolCallView; answered: string | undefined; onAdd: (result: string) => void; waiting: boolean }) {
  const [draft, setDraft] = useState('');
  const name = call.name || 'the call';
  if (answered !== undefined) {
    return (
      <p className="tool-result tool-result--done" data-testid="tool-result-added">
        Result added{waiting ? '; the other calls still need theirs.' : '.'}
      </p>
    );
  }
  return (
    <form
      className="tool-result"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd(draft);
      }}
    >
      <label className="visually-hidden" htmlFor={`result-${callKey(call)}`}>
        Result of {name}
      </label>
      <textarea
        id={`result-${callKey(call)}`}
        className="tool-result__text"
        data-testid="tool-result-input"
        placeholder={`What ${name} returned, e.g. {"temperature": 21}`}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className="button--small button--accent" data-testid="add-result">
        Add result
      </button>
    </form>
  );
}

/**
 * A run's answer, read from its store: this component re-renders as tokens
 * arrive (at most once per frame), the page around it does not. Once the
 * run has ended, each tool call can be answered and the answer kept.
 */
export const LiveRunOutput = memo(function LiveRunOutput({ store, title, level, onAppend, onToolResults }: LiveRunOutputProps) {
  const run = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // Results typed for this run's calls; a new run starts with none.
  const [results, setResults] = useState<{ runId: string | null; byCall: Record<string, string> }>({ runId: null, byCall: {} });
  const byCall = results.runId === run.runId ? results.byCall : {};
  const ended = run.phase === 'completed' || run.phase === 'cancelled';
  const answerable = run.phase === 'completed' && run.toolCalls.length > 0 && onToolResults !== undefined;

  const addResult = (call: ToolCallView, result: string) => {
    const next = { ...byCall, [callKey(call)]: result };
    setResults({ runId: run.runId, byCall: next });
    if (run.toolCalls.every((c) => next[callKey(c)] !== undefined)) {
      const calls = run.toolCalls.map((c) => ({ id: callKey(c), name: c.name, arguments: c.arguments }));
      onToolResults?.(run.text, calls, next);
    }
  };

  const canAppend = onAppend !== undefined && ended && (run.text !== '' || run.toolCalls.length > 0);
  return (
    <RunOutput
      run={run}
      title={title}
      level={level}
      markdown
      renderToolCall={
        answerable
          ? (call) => (
              <ResultForm
                call={call}
                answered={byCall[callKey(call)]}
                waiting={run.toolCalls.some((c) => byCall[callKey(c)] === undefined)}
                onAdd={(result) => addResult(call, result)}
              />
            )
          : undefined
      }
      footer={
        canAppend ? (
          <div className="run-output__actions">
            <button type="button" className="button--secondary" data-testid="append-answer" onClick={() => onAppend(run.text, callsOf(run))}>
              Append to conversation
            </button>
            {answerable && <span className="hint">or add a result to each call to continue</span>}
          </div>
        ) : null
      }
    />
  );
});
