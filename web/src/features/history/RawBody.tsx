import { useState } from 'react';
import { prettyJson } from './format';

/** A body as stored, folded away until asked for, with a button that copies the exact text. */
export function RawBody({ title, label, text }: { title: string; label: string; text: string | null }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text ?? '');
      setCopied('yes');
    } catch {
      // Refused outside a secure context or without permission: the text can still be selected by hand.
      setCopied('failed');
    }
  };
  return (
    <details className="request-detail__raw">
      <summary>{title}</summary>
      {text === null ? (
        <p className="placeholder">No response body.</p>
      ) : (
        <>
          <div className="request-detail__raw-actions">
            <button type="button" className="button button--quiet" onClick={() => void copy()}>
              Copy {label.toLowerCase()}
            </button>
            <span role="status" className="placeholder">
              {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'The browser refused to copy; select the text instead.' : ''}
            </span>
          </div>
          <pre aria-label={label} tabIndex={0}>
            {prettyJson(text)}
          </pre>
        </>
      )}
    </details>
  );
}
