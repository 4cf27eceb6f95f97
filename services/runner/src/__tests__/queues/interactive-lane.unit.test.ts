import { InteractiveLane } from '../../queues/interactive-lane.js';

/** Whether the promise has settled after a turn of the event loop. */
const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InteractiveLane', () => {
  it('lets a replay start at once when no interactive run has been in flight', async () => {
    expect(await settled(new InteractiveLane(50).clear())).toBe(true);
  });

  it('holds replays while any interactive run is in flight, and for the grace after the last ends', async () => {
    const lane = new InteractiveLane(80);
    lane.enter();
    lane.enter();
    const waiting = [lane.clear(), lane.clear()];
    lane.leave();
    expect(await Promise.all(waiting.map(settled))).toEqual([false, false]);
    lane.leave();
    expect(await Promise.all(waiting.map(settled))).toEqual([false, false]);
    const ended = performance.now();
    await Promise.all(waiting);
    expect(performance.now() - ended).toBeGreaterThanOrEqual(75);
    expect(await settled(lane.clear())).toBe(true);
  });

  it('holds a replay that asks during the grace until the grace is over', async () => {
    const lane = new InteractiveLane(80);
    lane.enter();
    lane.leave();
    await sleep(30);
    const late = lane.clear();
    expect(await settled(late)).toBe(false);
    await late;
    expect(await settled(lane.clear())).toBe(true);
  });

  it('starts the grace again when a run comes in during it', async () => {
    const lane = new InteractiveLane(80);
    lane.enter();
    const waiting = lane.clear();
    lane.leave();
    await sleep(40);
    lane.enter();
    await sleep(60);
    // The first grace would have ended by now; the second run is still in flight.
    expect(await settled(waiting)).toBe(false);
    lane.leave();
    const ended = performance.now();
    await waiting;
    expect(performance.now() - ended).toBeGreaterThanOrEqual(75);
  });
});
