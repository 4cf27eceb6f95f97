import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/**
 * A logger that keeps every line, at debug level, for tests that search the
 * logs for secrets. It adds no redaction of its own: what it sees is what the
 * services' own redaction let through.
 */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, lines };
}
