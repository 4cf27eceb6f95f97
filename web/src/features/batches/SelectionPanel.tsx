import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { RequestFilter, RequestSource } from '../../gql/graphql';
import type { Model } from '../playground/useModels';
import { applyFormFields, formFieldsOf, type FilterFormFields } from './filter-form';
import { describeSelection, type UrlSelection } from './selection';

const SOURCES: { value: RequestSource; label: string }[] = [
  { value: 'API', label: 'Logged through the API' },
  { value: 'PLAYGROUND', label: 'Playground runs' },
  { value: 'REPLAY', label: 'Replays' },
  { value: 'BULK', label: 'Bulk replay results' },
];

interface FilterFormProps {
  base: RequestFilter;
  models: Model[];
  onApply: (filter: RequestFilter) => void;
  onCancel?: () => void;
}

/** Which requests to replay, by model, tags, source, time and text; applied to the URL, as History's "all matching" link does. */
function FilterForm({ base, models, onApply, onCancel }: FilterFormProps) {
  const [fields, setFields] = useState<FilterFormFields>(() => formFieldsOf(base));
  const set = (name: keyof FilterFormFields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const modelNames = [...new Set(models.map((m) => m.name))];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(applyFormFields(base, fields));
  };

  return (
    <form className="batch-filter" aria-label="Choose requests by filter" onSubmit={submit}>
      <p className="batch-hint batch-filter__note">Empty fields are no condition. Models and tags take several values, separated by commas; a request matches any of them.</p>
      <div className="batch-field">
        <label htmlFor="selection-model">Model</label>
        <input id="selection-model" list="selection-model-names" placeholder="Any model" value={fields.model} onChange={set('model')} />
        <datalist id="selection-model-names">
          {modelNames.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div className="batch-field">
        <label htmlFor="selection-tags">Tags</label>
        <input id="selection-tags" placeholder="Any tag" value={fields.tags} onChange={set('tags')} />
      </div>
      <div className="batch-field">
        <label htmlFor="selection-source">Source</label>
        <select id="selection-source" value={fields.source} onChange={set('source')}>
          <option value="">Any source</option>
          {SOURCES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="batch-field">
        <label htmlFor="selection-from">From</label>
        <input id="selection-from" type="datetime-local" value={fields.from} onChange={set('from')} />
      </div>
      <div className="batch-field">
        <label htmlFor="selection-to">Before</label>
        <input id="selection-to" type="datetime-local" value={fields.to} onChange={set('to')} />
      </div>
      <div className="batch-field batch-field--wide">
        <label htmlFor="selection-text">Text</label>
        <input id="selection-text" type="search" placeholder="In the prompt or the answer" value={fields.text} onChange={set('text')} />
      </div>
      <div className="batch-filter__actions">
        <button type="submit" className="button button--primary">
          Use this filter
        </button>
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Keep the current selection
          </button>
        )}
      </div>
    </form>
  );
}

interface SelectionPanelProps {
  selection: UrlSelection;
  /** The estimate's count for the selection, once known. */
  count: number | null;
  models: Model[];
  onFilter: (filter: RequestFilter) => void;
  /** The API's word on the selection (nothing matches, an id not found). */
  issue: string | null;
}

/** What the batch will replay, in words, and a filter form to choose or change it. */
export function SelectionPanel({ selection, count, models, onFilter, issue }: SelectionPanelProps) {
  const [editing, setEditing] = useState(false);
  const hasSelection = selection.kind === 'ids' || selection.kind === 'filter';
  const base = selection.kind === 'filter' ? selection.filter : {};

  return (
    <section className="batch-card" aria-labelledby="selection-heading">
      <h2 id="selection-heading">Requests to replay</h2>
      <p className={selection.kind === 'invalid' ? 'batch-error' : 'batch-selection__words'} data-testid="selection-words">
        {describeSelection(selection)}
        {hasSelection && count !== null && (
          <>
            {' '}
            <span className="batch-selection__count">
              {selection.kind === 'ids' && count < selection.ids.length
                ? `— ${count.toLocaleString('en')} of them found`
                : `— ${count.toLocaleString('en')} ${count === 1 ? 'request' : 'requests'}`}
            </span>
          </>
        )}
      </p>
      {selection.kind === 'ids' && (
        <details className="batch-selection__ids">
          <summary>The ids</summary>
          <ul>
            {selection.ids.map((id) => (
              <li key={id}>
                <Link to={`/history/${encodeURIComponent(id)}`}>
                  <code>{id}</code>
                </Link>
              </li>
            ))}
          </ul>
        </details>
      )}
      {issue && (
        <p className="batch-error" role="alert">
          {issue}
        </p>
      )}
      {hasSelection && !editing ? (
        <div className="batch-selection__actions">
          <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
            {selection.kind === 'filter' ? 'Change the filter' : 'Choose by filter instead'}
          </button>
          <Link className="button button--quiet" to="/history">
            Pick in History
          </Link>
        </div>
      ) : (
        <>
          {!hasSelection && <p className="batch-hint">Pick rows in History, or choose the requests here by filter. An empty filter takes every request.</p>}
          <FilterForm
            base={base}
            models={models}
            onApply={(filter) => {
              setEditing(false);
              onFilter(filter);
            }}
            onCancel={hasSelection ? () => setEditing(false) : undefined}
          />
        </>
      )}
    </section>
  );
}
