export * from './zod-validation.js';
