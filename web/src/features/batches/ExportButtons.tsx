import { useState } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { exportFileName, type ExportFormat as Format } from './format';


/** The gateway's words when it refused: its JSON errors body, else the status. */
async function refusal(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { errors?: { message?: string }[] };
    const message = body.errors?.[0]?.message;
    if (message) return message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `the gateway answered ${res.status}`;
}

/**
 * Downloads the results through the gateway's `/export` with the API key as
 * a Bearer header; a plain link could not carry the key. The file is made
 * in the page from what arrives, then handed to the browser to save.
 */
export function ExportButtons({ batchId, batchName }: { batchId: string; batchName: string }) {
  const { apiKey } = useAuth();
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const res = await fetch(`/export?${new URLSearchParams({ batch: batchId, format })}`, { headers: { authorization: `Bearer ${apiKey ?? ''}` } });
      if (!res.ok) throw new Error(await refusal(res));
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFileName(batchName, format);
      document.body.append(link);
      link.click();
      link.remove();
      // Not at once: the browser reads the blob after the click returns.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(`Could not export: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="batch-export" role="group" aria-label="Export results">
      <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => void download('jsonl')}>
        {busy === 'jsonl' ? 'Exporting…' : 'Export JSONL'}
      </button>
      <button type="button" className="button button--quiet" disabled={busy !== null} onClick={() => void download('csv')}>
        {busy === 'csv' ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && (
        <p className="batch-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
