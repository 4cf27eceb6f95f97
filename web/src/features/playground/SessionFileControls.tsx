import { useRef, useState } from 'react';
import type { PlaygroundSession } from './session';

interface SessionFileControlsProps {
  session: PlaygroundSession;
  onImport: (session: PlaygroundSession) => void;
}

// The file format's code (ajv and its schema) is fetched on first use only.
const sessionFile = () => import('./session-file');

/** Export the session as a JSON file, or replace it with one; a file that is not a session is refused in words. */
export function SessionFileControls({ session, onImport }: SessionFileControlsProps) {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const exportFile = async () => {
    const { exportSession, sessionFileName } = await sessionFile();
    const url = URL.createObjectURL(new Blob([exportSession(session)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = sessionFileName();
    link.click();
    // After the click has started the download.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setMessage(null);
  };

  const importFile = async (file: File) => {
    const { importSession } = await sessionFile();
    const result = importSession(await file.text());
    if (result.ok) {
      onImport(result.session);
      setMessage({ error: false, text: `Opened ${file.name}.` });
    } else setMessage({ error: true, text: `${file.name}: ${result.error}` });
  };

  return (
    <div className="session-file">
      <button type="button" className="button--small" data-testid="export-session" onClick={() => void exportFile()}>
        Export session
      </button>
      <button type="button" className="button--small" data-testid="import-session" onClick={() => input.current?.click()}>
        Import session…
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="import-session-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {message && (
        <p className={message.error ? 'field-error session-file__message' : 'session-file__message'} role={message.error ? 'alert' : 'status'} data-testid="session-file-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
