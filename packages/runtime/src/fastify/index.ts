export * from './zod-type-provider.js';
export * from './zod-validation.js';
