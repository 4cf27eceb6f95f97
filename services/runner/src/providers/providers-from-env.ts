import { OPENAI_BASE_URL, providerLimits, type ProviderConfig } from './provider-config.js';
import type { ProviderRegistryOptions } from './provider-registry.js';

/** What `providersFromEnv` reads of the runner's env (see env.ts). */
export interface EnvProviders {
  SIMULATOR_URL: string;
  SIMULATOR_CONCURRENCY?: number | undefined;
  SIMULATOR_RPM?: number | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODELS: string;
  OPENAI_CONCURRENCY?: number | undefined;
  OPENAI_RPM?: number | undefined;
  DEFAULT_PROVIDER?: 'simulator' | 'openai' | undefined;
  MONGO_URL: string;
  RUNNER_DB: string;
  PROVIDER_ENCRYPTION_KEY: string;
}

/**
 * The providers available without any setup (the simulator always, OpenAI
 * when a key is set), each with its limits from env, and where the rest
 * are stored.
 */
export function providersFromEnv(env: EnvProviders): ProviderRegistryOptions {
  const providers: ProviderConfig[] = [
    {
      id: 'simulator',
      label: 'Local simulator',
      kind: 'openai-compatible',
      baseURL: env.SIMULATOR_URL,
      apiKey: 'simulator',
      models: ['sim-fast', 'sim-large'],
      limits: providerLimits({ rpm: env.SIMULATOR_RPM, concurrency: env.SIMULATOR_CONCURRENCY }),
    },
  ];
  if (env.OPENAI_API_KEY) {
    providers.push({
      id: 'openai',
      label: 'OpenAI',
      kind: 'openai',
      baseURL: env.OPENAI_BASE_URL ?? OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      models: env.OPENAI_MODELS.split(',').map((m) => m.trim()).filter(Boolean),
      limits: providerLimits({ rpm: env.OPENAI_RPM, concurrency: env.OPENAI_CONCURRENCY }),
    });
  }
  const defaultProvider = env.DEFAULT_PROVIDER ?? (env.OPENAI_API_KEY ? 'openai' : 'simulator');
  return {
    providers,
    defaultProvider,
    database: { mongoUrl: env.MONGO_URL, dbName: env.RUNNER_DB, encryptionKey: env.PROVIDER_ENCRYPTION_KEY },
  };
}
