import type { RunEvent } from '@reprise/contracts';

/**
 * A run event as the schema's RunEvent types resolve it: the stored event,
 * its position in the stream (`id`) and its run. A tool call's own id
 * travels as `callId`, since `id` is the stream position.
 */
export type RunEventPayload =
  | (Exclude<RunEvent, { type: 'tool_call_delta' }> & { id: string; runId: string })
  | (Omit<Extract<RunEvent, { type: 'tool_call_delta' }>, 'id'> & { id: string; runId: string; callId?: string });

type PayloadOf<T extends RunEvent['type']> = Extract<RunEventPayload, { type: T }>;

export type RunStartedPayload = PayloadOf<'started'>;
export type RunDeltaPayload = PayloadOf<'delta'>;
export type RunToolCallDeltaPayload = PayloadOf<'tool_call_delta'>;
export type RunCompletedPayload = PayloadOf<'completed'>;
export type RunCancelledPayload = PayloadOf<'cancelled'>;
export type RunRetryingPayload = PayloadOf<'retrying'>;
export type RunFailedPayload = PayloadOf<'failed'>;
export type RunToolResultsPayload = PayloadOf<'tool_results'>;
