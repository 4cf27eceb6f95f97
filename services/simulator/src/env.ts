import { envFields, parseEnv, readEnv } from '@reprise/runtime';
import { z } from 'zod';

const count = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

// docker compose passes the simulator's tuning as `${SIM_TTFT_MS:-}`: empty means the default.
const EMPTY_IS_UNSET = { emptyIsUnset: true };

export const envSchema = z.object({
  SIMULATOR_PORT: envFields.port(4010),
  SIMULATOR_HOST: envFields.host,
  SIM_TTFT_MS: count(0, 600_000),
  SIM_TOKEN_DELAY_MS: count(0, 600_000),
  SIM_TOKENS: count(16, 100_000),
  LOG_LEVEL: envFields.logLevel,
  LOG_PRETTY: envFields.logPretty,
});
export type Env = z.infer<typeof envSchema>;

/** Parses the simulator's variables; throws one message naming every bad variable. */
export function checkEnv(source: NodeJS.ProcessEnv): Env {
  return readEnv('simulator', envSchema, source, EMPTY_IS_UNSET);
}

/** The one place the simulator reads process.env; only the CLI entry calls it. Exits naming what is wrong. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv('simulator', envSchema, source, EMPTY_IS_UNSET);
}
