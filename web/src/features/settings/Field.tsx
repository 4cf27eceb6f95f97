import { useEffect, useId, type ReactNode, type RefObject } from 'react';

export interface FieldProps {
  label: string;
  /** The input's name: the form's field name, which its error is filed under. */
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: ReactNode;
  /** Marks the label "optional"; required fields carry no mark (most are). */
  optional?: boolean;
  /** Secrets are typed into password inputs: not shown while typed, never offered by autofill. */
  secret?: boolean;
  placeholder?: string;
  inputMode?: 'text' | 'url' | 'decimal' | 'numeric';
  /** Monospaced: keys, URLs, ids. */
  code?: boolean;
  className?: string;
  disabled?: boolean;
}

/** A labelled input with its help and its error beside it; the error is what a screen reader hears with the field. */
export function Field({ label, name, value, onChange, error, help, optional, secret, placeholder, inputMode, code, className, disabled }: FieldProps) {
  const id = useId();
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={['settings-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="settings-field__optional"> optional</span>}
      </label>
      <input
        id={id}
        name={name}
        className={code ? 'settings-input settings-input--code' : 'settings-input'}
        type={secret ? 'password' : 'text'}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        // new-password: browsers neither fill in nor offer to save a provider's key as a login.
        autoComplete={secret ? 'new-password' : 'off'}
        spellCheck={false}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {/* The error first, right under what it is about. */}
      {error && (
        <p id={`${id}-error`} className="settings-field__error" data-field-error={name}>
          {error}
        </p>
      )}
      {help && (
        <p id={`${id}-help`} className="settings-field__help">
          {help}
        </p>
      )}
    </div>
  );
}

/** Form-wide errors (those that name no field shown), above the form's buttons. */
export function FormAlert({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="settings-alert" role="alert">
      {messages.map((message, i) => (
        <p key={i}>{message}</p>
      ))}
    </div>
  );
}

/**
 * After a refused submit, the first field in error gets the focus, so the
 * keyboard lands where the fix is. An effect on the errors object: it runs
 * once they are in the page, and again for each new refusal.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, errors: object) {
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
