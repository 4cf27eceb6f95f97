import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { errorMessage, fieldIssues, isUnauthenticated, isUnauthorizedClose } from '../../graphql/errors';

describe('isUnauthenticated', () => {
  it("is true for the gateway's refusal of a key", () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError('This API key is unknown or revoked', { extensions: { code: 'UNAUTHENTICATED' } })],
      response: { status: 401 },
    });
    expect(isUnauthenticated(error)).toBe(true);
  });

  it('is false for other errors, and for none', () => {
    const refused = new CombinedError({ graphQLErrors: [new GraphQLError('model: required', { extensions: { code: 'BAD_USER_INPUT' } })] });
    expect(isUnauthenticated(refused)).toBe(false);
    expect(isUnauthenticated(new CombinedError({ networkError: new Error('Failed to fetch') }))).toBe(false);
    expect(isUnauthenticated(new CombinedError({ graphQLErrors: [new GraphQLError('Internal server error')], response: { status: 500 } }))).toBe(false);
    expect(isUnauthenticated(undefined)).toBe(false);
  });
});

describe('isUnauthorizedClose', () => {
  it('is true for 4401 only', () => {
    expect(isUnauthorizedClose({ code: 4401, reason: 'UNAUTHENTICATED: This API key is unknown or revoked' })).toBe(true);
    expect(isUnauthorizedClose({ code: 1000, reason: 'Normal Closure' })).toBe(false);
    expect(isUnauthorizedClose({ code: 4403, reason: 'Forbidden' })).toBe(false);
    expect(isUnauthorizedClose(new Error('socket hang up'))).toBe(false);
    expect(isUnauthorizedClose(null)).toBe(false);
  });
});

describe('fieldIssues', () => {
  it("lists the gateway's issues, each with its field", () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('filter.minCost: must be 0 or more; filter.startedAfter: invalid', {
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'filter.minCost',
            issues: [
              { field: 'filter.minCost', message: 'must be 0 or more' },
              { field: 'filter.startedAfter', message: 'invalid' },
            ],
          },
        }),
      ],
    });
    expect(fieldIssues(error)).toEqual([
      { field: 'filter.minCost', message: 'must be 0 or more' },
      { field: 'filter.startedAfter', message: 'invalid' },
    ]);
  });

  it('falls back on extensions.field, and is empty for other errors', () => {
    const one = new CombinedError({ graphQLErrors: [new GraphQLError('first: must be between 1 and 200', { extensions: { code: 'BAD_USER_INPUT', field: 'first' } })] });
    expect(fieldIssues(one)).toEqual([{ field: 'first', message: 'first: must be between 1 and 200' }]);
    expect(fieldIssues(new CombinedError({ graphQLErrors: [new GraphQLError('boom', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }))).toEqual([]);
    expect(fieldIssues(undefined)).toEqual([]);
  });
});

describe('errorMessage', () => {
  it("is the server's words, else the network's", () => {
    expect(errorMessage(new CombinedError({ graphQLErrors: [new GraphQLError('request not found')] }))).toBe('request not found');
    expect(errorMessage(new CombinedError({ networkError: new Error('Failed to fetch') }))).toBe('Failed to fetch');
  });
});
