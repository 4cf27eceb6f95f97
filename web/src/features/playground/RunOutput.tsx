import { formatCost, formatToolArguments, type ToolCallView } from './run-view';
import type { RunPhase, RunState } from './useRun';

const PHASE_LABEL: Record<RunPhase, string> = {
  idle: 'Ready',
  starting: 'Starting…',
  queued: 'Queued',
  streaming: 'Streaming…',
  retrying: 'Retrying…',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const PLACEHOLDER: Record<RunPhase, string> = {
  idle: 'Run a prompt to see the model’s answer here.',
  starting: '',
  queued: 'Waiting for a worker…',
  streaming: '',
  retrying: 'Waiting for the next attempt…',
  completed: 'The model returned no text.',
  failed: 'No answer: the run failed.',
  cancelled: 'Stopped before the model wrote any text.',
};

const ms = (value: number | null) => (value === null ? '—' : `${value.toLocaleString('en')} ms`);

/** The status pill's words: while a retry waits, which attempt comes next and why. */
function statusLabel({ phase, retry }: RunState): string {
  if (phase === 'retrying' && retry) return `Retrying (attempt ${retry.attempt}) after ${retry.error.kind}…`;
  return PHASE_LABEL[phase];
}

/** The calls the model made, each as `name(arguments)`. */
function ToolCalls({ calls, ended }: { calls: ToolCallView[]; ended: boolean }) {
  return (
    <section className="tool-calls" aria-labelledby="tool-calls-heading" data-testid="tool-calls">
      <h3 id="tool-calls-heading">Tool calls</h3>
      {calls.map((call) => (
        <pre key={call.index} className="tool-call" data-testid="tool-call" data-call-id={call.id ?? undefined}>
          <code>
            <span className="tool-call__name">{call.name}</span>({formatToolArguments(call.arguments, ended)})
          </code>
        </pre>
      ))}
    </section>
  );
}

/** The answer as it streams, then its figures or its error. */
export function RunOutput({ run, title = 'Answer' }: { run: RunState; title?: string }) {
  const { phase, text, toolCalls, completion, cancellation, error } = run;
  const streaming = phase === 'starting' || phase === 'queued' || phase === 'streaming' || phase === 'retrying';
  const structured = completion?.structuredOutput ?? null;
  const ended = phase === 'completed' || phase === 'failed' || phase === 'cancelled';
  const onlyToolCalls = ended && text === '' && toolCalls.length > 0;

  return (
    <section className="run-output" aria-labelledby="answer-heading">
      <header className="run-output__header">
        <h2 id="answer-heading">{title}</h2>
        <p
          role="status"
          className={`status status--${phase}`}
          data-testid="run-status"
          data-phase={phase}
          title={phase === 'retrying' && run.retry ? run.retry.error.message : undefined}
        >
          {statusLabel(run)}
        </p>
      </header>

      {/* aria-busy while streaming: screen readers announce the answer once, not token by token. */}
      <div
        className={onlyToolCalls ? 'answer answer--compact' : 'answer'}
        data-testid="answer"
        aria-live="polite"
        aria-busy={streaming}
        aria-labelledby="answer-heading"
      >
        {text || <span className="placeholder">{onlyToolCalls ? 'No text: the model called tools.' : PLACEHOLDER[phase]}</span>}
        {phase === 'streaming' && <span className="caret" aria-hidden="true" />}
      </div>

      {toolCalls.length > 0 && <ToolCalls calls={toolCalls} ended={ended} />}

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
          {completion.cost !== null && (
            <div>
              <dt>Cost</dt>
              <dd data-testid="cost">{formatCost(completion.cost)}</dd>
            </div>
          )}
          <div>
            <dt>Latency</dt>
            <dd data-testid="latency">{ms(completion.latencyMs)}</dd>
          </div>
          <div>
            <dt>Time to first token</dt>
            <dd data-testid="ttft">{ms(completion.ttftMs)}</dd>
          </div>
          {structured && (
            <div>
              <dt>Structured output</dt>
              <dd data-testid="structured-output" className={structured.valid ? 'check check--ok' : 'check check--bad'}>
                {structured.valid ? 'JSON ✓ matches schema' : `JSON ✗ ${structured.error ?? 'does not match'}`}
              </dd>
            </div>
          )}
        </dl>
      )}

      {cancellation && (
        <dl className="metrics" data-testid="run-metrics">
          <div>
            <dt>Stopped after</dt>
            <dd data-testid="latency">{ms(cancellation.latencyMs)}</dd>
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
