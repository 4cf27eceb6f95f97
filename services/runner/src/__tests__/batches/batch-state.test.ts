import { randomUUID } from 'node:crypto';
import { BatchStates } from '../../batches/batch-state.js';
import { isolate } from '../support/isolation.js';

/** The live state's scripts, one change at a time, against the real Redis. */
const suite = isolate();
const states = new BatchStates(suite.redis, suite.keys);
afterAll(() => suite.dispose());

const LEASE_MS = 60_000;

async function newBatch(options: { concurrency?: number; budgetUsd?: number | null; total?: number } = {}) {
  const id = randomUUID();
  await states.init(id, { workspaceId: 'ws', concurrency: options.concurrency ?? 2, budgetUsd: options.budgetUsd ?? null });
  await states.chunk(id, { cursor: options.total ?? 10, total: options.total ?? 10, skipped: 0, cancelled: 0 });
  return id;
}

describe('the gate and the ends', () => {
  it('takes at most `concurrency` slots, parks the rest, and hands a freed slot to the oldest parked job', async () => {
    const id = await newBatch({ concurrency: 2 });
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.gate(id, 'r2', 'j2', LEASE_MS)).verdict).toBe('run');
    expect((await states.gate(id, 'r3', 'j3', LEASE_MS)).verdict).toBe('park');
    expect((await states.gate(id, 'r4', 'j4', LEASE_MS)).verdict).toBe('park');
    expect((await states.finish(id, 'r1', 'q1', 'completed', 100)).wake).toBe('j3');
    expect((await states.read(id))!.counts).toMatchObject({ total: 10, running: 1, completed: 1, queued: 8 });
  });

  it('counts an end once however often it is reported, and a job of an ended replay runs no more', async () => {
    const id = await newBatch();
    await states.gate(id, 'r1', 'j1', LEASE_MS);
    await states.finish(id, 'r1', 'q1', 'completed', 500);
    await states.finish(id, 'r1', 'q1', 'completed', 500);
    const live = (await states.read(id))!;
    expect(live.counts.completed).toBe(1);
    expect(live.spentNano).toBe(500);
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('done');
  });

  it('lets a replay that already holds a slot take it again (its worker died) without reserving twice', async () => {
    const id = await newBatch({ concurrency: 1, budgetUsd: 1 });
    await states.setCosts(id, [['r1', 1000]]);
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.read(id))!).toMatchObject({ reservedNano: 1000, counts: { running: 1 } });
    await states.finish(id, 'r1', 'q1', 'completed', 800);
    expect((await states.read(id))!).toMatchObject({ reservedNano: 0, spentNano: 800, costUsd: 800 / 1e9 });
  });

  it('counts the end of a replay that reserved nothing under a budget (its price unknown) and hands its slot on', async () => {
    const id = await newBatch({ concurrency: 1, budgetUsd: 1 });
    await states.setCosts(id, [['r1', 0], ['r2', 0]]);
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.gate(id, 'r2', 'j2', LEASE_MS)).verdict).toBe('park');
    expect((await states.finish(id, 'r1', 'q1', 'completed', 0)).wake).toBe('j2');
    expect((await states.read(id))!).toMatchObject({ reservedNano: 0, counts: { completed: 1, running: 0 } });
  });

  it('keeps the job a freed slot was handed to until it reaches the gate, so a wake lost with its worker is sent again', async () => {
    const id = await newBatch({ concurrency: 1 });
    await states.gate(id, 'r1', 'j1', LEASE_MS);
    expect((await states.gate(id, 'r2', 'j2', LEASE_MS)).verdict).toBe('park');
    expect((await states.finish(id, 'r1', 'q1', 'completed', 0)).wake).toBe('j2');
    // Its waker died before promoting it: nothing is overdue yet, then it is, and again after each resend's wait.
    expect(await states.overdueWakes(id, 60_000, 300_000)).toEqual([]);
    // 200 ms overdue, not 10: on a loaded CI machine 10 ms passed between two calls in a row, and the resend was due again.
    await new Promise((r) => setTimeout(r, 250));
    expect(await states.overdueWakes(id, 200, 300_000)).toEqual(['j2']);
    expect(await states.overdueWakes(id, 200, 300_000)).toEqual([]);
    // Woken at last, it reaches the gate: nothing left to resend.
    expect((await states.gate(id, 'r2', 'j2', LEASE_MS)).verdict).toBe('run');
    await new Promise((r) => setTimeout(r, 250));
    expect(await states.overdueWakes(id, 200, 300_000)).toEqual([]);
  });

  it('frees the slot of a replay whose lease ran out, and does not reserve again when it comes back', async () => {
    const id = await newBatch({ concurrency: 1, budgetUsd: 1 });
    await states.setCosts(id, [['r1', 1000], ['r2', 1000]]);
    expect((await states.gate(id, 'r1', 'j1', 1)).verdict).toBe('run');
    await new Promise((r) => setTimeout(r, 10));
    expect((await states.read(id))!.counts.running).toBe(0);
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.read(id))!.reservedNano).toBe(1000);
  });

  it('stops starting replays once the next would pass the budget, and skips the rest', async () => {
    const id = await newBatch({ concurrency: 5, budgetUsd: 3e-6, total: 4 });
    await states.setCosts(id, [['r1', 1000], ['r2', 1000], ['r3', 1500], ['r4', 10]]);
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.gate(id, 'r2', 'j2', LEASE_MS)).verdict).toBe('run');
    // 1000 + 1000 reserved + 1500 > 3000.
    expect((await states.gate(id, 'r3', 'j3', LEASE_MS)).verdict).toBe('budget');
    expect((await states.gate(id, 'r4', 'j4', LEASE_MS)).verdict).toBe('skipped');
    await states.enqueued(id, 4);
    await states.finish(id, 'r1', 'q1', 'completed', 900);
    const { endedNow } = await states.finish(id, 'r2', 'q2', 'completed', 900);
    expect(endedNow).toBe(true);
    expect((await states.read(id))!).toMatchObject({ status: 'budget_exceeded', spentNano: 1800, reservedNano: 0, counts: { completed: 2, skipped: 2, queued: 0 } });
  });

  it('ends a batch once: the first end reported says so, no later one', async () => {
    const id = await newBatch({ total: 1 });
    await states.gate(id, 'r1', 'j1', LEASE_MS);
    expect(await states.enqueued(id, 1)).toBe(false);
    expect((await states.finish(id, 'r1', 'q1', 'failed', 0)).endedNow).toBe(true);
    expect((await states.finish(id, 'r1', 'q1', 'failed', 0)).endedNow).toBe(false);
    expect((await states.read(id))!).toMatchObject({ status: 'completed', counts: { failed: 1 } });
    expect(await states.retrying(id)).toEqual(new Map());
    expect(await suite.redis.hgetall(states.keysOf(id).failed)).toEqual({ q1: 'r1' });
  });
});

