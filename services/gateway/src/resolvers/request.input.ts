import { MAX_LOG_BATCH, requestFilterSchema, type LogRequestItem, type RequestFilter } from '@reprise/contracts';
import type { LogRequestInput, RequestFilter as RequestFilterInput } from '../__generated__/resolvers-types.js';
import { badUserInput } from '../errors.js';
import { defined, parseInput } from './graphql-input.js';

/** The GraphQL filter as the history API takes it; BAD_USER_INPUT naming `filter.<field>` otherwise. */
export function toFilter(input: RequestFilterInput | null | undefined): RequestFilter {
  if (!input) return {};
  return parseInput(requestFilterSchema, defined(input), 'filter');
}

/** The item as the history API takes it: GraphQL's nulls dropped, a missing total of tokens filled in. */
function toLogItem(input: LogRequestInput): LogRequestItem {
  return defined({
    ...input,
    error: input.error ? defined(input.error) : undefined,
    usage: input.usage
      ? { ...input.usage, totalTokens: input.usage.totalTokens ?? input.usage.promptTokens + input.usage.completionTokens }
      : undefined,
  }) as LogRequestItem;
}

/**
 * The items as history takes them. History checks every field of every
 * item (checkedLogRequestItemSchema, the bodies' JSON included) before it
 * stores any, and its refusal names the field, which the gateway passes on
 * under the argument (`inputs.3.startedAt`): checking here as well cost the
 * gateway a tenth of its CPU per logged request (bench ingest --profile).
 * The batch's size is checked here, before it is sent.
 */
export function toLogItems(inputs: LogRequestInput[], path: 'inputs' | 'input'): LogRequestItem[] {
  if (path === 'inputs') {
    if (inputs.length === 0) throw badUserInput([{ field: 'inputs', message: 'at least one request is required' }]);
    if (inputs.length > MAX_LOG_BATCH) {
      throw badUserInput([{ field: 'inputs', message: `at most ${MAX_LOG_BATCH} requests per call, got ${inputs.length}` }]);
    }
  }
  return inputs.map(toLogItem);
}
