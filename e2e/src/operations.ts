import type { Client as WsClient } from 'graphql-ws';

export const START_RUN = /* GraphQL */ `
  mutation StartRun($input: StartRunInput!) {
    startRun(input: $input) { id provider model }
  }
`;

export const RUN_EVENTS = /* GraphQL */ `
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      id
      runId
      ... on RunStarted { provider model at }
      ... on RunDelta { text }
      ... on RunCompleted {
        message { role content }
        finishReason
        usage { promptTokens completionTokens totalTokens }
        latencyMs
        ttftMs
      }
      ... on RunFailed { error { kind message status } latencyMs }
    }
  }
`;

export const REQUEST = /* GraphQL */ `
  query Request($id: ID!) {
    request(id: $id) {
      id source provider model status requestBody responseBody output
      error { kind message status }
      usage { promptTokens completionTokens totalTokens }
      latencyMs ttftMs startedAt endedAt runId replayOf forkedFrom
    }
  }
`;

export const REQUESTS = /* GraphQL */ `
  query Requests($first: Int, $after: String) {
    requests(first: $first, after: $after) {
      edges { cursor node { id runId status output } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export interface RunEventResult {
  __typename: 'RunStarted' | 'RunDelta' | 'RunCompleted' | 'RunFailed';
  id: string;
  runId: string;
  text?: string;
  provider?: string;
  model?: string;
  message?: { role: string; content: string | null };
  finishReason?: string | null;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  latencyMs?: number;
  ttftMs?: number | null;
  error?: { kind: string; message: string; status: number | null };
}

/** Subscribes to a run and resolves with every event once the server completes the subscription. */
export function collectRunEvents(ws: WsClient, runId: string, after?: string): Promise<RunEventResult[]> {
  return new Promise((resolve, reject) => {
    const events: RunEventResult[] = [];
    ws.subscribe<{ runEvents: RunEventResult }>(
      { query: RUN_EVENTS, variables: { runId, after } },
      {
        next: (result) => {
          if (result.errors) reject(new Error(JSON.stringify(result.errors)));
          else if (result.data) events.push(result.data.runEvents);
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
}

/** Polls until `fn` returns a value (history records arrive through a queue). */
export async function eventually<T>(fn: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a value');
    await new Promise((r) => setTimeout(r, 50));
  }
}
