import { z } from 'zod';

/** A process's environment refused: the message names each bad variable (never its value, which may be a secret). */
export class InvalidEnvError extends Error {
  constructor(
    readonly service: string,
    readonly issues: { variable: string; message: string }[],
  ) {
    super(`${service}: invalid configuration\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
  }
}

export interface EnvOptions {
  /**
   * Read an empty variable as unset, so its default applies (docker compose
   * passes `FOO=` for `${FOO:-}`). Off, an empty value is checked like any
   * other: an empty key is refused rather than taken for "no key". @default false
   */
  emptyIsUnset?: boolean;
}

/**
 * Checks a process's environment against its schema and returns the typed
 * settings; throws InvalidEnvError naming every bad variable.
 */
export function readEnv<T extends z.ZodType>(service: string, schema: T, source: NodeJS.ProcessEnv = process.env, options: EnvOptions = {}): z.infer<T> {
  const present = options.emptyIsUnset ? Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')) : source;
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new InvalidEnvError(
    service,
    result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(env)', message: issue.message })),
  );
}

/**
 * Parses a process's environment once at start. A missing or malformed
 * variable stops the process with a message naming each one, instead of
 * failing later somewhere far from the cause.
 */
export function parseEnv<T extends z.ZodType>(service: string, schema: T, source: NodeJS.ProcessEnv = process.env, options: EnvOptions = {}): z.infer<T> {
  try {
    return readEnv(service, schema, source, options);
  } catch (err) {
    if (!(err instanceof InvalidEnvError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

/** Env values for common settings. */
export const envFields = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  host: z.string().min(1).default('127.0.0.1'),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  /** Prefix of every Redis key the project writes (BullMQ's too): deployments sharing a Redis each take their own. */
  redisPrefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('reprise'),
  httpUrl: z.url({ protocol: /^https?$/ }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logPretty: z
    .enum(['0', '1', 'true', 'false'])
    .default('false')
    .transform((v) => v === '1' || v === 'true'),
};
