import { useId, type ReactNode } from 'react';
import { PacedMarkdown } from './PacedMarkdown';
import { formatCost, formatToolArguments, type ToolCallView } from './run-view';
import type { RunPhase, RunState } from './run-store';
import './run-output.css';

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
  idle: 'Run the conversation to see the model’s answer here.',
  starting: '',
  queued: 'Waiting for a worker…',
  streaming: '',
  retrying: 'Waiting for the next attempt…',
  completed: 'The model returned no text.',
  failed: 'No answer: the run failed.',
  cancelled: 'Stopped before the model wrote any text.',
};

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toLocaleString('en')} ms`);
const seconds = (value: number) => (value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(value % 1000 === 0 ? 0 : 1)} s`);

/** The status pill's words: while a retry waits, which attempt comes next and why. */
function statusLabel({ phase, retry }: RunState): string {
  if (phase === 'retrying' && retry) return `Retrying (attempt ${retry.attempt}) after ${retry.error.kind}…`;
  return PHASE_LABEL[phase];
}

export interface RunOutputProps {
  run: RunState;
  title?: string;
  /** The heading's level: 2 on its own, 3 inside a comparison. */
  level?: 2 | 3;
  /** Render the answer as markdown (the playground) rather than as plain text. */
  markdown?: boolean;
  /** Controls under a tool call's card (the playground's "Add result"). */
  renderToolCall?: (call: ToolCallView, ended: boolean) => ReactNode;
  /** Controls under the answer (the playground's "Append to conversation"). */
  footer?: ReactNode;
}

function ToolCallCard({ call, ended, extra }: { call: ToolCallView; ended: boolean; extra: ReactNode }) {
  return (
    <article className="tool-call" data-testid="tool-call" data-call-id={call.id ?? undefined} aria-label={`Tool call ${call.name || '(unnamed)'}`}>
      <header className="tool-call__head">
        <span className="tool-call__name" data-testid="tool-call-name">
          {call.name || '…'}
        </span>
        {call.id && <code className="tool-call__id">{call.id}</code>}
        {!ended && <span className="tool-call__streaming">arguments streaming…</span>}
      </header>
      <pre className="tool-call__args" data-testid="tool-call-arguments">
        <code>{formatToolArguments(call.arguments, ended) || ' '}</code>
      </pre>
      {extra}
    </article>
  );
}

/** The answer as it streams, its tool calls, then its figures or its error. */
export function RunOutput({ run, title = 'Answer', level = 2, markdown = false, renderToolCall, footer }: RunOutputProps) {
  const { phase, text, toolCalls, completion, cancellation, error, retry } = run;
  const headingId = useId();
  const streaming = phase === 'starting' || phase === 'queued' || phase === 'streaming' || phase === 'retrying';
  const structured = completion?.structuredOutput ?? null;
  const ended = phase === 'completed' || phase === 'failed' || phase === 'cancelled';
  const onlyToolCalls = ended && text === '' && toolCalls.length > 0;
  const Heading = level === 2 ? 'h2' : 'h3';
  const SubHeading = level === 2 ? 'h3' : 'h4';
  const retries = retry ? retry.attempt - 1 : 0;

  return (
    <section className="run-output" aria-labelledby={headingId} data-testid="run-output">
      <header className="run-output__header">
        <Heading id={headingId}>{title}</Heading>
        <p
          role="status"
          className={`status status--${phase}`}
          data-testid="run-status"
          data-phase={phase}
          title={phase === 'retrying' && retry ? retry.error.message : undefined}
        >
          {statusLabel(run)}
        </p>
      </header>

      {phase === 'retrying' && retry && (
        <p className="run-retry" data-testid="run-retry">
          Attempt {retry.attempt - 1} failed with {retry.error.kind}
          {retry.error.status !== null && retry.error.status !== undefined ? ` (HTTP ${retry.error.status})` : ''}: {retry.error.message}. Trying again in{' '}
          {seconds(retry.delayMs)}.
        </p>
      )}

      {/* aria-busy while streaming: screen readers announce the answer once, not token by token. */}
      <div className={onlyToolCalls ? 'answer answer--compact' : markdown ? 'answer answer--markdown' : 'answer'} data-testid="answer" aria-live="polite" aria-busy={streaming} aria-labelledby={headingId}>
        {text ? (
          markdown ? (
            <PacedMarkdown text={text} streaming={streaming} headingLevel={level + 1} />
          ) : (
            text
          )
        ) : (
          <span className="placeholder">{onlyToolCalls ? 'No text: the model called tools.' : PLACEHOLDER[phase]}</span>
        )}
        {phase === 'streaming' && <span className="caret" aria-hidden="true" />}
      </div>

      {toolCalls.length > 0 && (
        <section className="tool-calls" aria-label="Tool calls" data-testid="tool-calls">
          <SubHeading className="tool-calls__title">Tool calls</SubHeading>
          {toolCalls.map((call) => (
            <ToolCallCard key={call.index} call={call} ended={ended} extra={renderToolCall?.(call, ended)} />
          ))}
        </section>
      )}

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
            <dt>Cost</dt>
            <dd data-testid="cost">{completion.cost !== null ? formatCost(completion.cost) : 'unknown'}</dd>
          </div>
          <div>
            <dt>Latency</dt>
            <dd data-testid="latency">{ms(completion.latencyMs)}</dd>
          </div>
          <div>
            <dt>Time to first token</dt>
            <dd data-testid="ttft">{ms(completion.ttftMs)}</dd>
          </div>
          {retries > 0 && (
            <div>
              <dt>Retries</dt>
              <dd data-testid="retries">{retries}</dd>
            </div>
          )}
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
            {error.status !== null && error.status !== undefined && <span className="run-error__status"> · HTTP {error.status}</span>}
          </p>
          <p data-testid="error-message">{error.message}</p>
        </div>
      )}

      {footer}
    </section>
  );
}
