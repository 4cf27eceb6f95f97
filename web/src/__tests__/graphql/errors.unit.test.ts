import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { isUnauthenticated, isUnauthorizedClose } from '../../graphql/errors';

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
