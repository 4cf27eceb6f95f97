import { formatCost } from '../playground/run-view';

/** How the history pages write figures; a missing one is a dash. */
export const formatMs = (value: number | null | undefined) => (value == null ? '—' : `${value.toLocaleString('en')} ms`);

export const formatUsd = (value: number | null | undefined) => (value == null ? '—' : formatCost(value));

/** Today's requests by their time alone; older ones with their date. */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })} ${time}`;
}

/** The first words of an answer, for a table cell. */
export function firstWords(text: string | null | undefined, words = 12): string {
  if (!text) return '';
  const all = text.trim().split(/\s+/);
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}

/**
 * JSON text indented for a <pre>, only when that changes nothing but spaces:
 * JSON.parse would round digits beyond 2^53 and fold duplicate keys, and the
 * raw body must read as stored. Any other text is shown as it is.
 */
export function prettyJson(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return JSON.stringify(value) === text ? JSON.stringify(value, null, 2) : text;
  } catch {
    return text;
  }
}

/** A moment in full, for the detail: 01 Dec 2026, 21:36:07. */
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A score as the table and the detail write it: up to three decimals, a dash when there is none. */
export const formatScore = (value: number | null | undefined) =>
  value == null ? '—' : value.toLocaleString('en', { maximumFractionDigits: 3 });

/** Milliseconds for a summary: 840 ms, 1.2 s. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
}

/** A share from 0 to 1 as a percentage: 0.093 → 9%, under 1% kept to a decimal. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 1) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}
