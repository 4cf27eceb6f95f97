import type { EstimateBulkReplayQuery } from '../../gql/graphql';
import { formatUsd } from './format';

type Estimate = EstimateBulkReplayQuery['estimateBulkReplay'];

interface EstimatePanelProps {
  estimate: Estimate | null;
  updating: boolean;
  /** What the estimate's prices are: the target model's, or each request's own. */
  priceOf: string;
  budgetUsd: number | null;
  /** Why there is no estimate: nothing selected, a field to fix, the API's refusal. */
  blocked: string | null;
  error: string | null;
  /** A provider id as people know it (its label). */
  providerLabel: (id: string) => string;
}

/** The count, tokens and cost a bulk replay would take, before it starts. */
export function EstimatePanel({ estimate, updating, priceOf, budgetUsd, blocked, error, providerLabel }: EstimatePanelProps) {
  const cost = estimate?.estimatedCostUsd ?? null;
  const overBudget = budgetUsd !== null && cost !== null && cost > budgetUsd;
  return (
    <section className="batch-card batch-estimate" aria-labelledby="estimate-heading" aria-busy={updating}>
      <div className="batch-estimate__head">
        <h2 id="estimate-heading">Estimate</h2>
        <span className="batch-hint" aria-live="polite">
          {updating && !blocked ? 'Updating…' : ''}
        </span>
      </div>
      {blocked && <p className="batch-hint">{blocked}</p>}
      {error && !blocked && (
        <p className="batch-error" role="alert">
          No estimate: {error}
        </p>
      )}
      {estimate && !blocked && (
        <>
          <dl className="batch-estimate__figures" data-testid="estimate">
            <div>
              <dt>Requests</dt>
              <dd data-testid="estimate-count">{estimate.count.toLocaleString('en')}</dd>
            </div>
            <div>
              <dt>Input tokens</dt>
              <dd>{estimate.inputTokens.toLocaleString('en')}</dd>
            </div>
            <div>
              <dt>Output tokens</dt>
              <dd title="The originals' own, or their max tokens">≈ {estimate.outputTokens.toLocaleString('en')}</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd>{cost === null ? 'price unknown' : `≈ ${formatUsd(cost)}`}</dd>
            </div>
          </dl>
          <p className="batch-hint">
            At {priceOf} prices; tokens counted with {estimate.encoding}.
          </p>
          {estimate.models.length > 0 && (
            <ul className="batch-estimate__models" aria-label="Replayed with">
              {estimate.models.map((m) => (
                <li key={`${m.provider}/${m.model}`}>
                  {m.count.toLocaleString('en')} × {providerLabel(m.provider)} · {m.model}
                </li>
              ))}
            </ul>
          )}
          {estimate.count === 0 && <p className="batch-error">Nothing matches: there is nothing to replay.</p>}
          {overBudget && (
            <p className="batch-warning">
              The budget ({formatUsd(budgetUsd)}) is below the estimate: the batch will stop when it is spent, the rest skipped.
            </p>
          )}
        </>
      )}
    </section>
  );
}
