import { logRequestItemSchema, MAX_LOG_BATCH, requestFilterSchema, type LogRequestItem, type RequestFilter } from '@reprise/contracts';
import type { LogRequestInput, RequestFilter as RequestFilterInput } from '../__generated__/resolvers-types.js';
import { badUserInput } from '../errors.js';
import { defined, parseInput } from './graphql-input.js';

/** The GraphQL filter as the history API takes it; BAD_USER_INPUT naming `filter.<field>` otherwise. */
export function toFilter(input: RequestFilterInput | null | undefined): RequestFilter {
  if (!input) return {};
  return parseInput(requestFilterSchema, defined(input), 'filter');
}

function toLogItem(input: LogRequestInput, path: string): LogRequestItem {
  const item = defined({
    ...input,
    error: input.error ? defined(input.error) : undefined,
    usage: input.usage
      ? { ...input.usage, totalTokens: input.usage.totalTokens ?? input.usage.promptTokens + input.usage.completionTokens }
      : undefined,
  });
  return parseInput(logRequestItemSchema, item, path);
}

/**
 * Checks every item before any is stored: one bad item refuses the whole
 * call. The bodies are checked as text here; whether they are JSON of a chat
 * request and a completion is checked by history, which parses them once to
 * read what it stores, and refuses the whole call naming the same field.
 */
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
