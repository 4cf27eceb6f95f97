import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { BatchListQuery } from '../../gql/graphql';
import { useModels } from '../playground/useModels';
import { batchTitle, formatDateTime, formatUsd } from './format';
import { ended, isTerminal, STATUS_WORDS, type ProgressSnapshot } from './progress';
import { ProgressBar } from './ProgressBar';
import { batchProgressSubscription, snapshotOfProgress } from './useBatch';
import { errorWords } from './field-issues';

export const LIST_PAGE_SIZE = 20;

const batchListQuery = graphql(`
  query BatchList($first: Int, $after: String) {
    batches(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          status
          version
          costUsd
          budgetUsd
          overrides
          createdAt
          counts { total queued running completed failed cancelled skipped }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

type BatchRowData = BatchListQuery['batches']['edges'][number]['node'];

/** A batch still running follows its own progress, so the list needs no reload. */
function useLiveRow(batch: BatchRowData): Pick<ProgressSnapshot, 'status' | 'counts' | 'costUsd'> {
  const client = useClient();
  const [live, setLive] = useState<ProgressSnapshot | null>(null);
  const active = !isTerminal(batch.status);
  useEffect(() => {
    if (!active) return;
    const { unsubscribe } = client.subscription(batchProgressSubscription, { batchId: batch.id }).subscribe((result) => {
      const update = result.data?.batchProgress;
      if (update) setLive(snapshotOfProgress(update));
    });
    return unsubscribe;
  }, [client, batch.id, active]);
  return active && live ? live : batch;
}

function BatchRow({ batch, providerLabel }: { batch: BatchRowData; providerLabel: (id: string) => string }) {
  const { status, counts, costUsd } = useLiveRow(batch);
  const overrides = batch.overrides as { provider?: string; model?: string };
  const title = batchTitle(batch);
  return (
    <tr className="batch-table__row" data-batch-id={batch.id}>
      <td>
        <Link to={`/batches/${encodeURIComponent(batch.id)}`} className="batch-table__name">
          {title}
        </Link>
      </td>
      <td>
        <span className={`batch-status batch-status--${status.toLowerCase()}`}>{STATUS_WORDS[status]}</span>
      </td>
      <td className="batch-table__progress">
        <ProgressBar counts={counts} label={`Progress of ${title}`} compact />
        <span className="batch-table__count">
          {ended(counts).toLocaleString('en')} / {counts.total.toLocaleString('en')}
          {counts.failed > 0 && <span className="batch-table__failed"> · {counts.failed} failed</span>}
        </span>
      </td>
      <td className="batch-table__nowrap">
        {overrides.model ? (
          <>
            {overrides.provider && <span className="batch-hint">{providerLabel(overrides.provider)} · </span>}
            {overrides.model}
          </>
        ) : (
          <span className="batch-hint">each request’s own</span>
        )}
      </td>
      <td className="batch-table__nowrap">
        <time dateTime={batch.createdAt}>{formatDateTime(batch.createdAt)}</time>
      </td>
      <td className="batch-table__number">
        {formatUsd(costUsd)}
        {batch.budgetUsd !== null && batch.budgetUsd !== undefined && <span className="batch-hint"> / {formatUsd(batch.budgetUsd)}</span>}
      </td>
    </tr>
  );
}

interface BatchListRowsProps {
  after: string | null;
  columns: number;
  onLoadMore?: (cursor: string) => void;
}

/** One page of the list, its own query from its cursor. */
export function BatchListRows({ after, columns, onLoadMore }: BatchListRowsProps) {
  const [{ data, fetching, error }] = useQuery({ query: batchListQuery, variables: { first: LIST_PAGE_SIZE, after } });
  const { models } = useModels();
  const providerLabel = (id: string) => models.find((m) => m.provider === id)?.providerLabel ?? id;
  const connection = data?.batches;

  const message = (content: ReactNode, alert = false) => (
    <tr>
      <td colSpan={columns} className="batch-table__message" role={alert ? 'alert' : undefined}>
        {content}
      </td>
    </tr>
  );
  if (error) return message(`Could not load the bulk replays: ${errorWords(error)}`, true);
  if (!connection) return message(fetching ? 'Loading bulk replays…' : '');
  if (after === null && connection.edges.length === 0) {
    return message(
      <>
        No bulk replay yet. Pick requests in <Link to="/history">History</Link> and replay them, or <Link to="/batches/new">start one from a filter</Link>.
      </>,
    );
  }
  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <>
      {connection.edges.map(({ node }) => (
        <BatchRow key={node.id} batch={node} providerLabel={providerLabel} />
      ))}
      {onLoadMore &&
        hasNextPage &&
        endCursor &&
        message(
          <button type="button" className="button button--quiet" onClick={() => onLoadMore(endCursor)}>
            Load more
          </button>,
        )}
    </>
  );
}
