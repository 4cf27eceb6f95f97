import { z } from 'zod';

/**
 * Parses a process's environment once at start. A missing or malformed
 * variable stops the process with a message naming each one, instead of
 * failing later somewhere far from the cause.
 */
export function parseEnv<T extends z.ZodType>(service: string, schema: T, source: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  process.stderr.write(`${service}: invalid configuration\n${lines.join('\n')}\n`);
  process.exit(1);
}

/** Env values for common settings. */
export const envFields = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  host: z.string().min(1).default('127.0.0.1'),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  httpUrl: z.url({ protocol: /^https?$/ }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logPretty: z
    .enum(['0', '1', 'true', 'false'])
    .default('false')
    .transform((v) => v === '1' || v === 'true'),
};
