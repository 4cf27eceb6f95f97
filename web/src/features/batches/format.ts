import { formatCost } from '../playground/run-view';

/** How the bulk replay pages write figures; a missing one is a dash. */
export const formatUsd = (value: number | null | undefined) => (value == null ? '—' : formatCost(value));

export const formatPercent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%`;

/** A change with its sign, "−120 ms" faster, "+40 ms" slower; zero as "±0". */
export function formatSigned(value: number | null | undefined, unit: (n: number) => string): string {
  if (value == null) return '—';
  if (value === 0) return `±${unit(0)}`;
  return `${value > 0 ? '+' : '−'}${unit(Math.abs(value))}`;
}

export const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;

export const tokens = (n: number) => `${Math.round(n).toLocaleString('en')} tok`;

/** A moment in full: 01 Dec 2026, 21:36. */
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A batch's name, or words for one without. */
export const batchTitle = (batch: { name?: string | null; createdAt: string }) => batch.name ?? `Bulk replay of ${formatDateTime(batch.createdAt)}`;

export type ExportFormat = 'jsonl' | 'csv';

/** A file name from the batch's name: letters, digits and dashes only, so every system takes it. */
export function exportFileName(batchName: string, format: ExportFormat): string {
  const slug = batchName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `reprise-${slug || 'batch'}-results.${format}`;
}
