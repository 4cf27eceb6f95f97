import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { allowedActions, type BatchStatus, type Counts } from './progress';
import { errorWords } from './field-issues';

// Each returns the Batch: urql's cache then reads again every query that holds one (this page's and the list's).
/** What a control changes, answered by each of them: the cache then holds the batch's new state, newer by its version. */
graphql(`
  fragment BatchControlState on Batch {
    id status version costUsd counts { total queued running completed failed cancelled skipped }
  }
`);
const pauseMutation = graphql(`
  mutation PauseBatch($id: ID!) {
    pauseBatch(id: $id) { ...BatchControlState }
  }
`);
const resumeMutation = graphql(`
  mutation ResumeBatch($id: ID!) {
    resumeBatch(id: $id) { ...BatchControlState }
  }
`);
const cancelMutation = graphql(`
  mutation CancelBatch($id: ID!) {
    cancelBatch(id: $id) { ...BatchControlState }
  }
`);
const retryMutation = graphql(`
  mutation RetryFailed($id: ID!) {
    retryFailed(id: $id) { ...BatchControlState }
  }
`);

/** Asks before cancelling: what is dropped cannot be queued again. */
function ConfirmCancel({ failedCount, onConfirm, onClose }: { failedCount: number; onConfirm: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="batch-dialog" aria-labelledby="cancel-heading" aria-describedby="cancel-words" onClose={onClose}>
      <h2 id="cancel-heading">Cancel this bulk replay?</h2>
      <p id="cancel-words">
        Queued replays are dropped and those in flight are stopped. Replays already recorded stay, with their diffs.
        {failedCount > 0 ? ' Failed replays can no longer be retried.' : ''}
      </p>
      <div className="batch-dialog__actions">
        <button type="button" className="button batch-button--danger" onClick={onConfirm}>
          Cancel the batch
        </button>
        {/* The safe choice holds the focus: Enter or Space never cancels by accident. */}
        <button type="button" className="button button--quiet" autoFocus onClick={() => ref.current?.close()}>
          Keep it running
        </button>
      </div>
    </dialog>
  );
}

/** Pause, Resume, Cancel (asked first) and Retry failed, each enabled only when the batch's status allows it. */
export function BatchControls({ id, status, counts }: { id: string; status: BatchStatus; counts: Counts }) {
  const [paused, pause] = useMutation(pauseMutation);
  const [resumed, resume] = useMutation(resumeMutation);
  const [cancelled, cancel] = useMutation(cancelMutation);
  const [retried, retry] = useMutation(retryMutation);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = allowedActions(status, counts);
  const busy = paused.fetching || resumed.fetching || cancelled.fetching || retried.fetching;

  const act = async (send: () => Promise<{ error?: { message: string } | undefined }>, what: string) => {
    setError(null);
    const result = await send();
    if (result.error) setError(`Could not ${what}: ${errorWords(result.error)}`);
  };

  return (
    <div className="batch-controls" role="group" aria-label="Batch controls">
      {allowed.resume ? (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(() => resume({ id }), 'resume')}>
          {resumed.fetching ? 'Resuming…' : 'Resume'}
        </button>
      ) : (
        <button type="button" className="button button--quiet" disabled={busy || !allowed.pause} onClick={() => void act(() => pause({ id }), 'pause')}>
          {paused.fetching ? 'Pausing…' : 'Pause'}
        </button>
      )}
      <button type="button" className="button button--quiet" disabled={busy || !allowed.cancel} onClick={() => setConfirming(true)}>
        {cancelled.fetching ? 'Cancelling…' : 'Cancel…'}
      </button>
      <button type="button" className="button button--quiet" disabled={busy || !allowed.retryFailed} onClick={() => void act(() => retry({ id }), 'retry the failed replays')}>
        {retried.fetching ? 'Retrying…' : counts.failed > 0 ? `Retry ${counts.failed} failed` : 'Retry failed'}
      </button>
      {confirming && (
        <ConfirmCancel
          failedCount={counts.failed}
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void act(() => cancel({ id }), 'cancel');
          }}
        />
      )}
      {error && (
        <p className="batch-error batch-controls__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
