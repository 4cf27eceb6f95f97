import type { ReactNode } from 'react';

/** What a field's input needs so that its label, hint and error are read with it. */
export interface FieldControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FilterFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/** A label above its input, and the field's error (from the bar's checks or the gateway's) below it. */
export function FilterField({ id, label, hint, error, className, children }: FilterFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`filter-bar__field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <span id={`${id}-hint`} className="filter-bar__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="history-field-error">
          {error}
        </span>
      )}
    </div>
  );
}

interface ToggleGroupProps<T extends string> {
  legend: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
  error?: string | undefined;
}

/** Checkboxes drawn as pills: any of the values checked matches, none checked is no condition. */
export function ToggleGroup<T extends string>({ legend, options, value, onChange, error }: ToggleGroupProps<T>) {
  return (
    <fieldset className="filter-bar__toggles">
      <legend>{legend}</legend>
      <div className="filter-bar__pills">
        {options.map((option) => (
          <label key={option} className="toggle-pill">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(e) => onChange(e.target.checked ? [...value, option] : value.filter((v) => v !== option))}
            />
            <span>{option.toLowerCase()}</span>
          </label>
        ))}
      </div>
      {error && <span className="history-field-error">{error}</span>}
    </fieldset>
  );
}
