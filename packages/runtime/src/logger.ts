import { pino, type Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log line. Credentials travel as
 * `apiKey` fields and `authorization` headers; listing their usual nesting
 * depths keeps them out of every log even when an object is logged whole.
 * A provider's extra headers travel as `headers: [{ name, value }]` (values
 * may be credentials too) and the key that seals them as `encryptionKey`.
 */
export const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  '*.*.*.apiKey',
  'encryptionKey',
  '*.encryptionKey',
  '*.*.encryptionKey',
  'PROVIDER_ENCRYPTION_KEY',
  'headers[*].value',
  '*.headers[*].value',
  '*.*.headers[*].value',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["api-key"]',
  '*.headers["api-key"]',
];

export interface LoggerOptions {
  /** Service name, on every line. */
  name: string;
  /** @default 'info' */
  level?: string;
  /** Human-readable output for a terminal instead of JSON lines. @default false */
  pretty?: boolean;
}

/** One logger per process: JSON lines in production, pretty when asked, secrets redacted. */
export function createLogger({ name, level = 'info', pretty = false }: LoggerOptions): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
}

/** A logger that writes nothing, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export type { Logger };
