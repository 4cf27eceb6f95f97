/** Each completion, stream and APIPromise handed to a caller → the Reprise id of its record. */
const ids = new WeakMap<object, Promise<string | undefined>>();

export function rememberRepriseId(value: unknown, id: Promise<string | undefined>): void {
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) ids.set(value, id);
}

/**
 * The Reprise id of the request that produced `value`: a completion, a stream, or the promise
 * `create()` returned, as a wrapped client handed them out. Resolves once Reprise has stored
 * the record, so not before the request ended (for a stream: before it was read to the end)
 * and the next flush; resolves with undefined when the request is not logged (`skip`, dropped,
 * refused) or `value` did not come from a wrapped client. Never rejects.
 */
export function repriseIdOf(value: unknown): Promise<string | undefined> {
  const id = value !== null && (typeof value === 'object' || typeof value === 'function') ? ids.get(value) : undefined;
  return id ?? Promise.resolve(undefined);
}
