export { startRunnerApi, type RunnerApi, type RunnerApiOptions } from './api/server.js';
export { startRunWorker, type RunWorker, type RunWorkerOptions } from './worker.js';
export {
  providersFromEnv,
  type ProviderConfig,
  type ProviderDatabaseOptions,
  type ProviderRegistryOptions,
} from './providers/provider-registry.js';
export { parseEncryptionKey } from './providers/secret-box.js';
