import { Field } from '../Field';
import type { FieldErrors, ProviderDraft } from './provider-form';

interface HeadersEditorProps {
  draft: ProviderDraft;
  onChange: (draft: ProviderDraft) => void;
  errors: FieldErrors;
  /** Names of the headers already stored (their values are never returned). */
  storedNames: string[];
}

/**
 * Extra headers sent on every call. Stored values are never shown: a stored
 * header can be removed, or given a new value by adding it again.
 */
export function HeadersEditor({ draft, onChange, errors, storedNames }: HeadersEditorProps) {
  const setRow = (row: number, patch: Partial<ProviderDraft['headers'][number]>) =>
    onChange({ ...draft, headers: draft.headers.map((h, i) => (i === row ? { ...h, ...patch } : h)) });
  const toggleRemoved = (name: string) =>
    onChange({
      ...draft,
      removedHeaders: draft.removedHeaders.includes(name) ? draft.removedHeaders.filter((n) => n !== name) : [...draft.removedHeaders, name],
    });

  return (
    <fieldset className="settings-fieldset">
      <legend>Extra headers</legend>
      <p className="settings-fieldset__help">
        Sent on every call, e.g. a gateway's own token. Values are stored encrypted and never shown again{storedNames.length > 0 ? ': to change one, add it again with its new value' : ''}.
      </p>

      {storedNames.length > 0 && (
        <ul className="settings-headers__stored" aria-label="Stored headers">
          {storedNames.map((name) => {
            const removed = draft.removedHeaders.includes(name);
            return (
              <li key={name} className={removed ? 'settings-chip settings-chip--removed' : 'settings-chip'}>
                <code>{name}</code>
                {removed && <span className="settings-chip__note">removed on save</span>}
                <button type="button" className="settings-link-button" aria-label={`${removed ? 'Keep' : 'Remove'} header ${name}`} onClick={() => toggleRemoved(name)}>
                  {removed ? 'Undo' : 'Remove'}
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {draft.headers.map((header, row) => (
        <div key={row} className="settings-headers__row">
          <Field label="Header name" name={`headers.${row}.name`} value={header.name} onChange={(name) => setRow(row, { name })} error={errors[`headers.${row}.name`]} placeholder="X-Team-Token" code />
          <Field label="Value" name={`headers.${row}.value`} value={header.value} onChange={(value) => setRow(row, { value })} error={errors[`headers.${row}.value`]} secret code />
          <button
            type="button"
            className="button button--quiet settings-headers__remove"
            aria-label={`Remove header row ${row + 1}`}
            onClick={() => onChange({ ...draft, headers: draft.headers.filter((_, i) => i !== row) })}
          >
            Remove
          </button>
        </div>
      ))}
      {errors.headers && <p className="settings-field__error">{errors.headers}</p>}

      <button type="button" className="button button--quiet" onClick={() => onChange({ ...draft, headers: [...draft.headers, { name: '', value: '' }] })}>
        Add header
      </button>
    </fieldset>
  );
}
