import { envFields, parseEnv } from '@reprise/runtime';
import { z } from 'zod';

const schema = z.object({
  GATEWAY_PORT: envFields.port(4000),
  GATEWAY_HOST: envFields.host,
  HISTORY_URL: envFields.httpUrl,
  RUNNER_URL: envFields.httpUrl,
  REDIS_URL: envFields.redisUrl,
  REDIS_PREFIX: envFields.redisPrefix,
  MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  LOG_LEVEL: envFields.logLevel,
  LOG_PRETTY: envFields.logPretty,
});

export type GatewayEnv = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv('gateway', schema, source);
}
