import type { InputHTMLAttributes, ReactNode } from 'react';

interface InputFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: ReactNode;
  /** Shown under the label, small: what an empty field means, the unit. */
  hint?: string;
  /** The API's refusal of this field, said under it and tied to the input. */
  issue?: string | null;
  wide?: boolean;
}

/** A labelled input with its hint and, when the API refused it, the reason next to it. */
export function InputField({ id, label, hint, issue, wide, ...input }: InputFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, issue ? `${id}-issue` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'batch-field batch-field--wide' : 'batch-field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={issue ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && (
        <span id={`${id}-hint`} className="batch-hint">
          {hint}
        </span>
      )}
      {issue && (
        <span id={`${id}-issue`} className="batch-error">
          {issue}
        </span>
      )}
    </div>
  );
}
