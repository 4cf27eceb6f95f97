import type { Client, CombinedError, OperationResult } from 'urql';
import { graphql } from '../../gql';
import { isTerminal, reduceRunEvent, type RunView } from './run-view';

export const cancelRunMutation = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) { id }
  }
`);

// run-view.ts takes its event types from this selection: a field the reducer reads is selected here.
export const runEventsSubscription = graphql(`
  subscription RunEvents($runId: ID!, $after: String) {
    runEvents(runId: $runId, after: $after) {
      __typename
      id
      runId
      ... on RunStarted { provider model }
      ... on RunDelta { text }
      ... on RunToolCallDelta { index callId name arguments }
      ... on RunCompleted {
        message {
          content
          toolCalls { id type function { name arguments } }
        }
        finishReason
        usage { promptTokens completionTokens totalTokens }
        cost
        structuredOutput { valid error }
        latencyMs
        ttftMs
      }
      ... on RunFailed { error { kind message status } latencyMs }
      ... on RunCancelled {
        partial {
          content
          toolCalls { id type function { name arguments } }
        }
        latencyMs
      }
      ... on RunRetrying { attempt delayMs error { kind message status } discardOutput }
    }
  }
`);

export type RunPhase = 'idle' | 'starting' | RunView['status'];

/** A refused input field, as the gateway's BAD_USER_INPUT names it (`messages.0.content`, `overrides.temperature`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A run's failure, from the provider (RunFailed) or from the gateway refusing to start it. */
export interface RunFailure {
  kind: string;
  message: string;
  status: number | null;
  /** For a refused input: every field named, to show each beside its control. */
  issues?: FieldIssue[];
}

export interface RunState {
  /** Null until a launching mutation has returned the run's id. */
  runId: string | null;
  phase: RunPhase;
  text: string;
  toolCalls: RunView['toolCalls'];
  /** The latest retry announced; the status shows it while `phase` is `retrying`. */
  retry: RunView['retry'];
  completion: RunView['completion'];
  cancellation: RunView['cancellation'];
  error: RunFailure | null;
  /** Whether Stop applies: the run exists (it has an id) and has not ended. */
  stoppable: boolean;
  /** Stop was clicked; the run has not ended yet. */
  stopping: boolean;
  /** The gateway refused or failed the cancelRun request; the run goes on. */
  stopError: RunFailure | null;
}

/** Sends the mutation that creates a run (startRun, replayRequest...) and returns its result. */
export type RunLauncher = () => Promise<OperationResult<unknown>>;

export const IDLE_RUN: RunState = {
  runId: null,
  phase: 'idle',
  text: '',
  toolCalls: [],
  retry: null,
  completion: null,
  cancellation: null,
  error: null,
  stoppable: false,
  stopping: false,
  stopError: null,
};

/** The run id a launching mutation returned: its one root field's `id`. */
function launchedRunId(data: unknown): string | null {
  const root = data && typeof data === 'object' ? Object.values(data)[0] : null;
  return root && typeof root === 'object' && 'id' in root && typeof root.id === 'string' ? root.id : null;
}

/** A GraphQL or network error as the page shows it: the server's code and its message, with the fields it names. */
export function failureOf(error: CombinedError): RunFailure {
  const first = error.graphQLErrors[0];
  if (!first) return { kind: 'NETWORK', message: error.networkError?.message ?? error.message, status: null };
  const { code, field, issues } = first.extensions as { code?: unknown; field?: unknown; issues?: unknown };
  const named = Array.isArray(issues)
    ? issues.filter((i): i is FieldIssue => typeof i?.field === 'string' && typeof i?.message === 'string')
    : typeof field === 'string'
      ? [{ field, message: first.message }]
      : [];
  return { kind: String(code ?? 'GRAPHQL_ERROR'), message: first.message, status: null, ...(named.length ? { issues: named } : {}) };
}

// Tests in Node have no animation frames; a frame's length of timeout stands in.
const nextFrame = (callback: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback);
  else setTimeout(callback, 16);
};

/**
 * One run's streamed state, kept outside React: events fold into it as they
 * arrive, and readers (useSyncExternalStore) hear of it at most once per
 * animation frame, so a fast stream costs one render of the answer per frame
 * and none of the page around it. It outlives the component that shows it,
 * so an answer keeps streaming while the user is on another page.
 */
export class RunStore {
  readonly #client: Client;
  readonly #listeners = new Set<() => void>();
  #snapshot: RunState = IDLE_RUN;
  #runId: string | null = null;
  #view: RunView | null = null;
  #starting = false;
  #startFailure: RunFailure | null = null;
  #subscriptionError: RunFailure | null = null;
  #stopRequest: { runId: string; error: RunFailure | null } | null = null;
  #subscription: { unsubscribe(): void } | null = null;
  #framePending = false;
  // Bumped by each launch, so that a launch overtaken by a newer one drops its late answer.
  #generation = 0;

  constructor(client: Client) {
    this.#client = client;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): RunState => this.#snapshot;

  /** Clears the last run and shows "Starting…" until `follow` or `fail`; returns a token for them. */
  begin(): number {
    this.#reset();
    this.#starting = true;
    this.#publishNow();
    return this.#generation;
  }

  /**
   * Sends a launching mutation and follows the run it started; resolves with
   * its id, or null when refused. `adjust` rewrites a refusal for the page
   * (the field paths of what was sent, as the editor numbers them).
   */
  async launch(send: RunLauncher, adjust: (failure: RunFailure) => RunFailure = (f) => f): Promise<string | null> {
    const token = this.begin();
    const result = await send();
    if (token !== this.#generation) return null;
    const id = launchedRunId(result.data);
    if (id === null) this.fail(token, adjust(result.error ? failureOf(result.error) : { kind: 'INTERNAL', message: 'No run was started.', status: null }));
    else this.follow(id, token);
    return id;
  }

  /** The launch was refused: shows why. */
  fail(token: number, failure: RunFailure): void {
    if (token !== this.#generation) return;
    this.#starting = false;
    this.#startFailure = failure;
    this.#publishNow();
  }

  /** Streams a run's events from the beginning (or after the last one applied, to resume). */
  follow(runId: string, token = this.begin()): void {
    if (token !== this.#generation) return;
    this.#starting = false;
    if (this.#runId !== runId) {
      this.#runId = runId;
      this.#view = null;
    }
    this.#subscribe();
    this.#publishNow();
  }

  /** Shows a run that has ended from its record, without subscribing. */
  show(view: RunView): void {
    this.#reset();
    this.#runId = view.runId;
    this.#view = view;
    this.#publishNow();
  }

  /** Asks the gateway to stop the current run; its RunCancelled event ends it. */
  async stop(): Promise<void> {
    const runId = this.#runId;
    if (runId === null) return;
    this.#stopRequest = { runId, error: null };
    this.#publishNow();
    const result = await this.#client.mutation(cancelRunMutation, { id: runId }).toPromise();
    if (result.error && this.#stopRequest?.runId === runId) {
      this.#stopRequest = { runId, error: failureOf(result.error) };
      this.#publishNow();
    }
  }

  /** Stops listening to the run's events (a component that owned the store went away). */
  pause(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  /** Listens again after `pause`, from the last event applied; nothing to do once the run has ended. */
  resume(): void {
    if (this.#runId !== null && !this.#subscription && !(this.#view && isTerminal(this.#view.status)) && !this.#starting) this.#subscribe();
  }

  /** Forgets the run; the store shows nothing until the next launch. */
  clear(): void {
    this.#reset();
    this.#publishNow();
  }

  #reset(): void {
    this.pause();
    this.#generation += 1;
    this.#runId = null;
    this.#view = null;
    this.#starting = false;
    this.#startFailure = null;
    this.#subscriptionError = null;
    this.#stopRequest = null;
  }

  #subscribe(): void {
    this.pause();
    const runId = this.#runId!;
    this.#subscriptionError = null;
    const after = this.#view?.lastEventId ?? undefined;
    this.#subscription = this.#client.subscription(runEventsSubscription, { runId, ...(after ? { after } : {}) }).subscribe((result) => {
      if (this.#runId !== runId) return;
      if (result.error) {
        this.#subscriptionError = failureOf(result.error);
        this.#publishNow();
        return;
      }
      if (!result.data) return;
      this.#view = reduceRunEvent(this.#view ?? undefined, result.data.runEvents);
      if (isTerminal(this.#view.status)) {
        // The last event: publish at once (tests and screen readers wait on the status), and let the socket go.
        this.pause();
        this.#publishNow();
      } else this.#publishOnNextFrame();
    });
  }

  #publishOnNextFrame(): void {
    if (this.#framePending) return;
    this.#framePending = true;
    nextFrame(() => {
      this.#framePending = false;
      this.#publishNow();
    });
  }

  #publishNow(): void {
    this.#snapshot = this.#derive();
    for (const listener of this.#listeners) listener();
  }

  #derive(): RunState {
    const runId = this.#runId;
    if (this.#starting) return { ...IDLE_RUN, phase: 'starting' };
    if (this.#startFailure) return { ...IDLE_RUN, phase: 'failed', error: this.#startFailure };
    if (runId === null) return IDLE_RUN;
    const request = this.#stopRequest?.runId === runId ? this.#stopRequest : null;
    const view = this.#view;
    const ended = view !== null && isTerminal(view.status);
    if (this.#subscriptionError && !ended) {
      const partial = view ? { text: view.text, toolCalls: view.toolCalls } : {};
      return { ...IDLE_RUN, ...partial, runId, phase: 'failed', error: this.#subscriptionError };
    }
    const stopping = !ended && request !== null && request.error === null;
    const stopError = ended ? null : (request?.error ?? null);
    if (!view) return { ...IDLE_RUN, runId, phase: 'queued', stoppable: true, stopping, stopError };
    const { status, text, toolCalls, retry, completion, cancellation, error } = view;
    return { runId, phase: status, text, toolCalls, retry, completion, cancellation, error, stoppable: !ended, stopping, stopError };
  }
}

/** Whether the run is under way: Run waits, Stop applies. */
export const isBusy = (phase: RunPhase) => phase === 'starting' || phase === 'queued' || phase === 'streaming' || phase === 'retrying';
