import type { ModelInfo } from '@reprise/contracts';
import OpenAI from 'openai';

export interface ProviderConfig {
  /** Stable id used in runs and history, e.g. `simulator`, `openai`. */
  id: string;
  /** What users see. */
  label: string;
  baseURL: string;
  apiKey: string;
  /** Models offered in the model picker; runs may name any other id too. */
  models: string[];
}

export interface ProviderRegistry {
  defaultProvider: string;
  has(id: string): boolean;
  models(): ModelInfo[];
  /** The SDK client for a provider, created once and reused (keep-alive connections). */
  client(id: string): OpenAI;
  close(): void;
}

export interface ProviderRegistryOptions {
  providers: ProviderConfig[];
  /** @default the first provider */
  defaultProvider?: string;
  /** Provider request timeout in ms. @default 600_000 */
  timeoutMs?: number;
}

export function createProviderRegistry({ providers, defaultProvider, timeoutMs = 600_000 }: ProviderRegistryOptions): ProviderRegistry {
  const byId = new Map(providers.map((p) => [p.id, p]));
  const fallback = defaultProvider ?? providers[0]?.id;
  if (!fallback || !byId.has(fallback)) throw new Error(`default provider "${String(fallback)}" is not configured`);
  const clients = new Map<string, OpenAI>();

  return {
    defaultProvider: fallback,
    has: (id) => byId.has(id),
    models: () =>
      providers.flatMap((p) =>
        p.models.map((name, i) => ({ provider: p.id, providerLabel: p.label, name, isDefault: p.id === fallback && i === 0 })),
      ),
    client(id) {
      let client = clients.get(id);
      if (!client) {
        const provider = byId.get(id);
        if (!provider) throw new Error(`unknown provider "${id}"`);
        // Retries are ours (DESIGN.md, "Calling providers"): the SDK would
        // otherwise retry 429 and 5xx on its own, unseen and uncounted.
        client = new OpenAI({ baseURL: provider.baseURL, apiKey: provider.apiKey, maxRetries: 0, timeout: timeoutMs });
        clients.set(id, client);
      }
      return client;
    },
    close() {
      clients.clear();
    },
  };
}

export interface EnvProviders {
  SIMULATOR_URL: string;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODELS: string;
  DEFAULT_PROVIDER?: 'simulator' | 'openai' | undefined;
}

/** The providers available without any setup: the simulator always, OpenAI when a key is set. */
export function providersFromEnv(env: EnvProviders): ProviderRegistryOptions {
  const providers: ProviderConfig[] = [
    { id: 'simulator', label: 'Local simulator', baseURL: env.SIMULATOR_URL, apiKey: 'simulator', models: ['sim-fast', 'sim-large'] },
  ];
  if (env.OPENAI_API_KEY) {
    providers.push({
      id: 'openai',
      label: 'OpenAI',
      baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      apiKey: env.OPENAI_API_KEY,
      models: env.OPENAI_MODELS.split(',').map((m) => m.trim()).filter(Boolean),
    });
  }
  const defaultProvider = env.DEFAULT_PROVIDER ?? (env.OPENAI_API_KEY ? 'openai' : 'simulator');
  return { providers, defaultProvider };
}
