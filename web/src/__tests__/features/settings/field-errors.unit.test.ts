import { CombinedError } from '@urql/core';
import { errorText, formErrors } from '../../../features/settings/field-errors';

const refusal = (issues: { field: string; message: string }[]) =>
  new CombinedError({
    graphQLErrors: [{ message: issues.map((i) => `${i.field}: ${i.message}`).join('; '), extensions: { code: 'BAD_USER_INPUT', field: issues[0]!.field, issues } }],
  });

const known = (path: string) => (['name', 'baseURL', 'limits.rpm'].includes(path) ? path : undefined);

describe('formErrors', () => {
  it('puts each issue next to the field it names, without the input. prefix, as a sentence', () => {
    const error = refusal([
      { field: 'input.baseURL', message: 'must be an http:// or https:// URL' },
      { field: 'input.limits.rpm', message: 'Too big' },
    ]);
    expect(formErrors(error, { fieldOf: known })).toEqual({
      fields: { baseURL: 'Must be an http:// or https:// URL', 'limits.rpm': 'Too big' },
      other: [],
    });
  });

  it('keeps the first message of a field named twice', () => {
    const error = refusal([
      { field: 'input.name', message: 'a name is required' },
      { field: 'input.name', message: 'too long' },
    ]);
    expect(formErrors(error, { fieldOf: known }).fields).toEqual({ name: 'A name is required' });
  });

  it('says an issue about a field the form does not show for the form as a whole', () => {
    const error = refusal([{ field: 'providerId', message: 'built-in providers are configured on the server and cannot be changed' }]);
    expect(formErrors(error, { fieldOf: known })).toEqual({ fields: {}, other: ['Built-in providers are configured on the server and cannot be changed'] });
  });

  it('reads extensions.field alone when there is no issues list, with the field dropped from the message', () => {
    const error = new CombinedError({ graphQLErrors: [{ message: 'name: a name of 1 to 100 characters is required', extensions: { code: 'BAD_USER_INPUT', field: 'name' } }] });
    expect(formErrors(error, { prefix: '', fieldOf: (p) => (p === 'name' ? 'name' : undefined) }).fields).toEqual({ name: 'A name of 1 to 100 characters is required' });
  });

  it("says other errors in the API's words, and a network failure as the gateway not answering", () => {
    const providerError = new CombinedError({ graphQLErrors: [{ message: 'Incorrect API key provided', extensions: { code: 'PROVIDER_ERROR', status: 401 } }] });
    expect(formErrors(providerError, { fieldOf: known })).toEqual({ fields: {}, other: ['Incorrect API key provided'] });
    const offline = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(errorText(offline)).toBe('The gateway did not answer: Failed to fetch');
  });

  it('has nothing to say without an error', () => {
    expect(formErrors(undefined, { fieldOf: known })).toEqual({ fields: {}, other: [] });
  });
});
