import { envFields, parseEnv } from '@reprise/runtime';
import { z } from 'zod';

const schema = z.object({
  HISTORY_PORT: envFields.port(4001),
  HISTORY_HOST: envFields.host,
  /** MongoDB (or FerretDB) server URL; the database name comes from HISTORY_DB. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
  HISTORY_DB: z.string().min(1).default('history'),
  REDIS_URL: envFields.redisUrl,
  /** Prefix of every Redis key (BullMQ's too); the same value as the runner's. */
  REDIS_PREFIX: z.string().min(1).default('reprise'),
  RECORD_CONCURRENCY: z.coerce.number().int().positive().default(50),
  LOG_LEVEL: envFields.logLevel,
  LOG_PRETTY: envFields.logPretty,
});

export type HistoryEnv = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): HistoryEnv {
  return parseEnv('history', schema, source);
}
