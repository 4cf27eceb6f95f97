import { viewFromRecord } from '../../../features/playground/record-view';

describe('viewFromRecord', () => {
  it('shows a completed run with its text, tool calls and figures', () => {
    const responseBody = JSON.stringify({
      choices: [{ finish_reason: 'tool_calls', message: { content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"a":1}' } }] } }],
    });
    const view = viewFromRecord({
      id: 'r1',
      runId: 'r1',
      status: 'COMPLETED',
      output: 'Checking.',
      responseBody,
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      cost: 0.0001,
      latencyMs: 120,
      ttftMs: 30,
    });
    expect(view).toMatchObject({
      runId: 'r1',
      status: 'completed',
      text: 'Checking.',
      toolCalls: [{ index: 0, id: 'call_1', name: 'look', arguments: '{"a":1}' }],
      completion: { finishReason: 'tool_calls', usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 }, cost: 0.0001, latencyMs: 120, ttftMs: 30 },
      error: null,
      cancellation: null,
    });
  });

  it('shows a failure with the provider’s message, and a body that is not a completion as no calls', () => {
    const view = viewFromRecord({ id: 'r2', status: 'FAILED', responseBody: 'not json', error: { kind: 'RATE_LIMITED', message: 'Slow down', status: 429 }, latencyMs: 9 });
    expect(view).toMatchObject({ runId: 'r2', status: 'failed', text: '', toolCalls: [], completion: null, error: { kind: 'RATE_LIMITED', message: 'Slow down', status: 429 } });
  });

  it('shows a cancelled run’s partial text and when it stopped', () => {
    expect(viewFromRecord({ id: 'r3', status: 'CANCELLED', output: 'Half', latencyMs: 400 })).toMatchObject({ status: 'cancelled', text: 'Half', cancellation: { latencyMs: 400 } });
  });
});
