import type { RequestStatus, RunErrorKind } from '../../gql/graphql';
import type { RunView, ToolCallView } from './run-view';

/** The fields of a history record the playground shows an ended run from. */
export interface RecordFields {
  id: string;
  runId?: string | null;
  status: RequestStatus;
  output?: string | null;
  responseBody?: string | null;
  error?: { kind: RunErrorKind; message: string; status?: number | null } | null;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  cost?: number | null;
  latencyMs?: number | null;
  ttftMs?: number | null;
}

interface CompletionBody {
  choices?: { finish_reason?: unknown; message?: { content?: unknown; tool_calls?: { id?: unknown; function?: { name?: unknown; arguments?: unknown } }[] } }[];
}

/** The first choice of a stored chat completion, read defensively: a logged body may be anything. */
function firstChoice(responseBody: string | null | undefined): { finishReason: string | null; toolCalls: ToolCallView[] } {
  let body: CompletionBody | null = null;
  try {
    body = JSON.parse(responseBody ?? 'null') as CompletionBody | null;
  } catch {
    body = null;
  }
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
  const calls = Array.isArray(choice?.message?.tool_calls) ? choice.message.tool_calls : [];
  return {
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    toolCalls: calls.map((c, index) => ({
      index,
      id: typeof c?.id === 'string' ? c.id : null,
      name: typeof c?.function?.name === 'string' ? c.function.name : '',
      arguments: typeof c?.function?.arguments === 'string' ? c.function.arguments : '',
    })),
  };
}

/** A recorded run as the answer area shows a run that has just ended: text, tool calls, figures or error. */
export function viewFromRecord(record: RecordFields): RunView {
  const { finishReason, toolCalls } = firstChoice(record.responseBody);
  const status = record.status === 'COMPLETED' ? 'completed' : record.status === 'FAILED' ? 'failed' : 'cancelled';
  return {
    runId: record.runId ?? record.id,
    status,
    text: record.output ?? '',
    toolCalls,
    lastEventId: null,
    retry: null,
    completion:
      status === 'completed'
        ? { finishReason, usage: record.usage ?? null, cost: record.cost ?? null, structuredOutput: null, latencyMs: record.latencyMs ?? 0, ttftMs: record.ttftMs ?? null }
        : null,
    cancellation: status === 'cancelled' ? { latencyMs: record.latencyMs ?? 0 } : null,
    error: status === 'failed' ? { kind: record.error?.kind ?? 'INTERNAL', message: record.error?.message ?? 'The run failed.', status: record.error?.status ?? null } : null,
  };
}
