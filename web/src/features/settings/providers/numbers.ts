/** What a number typed in a form means, or why it cannot be sent. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A price in USD per million tokens, as typed: `0.15`, `$2.50`, `0,15`.
 * Empty is null: "unknown", which the API prices as the base model when it knows it.
 */
export function parsePrice(text: string): Parsed<number | null> {
  const trimmed = text.trim().replace(/^\$\s*/, '');
  if (trimmed === '') return { ok: true, value: null };
  // A lone comma is a decimal comma (0,15); with a dot as well it would be ambiguous.
  const normal = /^\d*,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(normal)) return { ok: false, message: 'Write a price in dollars, e.g. 0.15' };
  if (normal.startsWith('-')) return { ok: false, message: 'A price cannot be negative' };
  return { ok: true, value: Number(normal) };
}

/** A price as the inputs show it: plain digits, nothing for unknown. */
export const priceText = (value: number | null | undefined) => (value == null ? '' : String(value));

/** A price as the tables show it. */
export function formatPrice(value: number | null | undefined): string {
  if (value == null) return '—';
  // Cheap models cost fractions of a cent per million: keep their digits.
  return `$${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}

/** GraphQL's Int is 32-bit: a larger number fails before the API can say why. */
const MAX_INT = 2_147_483_647;

/** A limit (requests per minute, requests at once): a whole number above 0, or empty for none. */
export function parseLimit(text: string): Parsed<number | null> {
  const trimmed = text.trim().replace(/[\s_,]/g, '');
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) === 0) return { ok: false, message: 'A whole number above 0, or empty for no limit' };
  const value = Number(trimmed);
  if (value > MAX_INT) return { ok: false, message: 'Too large a number' };
  return { ok: true, value };
}

export const limitText = (value: number | null | undefined) => (value == null ? '' : String(value));
