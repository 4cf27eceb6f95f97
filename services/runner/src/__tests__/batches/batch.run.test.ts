import { batchProgressSchema, batchSchema, RUN_EVENT_FIELD, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS } from '../support/isolation.js';
import { mostAtOnce } from '../support/model-provider.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';

let stack: BatchStack;

beforeAll(async () => {
  // Each answer takes a while, so that replays overlap and the concurrency limit is what holds them:
  // 60 ms, because with 15 ms a loaded CI machine handed out the next job too slowly to have 5 open.
  stack = await startBatchStack({ upstream: { fallback: { kind: 'stream', content: ['Hello', ' again'], firstDelayMs: 60, usage: { prompt_tokens: 10, completion_tokens: 2 } } } });
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

const requestsFor = (ids: string[]) => stack.upstream.chatRequests().filter((r) => ids.some((id) => r.body.includes(id)));

describe('a batch of 200 requests', () => {
  const ws = 'ws-run';
  let created: Batch;
  let ids: string[];

  beforeAll(async () => {
    ids = stack.history.add(ws, Array.from({ length: 200 }, () => ({ tags: ['two-hundred'] }))).map((r) => r.id);
    const res = await stack.post<Batch>('/batches', { workspaceId: ws, selection: { filter: { tagsAny: ['two-hundred'] } }, options: { name: 'Two hundred', concurrency: 7 } });
    expect(res.status).toBe(201);
    created = batchSchema.parse(res.body);
  });

  it('answers 201 with the batch, queueing', () => {
    expect(created).toMatchObject({ workspaceId: ws, name: 'Two hundred', status: 'queueing', options: { concurrency: 7, reuseToolResults: false }, costUsd: 0, endedAt: null });
  });

  it('replays every request once, records each once, and completes', async () => {
    const done = await stack.until(ws, created.id, (b) => b.status === 'completed');
    expect(done.counts).toEqual({ total: 200, queued: 0, running: 0, completed: 200, failed: 0, cancelled: 0, skipped: 0 });
    // Each original reached the provider exactly once.
    const sent = requestsFor(ids);
    expect(sent).toHaveLength(200);
    expect(new Set(sent.map((r) => ids.find((id) => r.body.includes(id)))).size).toBe(200);
    const records = await stack.recordsOf(created.id);
    expect(records).toHaveLength(200);
    expect(new Set(records.map((r) => r.replayOf))).toEqual(new Set(ids));
    expect(new Set(records.map((r) => r.runId)).size).toBe(200);
    expect(records.every((r) => r.source === 'bulk' && r.status === 'completed' && r.provider === 'stand-in')).toBe(true);
    // 10 prompt and 2 completion tokens at $1 and $2 per million, 200 times.
    expect(done.costUsd).toBeCloseTo((200 * (10 * 1 + 2 * 2)) / 1e6, 9);
    expect(done.startedAt).not.toBeNull();
    expect(done.endedAt).not.toBeNull();
  });

  it('never has more than its concurrency in flight', () => {
    const most = mostAtOnce(requestsFor(ids));
    expect(most).toBeLessThanOrEqual(7);
    // And it used it: the limit, not the workers, held the pace.
    expect(most).toBeGreaterThanOrEqual(5);
  });

  it('publishes its progress, a few entries a second at most, the last its final state', async () => {
    const entries = await stack.suite.redis.xrange(stack.suite.keys.batchStream(created.id), '-', '+');
    const progress = entries.map(([id, fields]) => ({ at: Number(id.split('-')[0]), p: batchProgressSchema.parse(JSON.parse(fields[fields.indexOf(RUN_EVENT_FIELD) + 1]!)) }));
    expect(progress.at(-1)!.p).toMatchObject({ batchId: created.id, status: 'completed', counts: { completed: 200 }, etaSeconds: 0 });
    // At most one entry per 100 ms window (the stack's pace) in any second, bar the final one.
    for (let i = 0; i < progress.length; i++) {
      const within = progress.filter((e) => e.at >= progress[i]!.at && e.at < progress[i]!.at + 1000);
      expect(within.length).toBeLessThanOrEqual(11);
    }
    expect(progress.some((e) => e.p.status === 'running' && e.p.ratePerSecond > 0)).toBe(true);
  });

  it('writes the final state to its document', async () => {
    const doc = await stack.suite.db().collection('batches').findOne({ _id: created.id as never });
    expect(doc).toMatchObject({ status: 'completed', counts: { completed: 200, total: 200 }, enqueue: { done: true, cursor: 200 } });
  });
});
