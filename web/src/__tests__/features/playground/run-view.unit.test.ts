import type { RunEvent } from '../../../features/playground/documents';
import { compareStreamIds, reduceRunEvent, type RunView } from '../../../features/playground/run-view';

const started: RunEvent = { __typename: 'RunStarted', id: '9-0', runId: 'r1', provider: 'simulator', model: 'sim-fast' };
const delta = (id: string, text: string): RunEvent => ({ __typename: 'RunDelta', id, runId: 'r1', text });

const fold = (events: RunEvent[], from?: RunView) => events.reduce<RunView | undefined>(reduceRunEvent, from)!;

describe('reduceRunEvent', () => {
  it('appends deltas in order and takes the completed message as the answer', () => {
    const view = fold([
      started,
      delta('10-0', 'Simulated'),
      delta('10-1', ' answer'),
      {
        __typename: 'RunCompleted',
        id: '11-0',
        runId: 'r1',
        message: { content: 'Simulated answer' },
        finishReason: 'stop',
        usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
        latencyMs: 40,
        ttftMs: 5,
      },
    ]);
    expect(view).toMatchObject({ status: 'completed', text: 'Simulated answer', completion: { finishReason: 'stop', ttftMs: 5 } });
  });

  it('skips events replayed after a reconnect', () => {
    const view = fold([started, delta('10-0', 'a'), started, delta('10-0', 'a'), delta('10-1', 'b')]);
    expect(view.text).toBe('ab');
  });

  it('starts afresh when the events belong to another run', () => {
    const previous = fold([started, delta('10-0', 'old')]);
    const view = reduceRunEvent(previous, { ...started, id: '1-0', runId: 'r2' });
    expect(view).toMatchObject({ runId: 'r2', status: 'streaming', text: '' });
  });

  it('keeps the provider error of a failed run', () => {
    const error = { kind: 'INVALID_REQUEST' as const, message: 'bad', status: 400 };
    const view = fold([started, { __typename: 'RunFailed', id: '10-0', runId: 'r1', error, latencyMs: 3 }]);
    expect(view).toMatchObject({ status: 'failed', error });
  });
});

describe('compareStreamIds', () => {
  it('orders by number, not by string', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-1', '10-1')).toBe(0);
  });
});
