import { PROVIDER_CHANGED_CHANNEL, type ModelInfo, type ModelPrice, type ProviderKind } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { Redis } from 'ioredis';
import type OpenAI from 'openai';
import { openRunnerDatabase, type RunnerDatabase } from '../models/database.js';
import { createProviderClient } from './provider-client.js';
import { OPENAI_BASE_URL, type ProviderConfig } from './provider-config.js';
import { ProviderStore } from './provider-store.js';
import { SecretBox } from './secret-box.js';

export type { ProviderConfig } from './provider-config.js';

/** A run named a provider its workspace does not have (or that does not exist at all). */
export class UnknownProviderError extends Error {
  constructor(readonly providerId: string) {
    super(`unknown provider "${providerId}"`);
  }
}

/** A provider ready to call. */
export interface ResolvedProvider {
  id: string;
  kind: ProviderKind;
  label: string;
  builtIn: boolean;
  /** Created once per provider and reused (keep-alive connections) until the provider changes. */
  client: OpenAI;
  /** What the limiter enforces for this provider across all workers. */
  limits: { rpm?: number; concurrency?: number };
  /** The provider's own prices by model id; pass to `costOf` as its extra table. */
  prices: Record<string, ModelPrice>;
  /** The configured model ids. */
  models: string[];
}

export interface ProviderRegistry {
  defaultProvider: string;
  /** Every workspace's providers: the simulator and the env's OpenAI. */
  builtIns: readonly ProviderConfig[];
  /** Workspaces' own providers, to list and change them. */
  store: ProviderStore;
  /** A built-in or one of the workspace's providers; throws UnknownProviderError otherwise. */
  resolve(workspaceId: string, providerId: string): Promise<ResolvedProvider>;
  /** The model picker's list: built-ins first, then the workspace's providers. */
  models(workspaceId?: string): Promise<ModelInfo[]>;
  close(): Promise<void>;
}

export interface ProviderDatabaseOptions {
  /** Server URL without a database name. */
  mongoUrl: string;
  /** @default 'runner' */
  dbName?: string;
  /** 32 bytes, as 64 hex characters or base64: seals provider credentials (AES-256-GCM). */
  encryptionKey: string;
}

export interface ProviderRegistryOptions {
  /** The built-in providers, offered to every workspace. */
  providers: ProviderConfig[];
  /** @default the first provider */
  defaultProvider?: string;
  /** Where workspaces' own providers are stored. */
  database: ProviderDatabaseOptions;
  /** Provider request timeout in ms. @default 600_000 */
  timeoutMs?: number;
  /**
   * How long a resolved provider is trusted. Changes reach every process at
   * once over Redis; this bounds staleness should one message be missed
   * (a reconnect). @default 60_000
   */
  cacheMs?: number;
}

export interface ProviderRegistryDeps {
  /** For change announcements between runner processes. */
  redisUrl: string;
  logger: Logger;
}

interface CacheEntry {
  workspaceId: string;
  expiresAt: number;
  provider: Promise<ResolvedProvider>;
}

/** Resolved workspace providers kept at most; the oldest go first. */
const MAX_CACHED = 10_000;

function resolvedFrom(config: ProviderConfig, builtIn: boolean, timeoutMs: number): ResolvedProvider {
  return {
    id: config.id,
    kind: config.kind ?? 'openai-compatible',
    label: config.label,
    builtIn,
    client: createProviderClient(config, timeoutMs),
    limits: config.limits ?? {},
    prices: config.prices ?? {},
    models: config.models,
  };
}

/**
 * Opens the runner database and returns the registry of every provider a
 * run can name. Clients are cached per provider; a change made through the
 * store is announced on Redis so every runner process (API and workers)
 * drops its cached client at once.
 */
