import type { ReplayNoteKind } from '../../gql/graphql';
import './replay-notes.css';

export interface ReplayNoteView {
  kind: ReplayNoteKind;
  field: string;
  message: string;
}

const KIND_LABEL: Record<ReplayNoteKind, string> = {
  SHOWN_DIFFERENTLY: 'Shown differently',
  CANNOT_SEND: 'Cannot send as is',
};

/** What the editor shows differently from the stored body, and what cannot be sent: nothing when there are no notes. */
export function ReplayNotes({ notes }: { notes: ReplayNoteView[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="replay-notes" aria-label="Replay notes" data-testid="replay-notes">
      {notes.map((note) => (
        <li key={`${note.field}:${note.kind}`} className={`replay-note replay-note--${note.kind.toLowerCase()}`}>
          <span className="replay-note__kind">{KIND_LABEL[note.kind]}</span> <code>{note.field}</code>: {note.message}
        </li>
      ))}
    </ul>
  );
}
