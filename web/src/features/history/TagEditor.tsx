import { useState, type FormEvent } from 'react';
import { useSetTags } from './useRequestEdits';

/** The request's tags, each removable, and a box to add one; every change is saved at once with setTags. */
export function TagEditor({ requestId, tags }: { requestId: string; tags: string[] }) {
  const [draft, setDraft] = useState('');
  const { saving, error, setTags } = useSetTags();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const tag = draft.trim();
    if (!tag) return;
    if (!tags.includes(tag)) {
      const result = await setTags(requestId, [...tags, tag]);
      if (result.error) return;
    }
    setDraft('');
  };

  return (
    <div className="tag-editor">
      <ul className="tag-editor__tags" aria-label="Tags">
        {tags.length === 0 && <li className="placeholder">No tags yet.</li>}
        {tags.map((tag) => (
          <li key={tag} className="tag">
            {tag}
            <button
              type="button"
              className="tag__remove"
              aria-label={`Remove tag ${tag}`}
              disabled={saving}
              onClick={() => void setTags(requestId, tags.filter((t) => t !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="tag-editor__add" onSubmit={(e) => void add(e)}>
        <label htmlFor="new-tag" className="visually-hidden">
          New tag
        </label>
        <input id="new-tag" placeholder="Add a tag" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="button button--quiet" disabled={saving || !draft.trim()}>
          Add tag
        </button>
      </form>
      {error && (
        <p className="history-field-error" role="alert">
          Could not save the tags: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      )}
    </div>
  );
}
