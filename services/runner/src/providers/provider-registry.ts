import type { ModelInfo, ModelPrice, ProviderKind, RedisKeys } from '@reprise/contracts';
import type { Logger } from '@reprise/runtime';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type OpenAI from 'openai';
import type { ProviderLimits } from '../limits/provider-limiter.js';
import { openRunnerDatabase } from '../models/database.js';
import { createProviderClient } from './provider-client.js';
import type { ProviderConfig } from './provider-config.js';
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
  limits: ProviderLimits;
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
  /** As `resolve`, but null for a provider the workspace does not have. */
  find(workspaceId: string, providerId: string): Promise<ResolvedProvider | null>;
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
  /** The built-in providers, offered to every workspace, each with its own `limits`. */
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
  /** The deployment's keys: the change channel is under its prefix. */
  keys: RedisKeys;
  logger: Logger;
}

/** A workspace's provider, cached with the workspace it belongs to. */
interface CacheEntry {
  workspaceId: string;
  provider: ResolvedProvider;
}

/** Resolved workspace providers kept at most; the least recently used go first. */
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
  const { keys, logger } = deps;
  const fallback = options.defaultProvider ?? builtIns[0]?.id;
  if (!fallback || !builtIns.some((p) => p.id === fallback)) throw new Error(`default provider "${String(fallback)}" is not configured`);
  const box = new SecretBox(options.database.encryptionKey);
  const db = await openRunnerDatabase(options.database);

  const builtInById = new Map(builtIns.map((p) => [p.id, resolvedFrom(p, true, timeoutMs)]));
  // `fetch` loads a cold provider once for every caller waiting on it, and
  // keeps nothing when the load fails. A change deletes the entry: a load
  // still in flight then answers its callers but is not stored
  // (`ignoreFetchAbort`), as it may predate the change.
  const cache = new LRUCache<string, CacheEntry, string>({
    max: MAX_CACHED,
    ttl: cacheMs,
    ignoreFetchAbort: true,
    fetchMethod: async (providerId, _stale, { context: workspaceId }) => {
      const config = await store.config(workspaceId, providerId);
      if (!config) throw new UnknownProviderError(providerId);
      return { workspaceId, provider: resolvedFrom(config, false, timeoutMs) };
    },
  });

  const publisher = new Redis(deps.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  const subscriber = new Redis(deps.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  subscriber.on('message', (_channel: string, providerId: string) => cache.delete(providerId));
  subscriber.on('error', (err) => logger.warn({ err }, 'provider change subscription error'));
  await subscriber.subscribe(keys.providerChanged);

  // The writing process drops its own entry before it answers, so its next
  // read sees the change even before the announcement comes back. The write
  // is done by then: a failed announcement must not report it as failed (the
  // other processes catch up within cacheMs).
  const store = new ProviderStore(db.providers, box, async (providerId) => {
    cache.delete(providerId);
    await publisher
      .publish(keys.providerChanged, providerId)
      .catch((err: unknown) => logger.warn({ err, providerId }, 'could not announce a provider change'));
  });

  async function resolve(workspaceId: string, providerId: string): Promise<ResolvedProvider> {
    const builtIn = builtInById.get(providerId);
    if (builtIn) return builtIn;
    const entry = await cache.fetch(providerId, { context: workspaceId });
    // The entry remembers its workspace: another workspace naming the same id is refused, not served.
    if (!entry || entry.workspaceId !== workspaceId) throw new UnknownProviderError(providerId);
    return entry.provider;
  }

  return {
    defaultProvider: fallback,
    builtIns,
    store,
    resolve,
    async find(workspaceId, providerId) {
      try {
        return await resolve(workspaceId, providerId);
      } catch (err) {
        if (err instanceof UnknownProviderError) return null;
        throw err;
      }
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
