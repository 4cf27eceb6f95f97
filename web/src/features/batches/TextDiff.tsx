import { changeSummary, sideBySide, type Segment, type TextChange } from './diff';

function Column({ label, segments, emptyWords }: { label: string; segments: Segment[]; emptyWords: string }) {
  return (
    <div className="batch-diff__column">
      <h4>{label}</h4>
      {/* Grows with the answer rather than scrolling inside: a box that scrolls would need a tab stop of its own, two per result. */}
      <div className="batch-diff__text" role="group" aria-label={`${label} text`}>
        {segments.length === 0 ? (
          <span className="batch-hint">{emptyWords}</span>
        ) : (
          segments.map((s, i) =>
            s.kind === 'same' ? (
              <span key={i}>{s.text}</span>
            ) : s.kind === 'removed' ? (
              <del key={i} className="batch-diff__removed">
                <span className="visually-hidden">[removed: </span>
                {s.text}
                <span className="visually-hidden">]</span>
              </del>
            ) : (
              <ins key={i} className="batch-diff__added">
                <span className="visually-hidden">[added: </span>
                {s.text}
                <span className="visually-hidden">]</span>
              </ins>
            ),
          )
        )}
      </div>
    </div>
  );
}

/**
 * The original's text beside the replay's, word by word as the API diffed
 * them: what the replay dropped struck through on the left, what it added
 * underlined on the right (and coloured, and named for screen readers).
 */
export function TextDiff({ changes }: { changes: readonly TextChange[] }) {
  const columns = sideBySide(changes);
  return (
    <div className="batch-diff" role="group" aria-label="Text diff">
      <p className="batch-hint batch-diff__summary">{changeSummary(columns)}</p>
      <div className="batch-diff__columns">
        <Column label="Original" segments={columns.original} emptyWords="No text (a failure, or tool calls only)." />
        <Column label="Replay" segments={columns.replay} emptyWords="No text (a failure, or tool calls only)." />
      </div>
    </div>
  );
}
