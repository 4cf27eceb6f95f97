import { setTimeout as sleep } from 'node:timers/promises';
import { readChunks } from '../../batches/read-chunks.js';

async function* source(parts: (number | 'stall')[]) {
  for (const p of parts) {
    if (p === 'stall') await sleep(300);
    else yield p;
  }
}

describe('readChunks', () => {
  it('hands on full chunks, the first one of its own size', async () => {
    const chunks: number[][] = [];
    for await (const c of readChunks(source([1, 2, 3, 4, 5, 6, 7]), (n) => (n === 0 ? 2 : 3), 1000)) chunks.push(c);
    expect(chunks).toEqual([[1, 2], [3, 4, 5], [6, 7]]);
  });

  it('hands on what it has when the source stalls, without waiting for the rest', async () => {
    const seen: { chunk: number[]; at: number }[] = [];
    const t0 = performance.now();
    for await (const chunk of readChunks(source([1, 2, 3, 'stall', 4, 5]), () => 10, 50)) seen.push({ chunk, at: performance.now() - t0 });
    expect(seen.map((s) => s.chunk)).toEqual([[1, 2, 3], [4, 5]]);
    expect(seen[0]!.at).toBeLessThan(200);
    expect(seen[1]!.at).toBeGreaterThanOrEqual(290);
  });
});
