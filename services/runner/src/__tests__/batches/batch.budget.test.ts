import { randomUUID } from 'node:crypto';
import { batchSchema, judgeVerdictSchema, type Batch } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS } from '../support/isolation.js';
import { startBatchStack, type BatchStack } from './support/batch-stack.js';
import { chatBody } from './support/history-stand-in.js';

let stack: BatchStack;

beforeAll(async () => {
  stack = await startBatchStack({ upstream: { fallback: { kind: 'stream', content: ['Fine', ' thanks'], firstDelayMs: 10, usage: { prompt_tokens: 20, completion_tokens: 4 } } } });
});
afterAll(() => stack?.close(), CLOSE_TIMEOUT_MS);
afterAll(() => stack?.suite.dispose());

const requestsFor = (ids: string[]) => stack.upstream.chatRequests().filter((r) => ids.some((id) => r.body.includes(id)));

async function startBatch(ws: string, n: number, body: object): Promise<{ batch: Batch; ids: string[] }> {
  const tag = `tag-${Math.random().toString(36).slice(2)}`;
  const ids = Array.from({ length: n }, () => randomUUID());
  stack.history.add(ws, ids.map((id, i) => ({ id, tags: [tag], requestBody: chatBody(`How are you, number ${i}? (${id})`, { model: 'stand-in-model' }), output: 'Fine', completionTokens: 4 })));
  const res = await stack.post('/batches', { workspaceId: ws, selection: { filter: { tagsAny: [tag] } }, ...body });
  expect(res.status).toBe(201);
  return { batch: batchSchema.parse(res.body), ids };
}

/** What one replay costs here: 20 prompt and 4 completion tokens at $1 / $2 per million. */
const REPLAY_COST = (20 * 1 + 4 * 2) / 1e6;

describe('a budget', () => {
  const ws = 'ws-budget';

  it('stops the batch before its spend would pass it: budget_exceeded, the rest skipped and never sent', async () => {
    const budgetUsd = 12 * REPLAY_COST + REPLAY_COST / 2;
    const { batch, ids } = await startBatch(ws, 60, { options: { concurrency: 3, budgetUsd } });
    const done = await stack.until(ws, batch.id, (b) => b.endedAt !== null);
    expect(done.status).toBe('budget_exceeded');
    expect(done.message).toMatch(/budget/);
    const { completed, skipped, total, failed, queued, running } = done.counts;
    expect({ total, failed, queued, running }).toEqual({ total: 60, failed: 0, queued: 0, running: 0 });
    expect(completed + skipped).toBe(60);
    // Some ran (each is estimated at a little more than it costs), and the rest never reached the provider.
    expect(completed).toBeGreaterThanOrEqual(5);
    expect(completed).toBeLessThanOrEqual(12);
    expect(requestsFor(ids)).toHaveLength(completed);
    expect(done.costUsd).toBeLessThanOrEqual(budgetUsd);
    expect(done.costUsd).toBeCloseTo(completed * REPLAY_COST, 9);
    expect(await stack.recordsOf(batch.id)).toHaveLength(completed);
  });

  it('leaves a batch under its budget alone', async () => {
    const { batch } = await startBatch(ws, 10, { options: { concurrency: 5, budgetUsd: 1 } });
    const done = await stack.until(ws, batch.id, (b) => b.endedAt !== null);
    expect(done).toMatchObject({ status: 'completed', counts: { completed: 10, skipped: 0 } });
  });
});

describe('a judge', () => {
  const ws = 'ws-judge';

  it('scores each completed replay, the verdict on its record, and its cost counts against the budget', async () => {
    stack.judge.verdict = (body) => (body.includes('number 3?') ? { score: 0.2, reason: 'off topic' } : { score: 0.9, reason: 'same meaning' });
    // The judge's call: 100 prompt and 20 completion tokens at $10 / $20 per million.
    const judgeCost = (100 * 10 + 20 * 20) / 1e6;
    const budgetUsd = 1;
    const { batch, ids } = await startBatch(ws, 8, { options: { concurrency: 2, budgetUsd, judge: { provider: 'judge', model: 'judge-model', rubric: 'Same meaning as the original.' } } });
    const done = await stack.until(ws, batch.id, (b) => b.endedAt !== null);
    expect(done).toMatchObject({ status: 'completed', counts: { completed: 8 } });
    expect(done.options.judge).toEqual({ provider: 'judge', model: 'judge-model', rubric: 'Same meaning as the original.' });
    expect(done.costUsd).toBeCloseTo(8 * (REPLAY_COST + judgeCost), 9);

    const records = await stack.recordsOf(batch.id);
    expect(records).toHaveLength(8);
    for (const record of records) {
      const verdict = judgeVerdictSchema.parse(record.judge);
      expect(verdict).toMatchObject({ provider: 'judge', model: 'judge-model', cost: judgeCost });
      const i = ids.indexOf(record.replayOf!);
      expect(verdict.score).toBe(i === 3 ? 0.2 : 0.9);
    }
    // The judge read the rubric, the conversation, the original answer and the replay's, once per replay, with strict structured output.
    const asked = stack.judge.bodies.filter((b) => ids.some((_id, i) => b.includes(`number ${i}?`)));
    expect(asked).toHaveLength(8);
    const one = JSON.parse(asked[0]!) as { messages: { content: string }[]; response_format: { type: string; json_schema: { strict: boolean } }; stream?: boolean };
    expect(one.stream).toBeFalsy();
    expect(one.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    const prompt = one.messages[1]!.content;
    expect(prompt).toContain('Same meaning as the original.');
    expect(prompt).toMatch(/user: How are you, number \d\?/);
    expect(prompt).toContain('Original answer:\nFine');
    expect(prompt).toContain("Replay's answer:\nFine thanks");
  });

  it('counts the judge against the budget: it stops sooner', async () => {
    const judgeCost = (100 * 10 + 20 * 20) / 1e6;
    const budgetUsd = 5 * (REPLAY_COST + judgeCost);
    const { batch, ids } = await startBatch(ws, 30, { options: { concurrency: 1, budgetUsd, judge: { provider: 'judge', model: 'judge-model', rubric: 'Same.' } } });
    const done = await stack.until(ws, batch.id, (b) => b.endedAt !== null);
    expect(done.status).toBe('budget_exceeded');
    expect(done.costUsd).toBeLessThanOrEqual(budgetUsd);
    expect(done.counts.completed).toBeGreaterThanOrEqual(1);
    expect(done.counts.completed).toBeLessThanOrEqual(5);
    expect(requestsFor(ids)).toHaveLength(done.counts.completed);
  });
});
