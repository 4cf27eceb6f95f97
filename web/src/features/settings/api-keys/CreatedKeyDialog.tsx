import { useId, useRef, useState } from 'react';
import { Dialog } from '../Dialog';

type Copy = 'idle' | 'copied' | 'failed';

/**
 * The new key's secret, this once: the API never returns it again, and the
 * page forgets it when the dialog closes.
 */
export function CreatedKeyDialog({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const [copy, setCopy] = useState<Copy>('idle');
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const warningId = useId();

  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      // No clipboard (permission refused, an insecure origin): the key is selected for Ctrl+C instead.
      inputRef.current?.select();
      setCopy('failed');
    }
  };

  return (
    <Dialog
      title={`API key “${name}” created`}
      onClose={onClose}
      actions={
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <p id={warningId} className="settings-warning">
        Copy the key now and keep it somewhere safe: <strong>it will not be shown again.</strong> If it is lost, create another and revoke this one.
      </p>
      <label htmlFor={inputId} className="settings-secret__label">
        Your new API key
      </label>
      <div className="settings-secret">
        <input
          ref={inputRef}
          id={inputId}
          className="settings-input settings-input--code settings-secret__value"
          readOnly
          value={secret}
          aria-describedby={warningId}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button button--quiet settings-button" data-autofocus onClick={() => void copySecret()}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="settings-secret__status" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'failed' ? 'Could not reach the clipboard: the key is selected, press Ctrl+C (⌘C) to copy it.' : ''}
      </p>
    </Dialog>
  );
}
