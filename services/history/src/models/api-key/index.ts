export { ApiKeyRepository, hashKey } from './api-key.repository.js';
export { apiKeyModel, type ApiKeyDoc, type ApiKeyModel } from './api-key.schema.js';