describe('controls', () => {
  it('parks every job while paused, and wakes as many as there are free slots on resume', async () => {
    const id = await newBatch({ concurrency: 2 });
    expect((await states.gate(id, 'r1', 'j1', LEASE_MS)).verdict).toBe('run');
    expect((await states.control(id, 'pause')).outcome).toBe('ok');
    for (const n of [2, 3, 4]) expect((await states.gate(id, `r${n}`, `j${n}`, LEASE_MS)).verdict).toBe('park');
    // An end while paused wakes no one.
    expect((await states.finish(id, 'r1', 'q1', 'completed', 0)).wake).toBeNull();
    expect(await states.control(id, 'resume')).toEqual({ outcome: 'ok', wake: ['j2', 'j3'], inFlight: [] });
  });

  it('names the replays in flight and every parked job on cancel, and counts what comes after as cancelled', async () => {
    const id = await newBatch({ concurrency: 1 });
    await states.gate(id, 'r1', 'j1', LEASE_MS);
    await states.gate(id, 'r2', 'j2', LEASE_MS);
    expect(await states.control(id, 'cancel', 'stop')).toEqual({ outcome: 'ok', inFlight: ['r1'], wake: ['j2'] });
    expect((await states.gate(id, 'r2', 'j2', LEASE_MS)).verdict).toBe('cancelled');
    expect((await states.control(id, 'pause')).outcome).toBe('refused');
  });

  it('moves the failed replays to a retry round, once', async () => {
    const id = await newBatch({ total: 2 });
    await states.gate(id, 'r1', 'j1', LEASE_MS);
    await states.gate(id, 'r2', 'j2', LEASE_MS);
    await states.enqueued(id, 2);
    await states.finish(id, 'r1', 'q1', 'failed', 0);
    await states.finish(id, 'r2', 'q2', 'completed', 0);
    expect(await states.retryBegin(id)).toEqual({ outcome: 'ok', round: 1, count: 1 });
    expect(await states.retryBegin(id)).toEqual({ outcome: 'busy' });
    expect(await states.retrying(id)).toEqual(new Map([['q1', 'r1']]));
    expect((await states.read(id))!).toMatchObject({ status: 'running', enqueued: false, retryRound: 1, counts: { failed: 0, queued: 1 } });
  });
});
