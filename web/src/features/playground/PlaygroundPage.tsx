import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { AppHeader } from '../layout/AppHeader';
import type { MessageInput } from '../../gql/graphql';
import { ModelPicker } from './ModelPicker';
import { ReplayBanner } from './ReplayBanner';
import { RunOutput } from './RunOutput';
import { useModels, type Model } from './useModels';
import { useRun } from './useRun';
import './playground.css';

/** The messages the page sends: the system prompt only when one is written. */
function buildMessages(system: string, prompt: string): MessageInput[] {
  const messages: MessageInput[] = system.trim() ? [{ role: 'system', content: system }] : [];
  return [...messages, { role: 'user', content: prompt }];
}

export function PlaygroundPage() {
  const { models, preferred, fetching, error: modelsError } = useModels();
  const [chosen, setChosen] = useState<Model | null>(null);
  const [system, setSystem] = useState('');
  const [prompt, setPrompt] = useState('');
  const [run, { start: startRun, stop: stopRun }] = useRun();
  // History's "Open in Playground" links here with the request's id.
  const [searchParams] = useSearchParams();
  const replayId = searchParams.get('replay');

  const model = chosen ?? preferred;
  const busy = run.phase === 'starting' || run.phase === 'queued' || run.phase === 'streaming' || run.phase === 'retrying';
  const canRun = model !== null && prompt.trim() !== '' && !busy;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canRun) return;
    void startRun({ provider: model.provider, model: model.name, messages: buildMessages(system, prompt) });
  };

  // Ctrl+Enter / ⌘+Enter runs from either text box, as in most playgrounds.
  const runOnShortcut = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
  };

  return (
    <div className="playground">
      <AppHeader title="Playground" />
      {replayId && <ReplayBanner requestId={replayId} />}

      <main className="playground__body">
        <form className="composer" onSubmit={submit} aria-label="Chat request">
          <div className="field">
            <label htmlFor="model">Model</label>
            <ModelPicker id="model" value={model} onChange={setChosen} models={models} fetching={fetching} error={modelsError} />
          </div>

          <div className="field">
            <label htmlFor="system-prompt">
              System prompt <span className="optional">optional</span>
            </label>
            <textarea
              id="system-prompt"
              data-testid="system-prompt"
              rows={3}
              value={system}
              placeholder="You are a helpful assistant."
              onChange={(e) => setSystem(e.target.value)}
              onKeyDown={runOnShortcut}
            />
          </div>

          <div className="field">
            <label htmlFor="prompt">Prompt</label>
            <textarea
              id="prompt"
              data-testid="prompt"
              rows={8}
              value={prompt}
              placeholder="Ask the model something…"
              onChange={(e) => setPrompt(e.target.value)}
              onKeyDown={runOnShortcut}
            />
          </div>

          <div className="composer__actions">
            <button type="submit" data-testid="run-button" disabled={!canRun}>
              {busy ? 'Running…' : 'Run'}
            </button>
            {run.stoppable && (
              <button
                type="button"
                className="button--stop"
                data-testid="stop-button"
                disabled={run.stopping}
                onClick={() => void stopRun()}
              >
                {run.stopping ? 'Stopping…' : 'Stop'}
              </button>
            )}
            <span className="hint">Ctrl + Enter</span>
          </div>
          {run.stopError && (
            <p className="field-error composer__stop-error" role="alert" data-testid="stop-error">
              Could not stop the run: {run.stopError.message}
            </p>
          )}
        </form>

        <RunOutput run={run} />
      </main>
    </div>
  );
}
