import type { Client } from 'urql';
import { RunStore, type RunState } from '../../../features/playground/run-store';
import type { RunEvent } from '../../../features/playground/run-view';

/** A client whose subscription the test feeds by hand, and whose mutations answer as told. */
function fakeClient() {
  const sinks: ((result: { data?: { runEvents: RunEvent }; error?: unknown }) => void)[] = [];
  const variables: unknown[] = [];
  let unsubscribed = 0;
  const client = {
    subscription: (_query: unknown, vars: unknown) => ({
      subscribe: (sink: (typeof sinks)[number]) => {
        sinks.push(sink);
        variables.push(vars);
        return { unsubscribe: () => void unsubscribed++ };
      },
    }),
    mutation: () => ({ toPromise: async () => ({ data: { cancelRun: { id: 'r1' } } }) }),
  } as unknown as Client;
  return { client, send: (event: RunEvent) => sinks.at(-1)!({ data: { runEvents: event } }), variables, unsubscribed: () => unsubscribed };
}

const delta = (id: string, text: string): RunEvent => ({ __typename: 'RunDelta', id, runId: 'r1', text });
const completed: RunEvent = {
  __typename: 'RunCompleted',
  id: '9-0',
  runId: 'r1',
  message: { content: 'Hello world', toolCalls: null },
  finishReason: 'stop',
  usage: null,
  cost: null,
  structuredOutput: null,
  latencyMs: 10,
  ttftMs: 2,
};
const frame = () => new Promise((resolve) => setTimeout(resolve, 40));

describe('RunStore', () => {
  it('tells its readers of streamed text at most once per frame, and of the end at once', async () => {
    const { client, send, unsubscribed } = fakeClient();
    const store = new RunStore(client);
    const seen: RunState[] = [];
    store.subscribe(() => seen.push(store.getSnapshot()));
    store.follow('r1');
    expect(store.getSnapshot().phase).toBe('queued');
    seen.length = 0;

    for (let i = 1; i <= 50; i++) send(delta(`1-${i}`, i === 1 ? 'Hello' : '.'));
    expect(seen).toHaveLength(0);
    await frame();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.text).toBe(`Hello${'.'.repeat(49)}`);

    send(completed);
    expect(seen).toHaveLength(2);
    expect(store.getSnapshot()).toMatchObject({ phase: 'completed', text: 'Hello world', stoppable: false });
    expect(unsubscribed()).toBe(1);
  });

  it('drops the answer of a launch that a newer one overtook', async () => {
    const { client } = fakeClient();
    const store = new RunStore(client);
    let answerFirst: (value: unknown) => void = () => undefined;
    const first = store.launch(() => new Promise((resolve) => (answerFirst = resolve as never)));
    const second = store.launch(async () => ({ data: { startRun: { id: 'r2' } } }) as never);
    expect(await second).toBe('r2');
    answerFirst({ data: { startRun: { id: 'r1' } } });
    expect(await first).toBeNull();
    expect(store.getSnapshot().runId).toBe('r2');
  });

  it('shows a refused launch with every field the gateway named', async () => {
    const { client } = fakeClient();
    const store = new RunStore(client);
    const error = {
      graphQLErrors: [{ message: 'temperature: too hot', extensions: { code: 'BAD_USER_INPUT', field: 'temperature', issues: [{ field: 'temperature', message: 'too hot' }] } }],
      message: 'x',
    };
    expect(await store.launch(async () => ({ data: null, error }) as never)).toBeNull();
    expect(store.getSnapshot()).toMatchObject({
      phase: 'failed',
      error: { kind: 'BAD_USER_INPUT', message: 'temperature: too hot', issues: [{ field: 'temperature', message: 'too hot' }] },
    });
  });

  it('resumes after a pause from the last event it applied', async () => {
    const { client, send, variables } = fakeClient();
    const store = new RunStore(client);
    store.follow('r1');
    send(delta('1-1', 'Hi'));
    store.pause();
    store.resume();
    expect(variables.at(-1)).toEqual({ runId: 'r1', after: '1-1' });
    // Replayed by the server after a reconnect: not applied twice.
    send(delta('1-1', 'Hi'));
    send(delta('1-2', '!'));
    await frame();
    expect(store.getSnapshot().text).toBe('Hi!');
  });
});
