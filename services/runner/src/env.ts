import { envFields, parseEnv } from '@reprise/contracts/runtime';
import { z } from 'zod';

const schema = z.object({
  RUNNER_PORT: envFields.port(4002),
  RUNNER_HOST: envFields.host,
  REDIS_URL: envFields.redisUrl,
  /** Prefix of every BullMQ key; tests and side-by-side stacks use their own. */
  QUEUE_PREFIX: z.string().min(1).default('reprise'),
  /** The simulator's OpenAI-compatible base URL, always offered as "Local simulator". */
  SIMULATOR_URL: envFields.httpUrl.default('http://127.0.0.1:4010/v1'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: envFields.httpUrl.optional(),
  OPENAI_MODELS: z.string().default('gpt-4o-mini,gpt-4o,gpt-4.1-mini,gpt-4.1'),
  /** Provider used when a run names none: `openai` when a key is set, else the simulator. */
  DEFAULT_PROVIDER: z.enum(['simulator', 'openai']).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(100),
  /** How long a run's event stream is kept after the run ends. */
  RUN_STREAM_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  LOG_LEVEL: envFields.logLevel,
  LOG_PRETTY: envFields.logPretty,
});

export type RunnerEnv = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  return parseEnv('runner', schema, source);
}
