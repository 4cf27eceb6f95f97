import type { RequestDoc } from './request.schema.js';

/** A position in the history list: the (startedAt, _id) of the last request seen. */
export interface Cursor {
  startedAt: Date;
  id: string;
}

/**
 * Opaque to callers. Both fields, because many requests can share a
 * startedAt: the id breaks the tie, so a page never skips or repeats one.
 */
export function encodeCursor(doc: Pick<RequestDoc, 'startedAt' | '_id'>): string {
  return Buffer.from(`${doc.startedAt.toISOString()}|${doc._id}`).toString('base64url');
}

/** Returns null for a cursor this service did not write. */
export function decodeCursor(cursor: string): Cursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|', 2);
  const startedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(startedAt.getTime())) return null;
  return { startedAt, id };
}
