import type { Connection, mongo } from 'mongoose';

/** Where documents go: a model's connection and collection. */
interface Target {
  db: Connection;
  collection: { collectionName: string };
}

/**
 * What one insert command carries at most, in units of `sizeOf` (characters
 * of text, bytes of binary): a character is at most 3 bytes of UTF-8, so a
 * command stays under 36 MB, within the 48 MB a server takes in one message.
 */
export const COMMAND_BUDGET = 12 * 1024 * 1024;

/** One insert's refused documents, as the server reported them (`code` 11000: the id was there already). */
export class InsertError extends Error {
  readonly code: number | undefined;

  constructor(readonly writeErrors: readonly { index: number; code: number; errmsg?: string }[]) {
    super(`insert refused ${writeErrors.length} document(s): ${writeErrors[0]?.errmsg ?? `code ${writeErrors[0]?.code}`}`);
    this.name = 'InsertError';
    this.code = writeErrors[0]?.code;
  }
}

/**
 * Inserts documents unordered with the server's `insert` command, as few
 * commands as the budget allows. Not the driver's insertMany: before it
 * sends anything, it measures every document's BSON size by walking it
 * whole (to split batches by the server's limits), and that pass cost
 * history about a tenth of its CPU per logged request (bench ingest
 * --profile: addToOperationsList 22.6 of 256 ms per 1,000 records). The
 * documents here are ours, built from validated input, and `sizeOf`
 * estimates each from the length of the text it carries (textSize: no
 * character is read), which is what can be large.
 *
 * Every document is attempted; refusals (a repeated id, say) throw an
 * InsertError once the rest are written, as an unordered insertMany would.
 */
export async function insertUnordered<T extends mongo.Document>(model: Target, docs: readonly T[], sizeOf: (doc: T) => number = textSize): Promise<void> {
  const db = model.db.db!;
  const refused: { index: number; code: number; errmsg?: string }[] = [];
  for (let start = 0, end = 0; start < docs.length; start = end) {
    let size = sizeOf(docs[end++]!);
    for (let next = 0; end < docs.length && size + (next = sizeOf(docs[end]!)) <= COMMAND_BUDGET; end++) size += next;
    const reply = await db.command({ insert: model.collection.collectionName, documents: docs.slice(start, end), ordered: false });
    if (reply.writeConcernError) throw new Error(`insert not acknowledged as asked: ${reply.writeConcernError.errmsg}`);
    for (const e of (reply.writeErrors ?? []) as { index: number; code: number; errmsg?: string }[]) refused.push({ ...e, index: start + e.index });
  }
  if (refused.length) throw new InsertError(refused);
}

/** A document's size for insertUnordered: the length of its strings and binaries, and a little for each field. */
export function textSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 8;
  if (value === null || typeof value !== 'object') return 16;
  if (Buffer.isBuffer(value)) return value.length + 8;
  if (value instanceof Date) return 16;
  let n = 8;
  for (const v of Array.isArray(value) ? value : Object.values(value)) n += 16 + textSize(v);
  return n;
}
