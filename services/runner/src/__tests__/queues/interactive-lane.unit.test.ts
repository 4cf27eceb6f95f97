import { InteractiveLane } from '../../queues/interactive-lane.js';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('InteractiveLane', () => {
  it('lets a replay start at once when no interactive run is in flight', async () => {
    expect(await settled(new InteractiveLane().clear())).toBe(true);
  });

  it('holds replays while any interactive run is in flight, and lets them all go when the last ends', async () => {
    const lane = new InteractiveLane();
    lane.enter();
    lane.enter();
    const waiting = [lane.clear(), lane.clear()];
    lane.leave();
    expect(await Promise.all(waiting.map(settled))).toEqual([false, false]);
    lane.leave();
    expect(await Promise.all(waiting.map(settled))).toEqual([true, true]);
    expect(await settled(lane.clear())).toBe(true);
  });
});