export async function openProviderRegistry(options: ProviderRegistryOptions, deps: ProviderRegistryDeps): Promise<ProviderRegistry> {
  const { providers: builtIns, timeoutMs = 600_000, cacheMs = 60_000 } = options;
  const fallback = options.defaultProvider ?? builtIns[0]?.id;
  if (!fallback || !builtIns.some((p) => p.id === fallback)) throw new Error(`default provider "${String(fallback)}" is not configured`);
  const box = new SecretBox(options.database.encryptionKey);
  const db: RunnerDatabase = await openRunnerDatabase(options.database);

  const builtInById = new Map(builtIns.map((p) => [p.id, resolvedFrom(p, true, timeoutMs)]));
  const cache = new Map<string, CacheEntry>();

  const publisher = new Redis(deps.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  const subscriber = new Redis(deps.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  subscriber.on('message', (_channel: string, providerId: string) => cache.delete(providerId));
  subscriber.on('error', (err) => deps.logger.warn({ err }, 'provider change subscription error'));
  await subscriber.subscribe(PROVIDER_CHANGED_CHANNEL);

  // The writing process drops its own entry before it answers, so its next
  // read sees the change even before the announcement comes back. The write
  // is done by then: a failed announcement must not report it as failed (the
  // other processes catch up within cacheMs).
  const store = new ProviderStore(db.providers, box, async (providerId) => {
    cache.delete(providerId);
    await publisher
      .publish(PROVIDER_CHANGED_CHANNEL, providerId)
      .catch((err: unknown) => deps.logger.warn({ err, providerId }, 'could not announce a provider change'));
  });

  async function load(workspaceId: string, providerId: string): Promise<ResolvedProvider> {
    const config = await store.config(workspaceId, providerId);
    if (!config) throw new UnknownProviderError(providerId);
    return resolvedFrom(config, false, timeoutMs);
  }

  return {
    defaultProvider: fallback,
    builtIns,
    store,
    async resolve(workspaceId, providerId) {
      const builtIn = builtInById.get(providerId);
      if (builtIn) return builtIn;
      const now = Date.now();
      const cached = cache.get(providerId);
      // The entry remembers its workspace: another workspace naming the same id is refused, not served.
      if (cached && cached.expiresAt > now) {
        if (cached.workspaceId !== workspaceId) throw new UnknownProviderError(providerId);
        return cached.provider;
      }
      // The promise is cached, so concurrent runs of a cold provider read the database once.
      const provider = load(workspaceId, providerId);
      cache.set(providerId, { workspaceId, expiresAt: now + cacheMs, provider });
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
      provider.catch(() => {
        if (cache.get(providerId)?.provider === provider) cache.delete(providerId);
      });
      return provider;
    },
    async models(workspaceId) {
      const own = workspaceId ? await store.list(workspaceId) : [];
      return [
        ...builtIns.flatMap((p) =>
          p.models.map((name, i) => ({ provider: p.id, providerLabel: p.label, name, isDefault: p.id === fallback && i === 0 })),
        ),
        ...own.flatMap((p) => p.models.map((m) => ({ provider: p.id, providerLabel: p.name, name: m.id, isDefault: false }))),
      ];
    },
    async close() {
      cache.clear();
      subscriber.disconnect();
      publisher.disconnect();
      await db.close();
    },
  };
}

export interface EnvProviders {
  SIMULATOR_URL: string;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODELS: string;
  DEFAULT_PROVIDER?: 'simulator' | 'openai' | undefined;
  MONGO_URL: string;
  RUNNER_DB: string;
  PROVIDER_ENCRYPTION_KEY: string;
}

/** The providers available without any setup (the simulator always, OpenAI when a key is set), and where the rest are stored. */
export function providersFromEnv(env: EnvProviders): ProviderRegistryOptions {
  const providers: ProviderConfig[] = [
    { id: 'simulator', label: 'Local simulator', kind: 'openai-compatible', baseURL: env.SIMULATOR_URL, apiKey: 'simulator', models: ['sim-fast', 'sim-large'] },
  ];
  if (env.OPENAI_API_KEY) {
    providers.push({
      id: 'openai',
      label: 'OpenAI',
      kind: 'openai',
      baseURL: env.OPENAI_BASE_URL ?? OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      models: env.OPENAI_MODELS.split(',').map((m) => m.trim()).filter(Boolean),
    });
  }
  const defaultProvider = env.DEFAULT_PROVIDER ?? (env.OPENAI_API_KEY ? 'openai' : 'simulator');
  return {
    providers,
    defaultProvider,
    database: { mongoUrl: env.MONGO_URL, dbName: env.RUNNER_DB, encryptionKey: env.PROVIDER_ENCRYPTION_KEY },
  };
}
