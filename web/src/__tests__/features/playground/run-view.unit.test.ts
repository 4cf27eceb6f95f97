import { compareStreamIds, formatCost, formatToolArguments, reduceRunEvent, type RunEvent, type RunView } from '../../../features/playground/run-view';

const started: RunEvent = { __typename: 'RunStarted', id: '9-0', runId: 'r1', provider: 'simulator', model: 'sim-fast' };
const delta = (id: string, text: string): RunEvent => ({ __typename: 'RunDelta', id, runId: 'r1', text });
const toolPiece = (id: string, index: number, piece: { callId?: string; name?: string; arguments?: string }): RunEvent => ({
  __typename: 'RunToolCallDelta',
  id,
  runId: 'r1',
  index,
  callId: piece.callId ?? null,
  name: piece.name ?? null,
  arguments: piece.arguments ?? null,
});
const rateLimited = { kind: 'RATE_LIMITED' as const, message: 'Too many requests', status: 429 };
const retrying = (id: string, discardOutput: boolean): RunEvent => ({
  __typename: 'RunRetrying',
  id,
  runId: 'r1',
  attempt: 2,
  delayMs: 500,
  error: rateLimited,
  discardOutput,
});
const completed = (id: string, extra: Partial<Extract<RunEvent, { __typename: 'RunCompleted' }>> = {}): RunEvent => ({
  __typename: 'RunCompleted',
  id,
  runId: 'r1',
  message: { content: null, toolCalls: null },
  finishReason: 'stop',
  usage: null,
  cost: null,
  structuredOutput: null,
  latencyMs: 40,
  ttftMs: 5,
  ...extra,
});

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
        message: { content: 'Simulated answer', toolCalls: null },
        finishReason: 'stop',
        usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
        cost: 0.000123,
        structuredOutput: { valid: true, error: null },
        latencyMs: 40,
        ttftMs: 5,
      },
    ]);
    expect(view).toMatchObject({
      status: 'completed',
      text: 'Simulated answer',
      toolCalls: [],
      completion: { finishReason: 'stop', ttftMs: 5, cost: 0.000123, structuredOutput: { valid: true, error: null } },
    });
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

describe('reduceRunEvent: retries', () => {
  it('drops the text and tool calls streamed so far when the retry discards output, and shows the retry until the next attempt streams', () => {
    const failedAttempt = fold([started, delta('10-0', 'Half an ans'), toolPiece('10-1', 0, { callId: 'call_1', name: 'lookup', arguments: '{"q"' })]);
    const waiting = reduceRunEvent(failedAttempt, retrying('11-0', true));
    expect(waiting).toMatchObject({ status: 'retrying', text: '', toolCalls: [], retry: { attempt: 2, delayMs: 500, error: rateLimited } });

    const view = fold([delta('12-0', 'A whole'), delta('12-1', ' answer')], waiting);
    expect(view).toMatchObject({ status: 'streaming', text: 'A whole answer', toolCalls: [] });
  });

  it('keeps what streamed when the retry does not discard output', () => {
    const view = fold([started, delta('10-0', 'kept'), retrying('11-0', false)]);
    expect(view).toMatchObject({ status: 'retrying', text: 'kept' });
  });

  it('does not discard a second time when the retry is replayed after a reconnect', () => {
    const events = [started, delta('10-0', 'lost'), retrying('11-0', true), delta('12-0', 'new')];
    const view = fold([...events, ...events, delta('12-1', ' text')]);
    expect(view.text).toBe('new text');
  });
});

describe('reduceRunEvent: tool calls', () => {
  it('assembles streamed calls by index: id and name from the first piece, arguments appended', () => {
    const view = fold([
      started,
      toolPiece('10-0', 0, { callId: 'call_a', name: 'get_weather' }),
      toolPiece('10-1', 0, { arguments: '{"city":' }),
      toolPiece('10-2', 1, { callId: 'call_b', name: 'get_time', arguments: '{}' }),
      toolPiece('10-3', 0, { arguments: '"Paris"}' }),
    ]);
    expect(view.status).toBe('streaming');
    expect(view.toolCalls).toEqual([
      { index: 0, id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { index: 1, id: 'call_b', name: 'get_time', arguments: '{}' },
    ]);
  });

  it('keeps calls in index order whichever arrives first', () => {
    const view = fold([started, toolPiece('10-0', 1, { callId: 'b', name: 'second' }), toolPiece('10-1', 0, { callId: 'a', name: 'first' })]);
    expect(view.toolCalls.map((c) => c.name)).toEqual(['first', 'second']);
  });

  it("takes the completed message's tool calls as authoritative", () => {
    const view = fold([
      started,
      toolPiece('10-0', 0, { callId: 'call_a', name: 'get_weather', arguments: '{"city":"Par' }),
      completed('11-0', {
        message: { content: null, toolCalls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        finishReason: 'tool_calls',
      }),
    ]);
    expect(view).toMatchObject({ status: 'completed', text: '', completion: { finishReason: 'tool_calls', cost: null, structuredOutput: null } });
    expect(view.toolCalls).toEqual([{ index: 0, id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });
});

describe('reduceRunEvent: cancellation', () => {
  it("ends cancelled with the runner's partial output, whatever had streamed", () => {
    const view = fold([
      started,
      delta('10-0', 'Once upon'),
      delta('10-1', ' a t'),
      {
        __typename: 'RunCancelled',
        id: '11-0',
        runId: 'r1',
        partial: { content: 'Once upon a ti', toolCalls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] },
        latencyMs: 321,
      },
    ]);
    expect(view).toMatchObject({ status: 'cancelled', text: 'Once upon a ti', cancellation: { latencyMs: 321 }, completion: null, error: null });
    expect(view.toolCalls).toEqual([{ index: 0, id: 'c', name: 'f', arguments: '{"a":' }]);
  });

  it('ignores anything after the terminal event that is a replay', () => {
    const cancelled: RunEvent = { __typename: 'RunCancelled', id: '11-0', runId: 'r1', partial: { content: 'x', toolCalls: [] }, latencyMs: 1 };
    const view = fold([started, delta('10-0', 'x'), cancelled, delta('10-0', 'x')]);
    expect(view).toMatchObject({ status: 'cancelled', text: 'x' });
  });
});

describe('formatToolArguments', () => {
  it('pretty-prints JSON once the run has ended, and shows fragments and non-JSON as they are', () => {
    expect(formatToolArguments('{"city":"Paris","days":[1,2]}', true)).toBe('{\n  "city": "Paris",\n  "days": [\n    1,\n    2\n  ]\n}');
    expect(formatToolArguments('{"city":"Paris"}', false)).toBe('{"city":"Paris"}');
    expect(formatToolArguments('{"city":', true)).toBe('{"city":');
    expect(formatToolArguments('', true)).toBe('');
  });
});

describe('formatCost', () => {
  it('shows dollars to the millionth, without trailing zeros past the cents', () => {
    expect(formatCost(0.000123)).toBe('$0.000123');
    expect(formatCost(0.0021)).toBe('$0.0021');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.0000001)).toBe('< $0.000001');
  });
});

describe('compareStreamIds', () => {
  it('orders by number, not by string', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-1', '10-1')).toBe(0);
  });
});
