/**
 * The items of a stream in chunks of at most `size`, a chunk handed on as
 * soon as it is full or `maxWaitMs` after its first item, whichever comes
 * first: a source that stalls (FerretDB scanning on for the rest of a
 * selection) does not hold back what has already arrived.
 */
export async function* readChunks<T>(source: AsyncIterable<T>, size: (chunk: number) => number, maxWaitMs: number): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | null = null;
  let chunk: T[] = [];
  let started = 0;
  let index = 0;
  try {
    for (;;) {
      next ??= it.next();
      const left = chunk.length ? started + maxWaitMs - performance.now() : Infinity;
      const result = left === Infinity ? await next : await Promise.race([next, new Promise<'late'>((r) => setTimeout(r, Math.max(0, left), 'late').unref())]);
      if (result === 'late') {
        yield chunk;
        chunk = [];
        index++;
        continue;
      }
      next = null;
      if (result.done) break;
      if (chunk.length === 0) started = performance.now();
      chunk.push(result.value);
      if (chunk.length >= size(index)) {
        yield chunk;
        chunk = [];
        index++;
      }
    }
    if (chunk.length) yield chunk;
  } finally {
    await it.return?.();
  }
}
