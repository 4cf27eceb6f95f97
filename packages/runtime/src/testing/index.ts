export * from './capture-logs.js';
export * from './redis-keys.js';
