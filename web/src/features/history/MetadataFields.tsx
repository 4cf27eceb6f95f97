import type { DraftErrors, MetadataDraft, MetadataType } from './filter-draft';

interface MetadataFieldsProps {
  rows: MetadataDraft[];
  onChange: (rows: MetadataDraft[]) => void;
  errors: DraftErrors;
}

const TYPE_LABEL: Record<MetadataType, string> = { text: 'text', number: 'number', boolean: 'true / false' };

/** Metadata conditions, `key = value` each, all of which must hold; the value's type is chosen, as stored values are typed. */
export function MetadataFields({ rows, onChange, errors }: MetadataFieldsProps) {
  const update = (index: number, change: Partial<MetadataDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <fieldset className="metadata-fields">
      <legend>Metadata</legend>
      {rows.length === 0 && <p className="filter-bar__hint">Requests whose metadata has a key equal to a value.</p>}
      {rows.map((row, i) => {
        const keyError = errors[`metadata.${i}.key`];
        const valueError = errors[`metadata.${i}.value`];
        const number = i + 1;
        return (
          <div key={i} className="metadata-fields__row">
            <input
              aria-label={`Metadata key ${number}`}
              placeholder="key"
              value={row.key}
              aria-invalid={keyError ? true : undefined}
              onChange={(e) => update(i, { key: e.target.value })}
            />
            <span aria-hidden="true">=</span>
            {row.type === 'boolean' ? (
              <select
                aria-label={`Metadata value ${number}`}
                value={row.value}
                aria-invalid={valueError ? true : undefined}
                onChange={(e) => update(i, { value: e.target.value })}
              >
                <option value="">choose</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                aria-label={`Metadata value ${number}`}
                placeholder="value"
                inputMode={row.type === 'number' ? 'decimal' : undefined}
                value={row.value}
                aria-invalid={valueError ? true : undefined}
                onChange={(e) => update(i, { value: e.target.value })}
              />
            )}
            <select
              aria-label={`Metadata value type ${number}`}
              value={row.type}
              onChange={(e) => {
                const type = e.target.value as MetadataType;
                update(i, { type, value: type === 'boolean' && row.value !== 'true' && row.value !== 'false' ? '' : row.value });
              }}
            >
              {(Object.keys(TYPE_LABEL) as MetadataType[]).map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABEL[type]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--quiet"
              aria-label={`Remove metadata condition ${number}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
            {(keyError || valueError) && (
              <span className="history-field-error metadata-fields__error" role="alert">
                {keyError ?? valueError}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" className="button button--quiet" onClick={() => onChange([...rows, { key: '', value: '', type: 'text' }])}>
        Add metadata condition
      </button>
    </fieldset>
  );
}
