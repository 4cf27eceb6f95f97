import type { RunPhase, RunState } from './useRun';

const PHASE_LABEL: Record<RunPhase, string> = {
  idle: 'Ready',
  starting: 'Starting…',
  queued: 'Queued',
  streaming: 'Streaming…',
  completed: 'Completed',
  failed: 'Failed',
};

const PLACEHOLDER: Record<RunPhase, string> = {
  idle: 'Run a prompt to see the model’s answer here.',
  starting: '',
  queued: 'Waiting for a worker…',
  streaming: '',
  completed: 'The model returned no text.',
  failed: 'No answer: the run failed.',
};

const ms = (value: number | null) => (value === null ? '—' : `${value.toLocaleString('en')} ms`);

/** The answer as it streams, then its figures or its error. */
export function RunOutput({ run }: { run: RunState }) {
  const { phase, text, completion, error } = run;
  const streaming = phase === 'starting' || phase === 'queued' || phase === 'streaming';

  return (
    <section className="run-output" aria-labelledby="answer-heading">
      <header className="run-output__header">
        <h2 id="answer-heading">Answer</h2>
        <p role="status" className={`status status--${phase}`} data-testid="run-status" data-phase={phase}>
          {PHASE_LABEL[phase]}
        </p>
      </header>

      {/* aria-busy while streaming: screen readers announce the answer once, not token by token. */}
      <div className="answer" data-testid="answer" aria-live="polite" aria-busy={streaming} aria-labelledby="answer-heading">
        {text || <span className="placeholder">{PLACEHOLDER[phase]}</span>}
        {phase === 'streaming' && <span className="caret" aria-hidden="true" />}
      </div>

      {completion && (
        <dl className="metrics" data-testid="run-metrics">
          <div>
            <dt>Finish reason</dt>
            <dd data-testid="finish-reason">{completion.finishReason ?? '—'}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd data-testid="tokens">
              {completion.usage
                ? `${completion.usage.promptTokens} in · ${completion.usage.completionTokens} out · ${completion.usage.totalTokens} total`
                : '—'}
            </dd>
          </div>
          <div>
            <dt>Latency</dt>
            <dd data-testid="latency">{ms(completion.latencyMs)}</dd>
          </div>
          <div>
            <dt>Time to first token</dt>
            <dd data-testid="ttft">{ms(completion.ttftMs)}</dd>
          </div>
        </dl>
      )}

      {error && (
        <div className="run-error" role="alert" data-testid="run-error">
          <p className="run-error__kind">
            <span data-testid="error-kind">{error.kind}</span>
            {error.status !== null && <span className="run-error__status"> · HTTP {error.status}</span>}
          </p>
          <p data-testid="error-message">{error.message}</p>
        </div>
      )}
    </section>
  );
}
