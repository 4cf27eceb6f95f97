import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACT_PATHS } from '../logger.js';

/** One line logged with the service loggers' redaction, parsed back. */
function logged(obj: Record<string, unknown>): string {
  let line = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      line += String(chunk);
      done();
    },
  });
  pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink).info(obj, 'x');
  return line;
}

describe('REDACT_PATHS', () => {
  it.each([
    ['an API key at any usual depth', { apiKey: 'S1', body: { apiKey: 'S2' }, variables: { input: { apiKey: 'S3' } }, req: { body: { input: { apiKey: 'S4' } } } }],
    ['provider header values', { headers: [{ name: 'x-token', value: 'S1' }], input: { headers: [{ name: 'x', value: 'S2' }] }, variables: { input: { headers: [{ name: 'x', value: 'S3' }] } } }],
    ['auth headers', { headers: { authorization: 'Bearer S1', 'api-key': 'S2' }, req: { headers: { authorization: 'S3' } } }],
    ['the encryption key', { encryptionKey: 'S1', database: { encryptionKey: 'S2' }, PROVIDER_ENCRYPTION_KEY: 'S3' }],
  ])('censors %s', (_what, obj) => {
    const line = logged(obj);
    expect(line).toContain('[redacted]');
    expect(line).not.toMatch(/S\d/);
  });

  it('keeps header names, which say what was sent without giving it away', () => {
    expect(logged({ headers: [{ name: 'x-token', value: 'S1' }] })).toContain('x-token');
  });
});
