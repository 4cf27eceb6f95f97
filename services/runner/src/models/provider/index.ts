export { DuplicateProviderNameError, ProviderRepository, type NewProviderDoc, type ProviderFields } from './provider.repository.js';
export { providerModel, providerSchema, type ProviderDoc, type ProviderMongoModel, type StoredModel } from './provider.schema.js';
