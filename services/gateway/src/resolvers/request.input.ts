import { logRequestItemSchema, MAX_LOG_BATCH, requestFilterSchema, type LogRequestItem, type RequestFilter } from '@reprise/contracts';
import { badUserInput } from '../errors.js';
import { defined, lower, parseInput } from './graphql-input.js';

type Status = 'COMPLETED' | 'FAILED' | 'CANCELLED';
type Source = 'API' | 'PLAYGROUND' | 'REPLAY' | 'BULK';

export interface RequestFilterInput {
  model?: string[] | null;
  provider?: string[] | null;
  status?: Status[] | null;
  source?: Source[] | null;
  tagsAny?: string[] | null;
  tagsAll?: string[] | null;
  metadata?: { key: string; value: unknown }[] | null;
  startedAfter?: string | null;
  startedBefore?: string | null;
  text?: string | null;
  batchId?: string | null;
  replayOf?: string | null;
  minLatencyMs?: number | null;
  maxLatencyMs?: number | null;
  minCost?: number | null;
  maxCost?: number | null;
}

/** The GraphQL filter as the history API takes it; BAD_USER_INPUT naming `filter.<field>` otherwise. */
export function toFilter(input: RequestFilterInput | null | undefined): RequestFilter {
  if (!input) return {};
  return parseInput(requestFilterSchema, defined({ ...input, status: lower(input.status), source: lower(input.source) }), 'filter');
}

export interface LogRequestInput {
  provider: string;
  model?: string | null;
  requestBody: string;
  responseBody?: string | null;
  status?: Status | null;
  error?: { kind?: string | null; message: string; status?: number | null } | null;
  startedAt: string;
  endedAt?: string | null;
  latencyMs?: number | null;
  ttftMs?: number | null;
  usage?: { promptTokens: number; completionTokens: number; totalTokens?: number | null } | null;
  cost?: number | null;
  tags?: string[] | null;
  metadata?: Record<string, unknown> | null;
  score?: number | null;
  externalId?: string | null;
}

function toLogItem(input: LogRequestInput, path: string): LogRequestItem {
  const item = defined({
    ...input,
    status: input.status?.toLowerCase(),
    error: input.error ? defined({ ...input.error, kind: input.error.kind?.toLowerCase() }) : undefined,
    usage: input.usage
      ? { ...input.usage, totalTokens: input.usage.totalTokens ?? input.usage.promptTokens + input.usage.completionTokens }
      : undefined,
  });
  return parseInput(logRequestItemSchema, item, path);
}

/** Checks every item before any is stored: one bad item refuses the whole call. */
export function toLogItems(inputs: LogRequestInput[], path: 'inputs' | 'input'): LogRequestItem[] {
  if (path === 'inputs') {
    if (inputs.length === 0) throw badUserInput([{ field: 'inputs', message: 'at least one request is required' }]);
    if (inputs.length > MAX_LOG_BATCH) {
      throw badUserInput([{ field: 'inputs', message: `at most ${MAX_LOG_BATCH} requests per call, got ${inputs.length}` }]);
    }
    return inputs.map((input, i) => toLogItem(input, `inputs.${i}`));
  }
  return inputs.map((input) => toLogItem(input, 'input'));
}
