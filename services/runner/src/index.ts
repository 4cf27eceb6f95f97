export { startRunnerApi, type RunnerApi, type RunnerApiOptions } from './api/server.js';
export { startRunWorker, type RunWorker, type RunWorkerOptions } from './worker.js';
export { type ProviderConfig, type ProviderDatabaseOptions, type ProviderRegistryOptions } from './providers/provider-registry.js';
export { providersFromEnv } from './providers/providers-from-env.js';
export { type ProviderLimits } from './limits/provider-limiter.js';
export { parseEncryptionKey } from './providers/secret-box.js';
