import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  children: ReactNode;
  /** The dialog's buttons; the first one with `autoFocus` gets the focus when it opens. */
  actions: ReactNode;
  /** Escape, or the dialog closed any other way. */
  onClose: () => void;
  tone?: 'danger';
}

/**
 * A modal dialog on the native <dialog>: the browser keeps the focus inside,
 * makes the page behind inert and closes it on Escape. Mounted open; the
 * parent unmounts it to close it.
 */
export function Dialog({ title, children, actions, onClose, tone }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element; a button marked autoFocus is the better start.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // The close event is queued: one from StrictMode's remount (closed, then shown again) finds the dialog open.
    const closed = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog ref={ref} className={tone === 'danger' ? 'settings-dialog settings-dialog--danger' : 'settings-dialog'} aria-labelledby={titleId}>
      <h2 id={titleId} className="settings-dialog__title">
        {title}
      </h2>
      <div className="settings-dialog__body">{children}</div>
      <div className="settings-dialog__actions">{actions}</div>
    </dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  /** Why the last attempt failed, in words. */
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before something that cannot be undone; Cancel has the focus, so Enter does not destroy by accident. */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, busy, error, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      tone="danger"
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button button--quiet settings-dialog__button" data-autofocus onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button settings-button--danger" onClick={onConfirm} disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error && (
        <p className="settings-field__error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
