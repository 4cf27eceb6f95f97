import { useState, type FormEvent } from 'react';
import { useModels } from '../playground/useModels';
import { STATUSES, type FilterFields } from './request-filter';

interface FilterBarProps {
  value: FilterFields;
  onApply: (fields: FilterFields) => void;
}

const EMPTY: FilterFields = { text: '', model: '', status: '', tag: '' };

/** Text search, model, status and tag; applied together with Filter (or Enter), cleared with Clear. */
export function FilterBar({ value, onApply }: FilterBarProps) {
  // Edited here, applied on submit: typing does not refetch the table per keystroke.
  const [fields, setFields] = useState(value);
  // Compared as text: the page builds `value` afresh from the URL on every render.
  const valueKey = JSON.stringify(value);
  const [appliedKey, setAppliedKey] = useState(valueKey);
  // The URL changed meanwhile (back button, a link): show what it holds.
  if (appliedKey !== valueKey) {
    setAppliedKey(valueKey);
    setFields(value);
  }
  const { models } = useModels();
  const modelNames = [...new Set(models.map((m) => m.name))];
  const set = (name: keyof FilterFields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(fields);
  };

  return (
    <form className="filter-bar" role="search" aria-label="Filter requests" onSubmit={submit}>
      <div className="filter-bar__field filter-bar__field--wide">
        <label htmlFor="filter-text">Search</label>
        <input id="filter-text" type="search" placeholder="Prompt or answer text" value={fields.text} onChange={set('text')} />
      </div>
      <div className="filter-bar__field">
        <label htmlFor="filter-model">Model</label>
        <input id="filter-model" list="filter-model-names" placeholder="Any model" value={fields.model} onChange={set('model')} />
        <datalist id="filter-model-names">
          {modelNames.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div className="filter-bar__field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={fields.status} onChange={set('status')}>
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {status.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-bar__field">
        <label htmlFor="filter-tag">Tag</label>
        <input id="filter-tag" placeholder="Any tag" value={fields.tag} onChange={set('tag')} />
      </div>
      <div className="filter-bar__actions">
        <button type="submit" className="button button--primary">
          Filter
        </button>
        <button type="button" className="button button--quiet" onClick={() => onApply(EMPTY)}>
          Clear
        </button>
      </div>
    </form>
  );
}
