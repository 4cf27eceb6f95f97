import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../graphql/errors';
import { formatScore } from './format';
import { useSetScore } from './useRequestEdits';

/** The request's score, set or cleared in place with setScore: any number (a judge's are 0 to 1). */
export function ScoreEditor({ requestId, score }: { requestId: string; score: number | null }) {
  const [draft, setDraft] = useState(score === null ? '' : String(score));
  const [invalid, setInvalid] = useState<string | null>(null);
  const { saving, error, setScore } = useSetScore();
  // Shown again as saved when another edit (here or elsewhere) changes it.
  const [shown, setShown] = useState(score);
  if (shown !== score) {
    setShown(score);
    setDraft(score === null ? '' : String(score));
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    const value = text === '' ? null : Number(text);
    if (value !== null && !Number.isFinite(value)) {
      setInvalid('Enter a number, or leave it empty to clear the score.');
      return;
    }
    setInvalid(null);
    void setScore(requestId, value);
  };

  const message = invalid ?? (error ? `Could not save the score: ${errorMessage(error)}` : null);
  return (
    <form className="score-editor" onSubmit={save} noValidate>
      <p className="score-editor__current">
        Score: <strong data-testid="score">{formatScore(score)}</strong>
      </p>
      <label htmlFor="score-input" className="visually-hidden">
        New score
      </label>
      <input
        id="score-input"
        inputMode="decimal"
        placeholder="e.g. 0.8"
        value={draft}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={message ? 'score-error' : undefined}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className="button button--quiet" disabled={saving}>
        {saving ? 'Saving…' : 'Save score'}
      </button>
      <button
        type="button"
        className="button button--quiet"
        disabled={saving || score === null}
        onClick={() => {
          setInvalid(null);
          setDraft('');
          void setScore(requestId, null);
        }}
      >
        Clear score
      </button>
      {message && (
        <p id="score-error" className="history-field-error score-editor__error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
