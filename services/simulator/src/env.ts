import { z } from 'zod';

// An empty variable (as docker compose passes for `FOO=`) means "not set", so
// the default applies instead of failing on "".
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const count = (fallback: number, max: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(max).default(fallback));

export const envSchema = z.object({
  SIMULATOR_PORT: count(4010, 65_535),
  SIMULATOR_HOST: z.preprocess(unsetIfEmpty, z.string().default('127.0.0.1')),
  SIM_TTFT_MS: count(0, 600_000),
  SIM_TOKEN_DELAY_MS: count(0, 600_000),
  SIM_TOKENS: count(16, 100_000),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});
export type Env = z.infer<typeof envSchema>;

/** Parses the simulator's variables; throws one message naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `  ${name}=${JSON.stringify(source[name] ?? '')}: ${issue.message}`;
  });
  throw new Error(`Invalid simulator environment:\n${lines.join('\n')}`);
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    // Stop before anything listens: a half-configured simulator would make
    // every test that uses it fail with a less useful message.
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** The one place the simulator reads process.env; only the CLI entry imports it. */
export const env = loadEnv();
