import { envFields, parseEnv } from '@reprise/runtime';
import { z } from 'zod';
import { parseEncryptionKey } from './providers/secret-box.js';

const schema = z.object({
  RUNNER_PORT: envFields.port(4002),
  RUNNER_HOST: envFields.host,
  REDIS_URL: envFields.redisUrl,
  /** MongoDB (or FerretDB) server URL for the runner's own database (providers); the name comes from RUNNER_DB. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  RUNNER_DB: z.string().min(1).default('runner'),
  /**
   * Seals provider credentials at rest (AES-256-GCM): 32 bytes as 64 hex
   * characters or base64. Losing it makes stored keys unreadable; the start
   * command generates one into .local/provider-encryption-key.
   */
  PROVIDER_ENCRYPTION_KEY: z.string().superRefine((value, ctx) => {
    try {
      parseEncryptionKey(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  /** Prefix of every Redis key and channel (BullMQ's included); tests and side-by-side stacks use their own. */
  REDIS_PREFIX: z.string().min(1).default('reprise'),
  /** The simulator's OpenAI-compatible base URL, always offered as "Local simulator". */
  SIMULATOR_URL: envFields.httpUrl.default('http://127.0.0.1:4010/v1'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: envFields.httpUrl.optional(),
  OPENAI_MODELS: z.string().default('gpt-4o-mini,gpt-4o,gpt-4.1-mini,gpt-4.1'),
  /** Provider used when a run names none: `openai` when a key is set, else the simulator. */
  DEFAULT_PROVIDER: z.enum(['simulator', 'openai']).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(100),
  /** History's HTTP API: the runner API reads bulk replays' selections from it. */
  HISTORY_URL: envFields.httpUrl.default('http://127.0.0.1:4001'),
  /**
   * Bulk replays processed at once by one worker process, on the `replays`
   * queue, beside (never instead of) WORKER_CONCURRENCY's interactive runs.
   * A replay waiting for its batch's concurrency holds none of these.
   */
  BULK_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(50),
  /** Attempts per run against the provider, the first included (429, 5xx, timeouts, lost connections). */
  RUN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  /** How soon a run whose worker died is taken up by another, in ms. */
  STALLED_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Limits of the built-in providers, across all workers (unset: none); they become the providers' own `limits`. */
  SIMULATOR_CONCURRENCY: z.coerce.number().int().positive().optional(),
  SIMULATOR_RPM: z.coerce.number().int().positive().optional(),
  OPENAI_CONCURRENCY: z.coerce.number().int().positive().optional(),
  OPENAI_RPM: z.coerce.number().int().positive().optional(),
  /** How long a run's event stream is kept after the run ends. */
  RUN_STREAM_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  LOG_LEVEL: envFields.logLevel,
  LOG_PRETTY: envFields.logPretty,
});

export type RunnerEnv = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  return parseEnv('runner', schema, source);
}
