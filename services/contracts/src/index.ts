export * from './chat.js';
export * from './errors.js';
export * from './history.js';
export * from './logging.js';
export * from './pricing.js';
export * from './queues.js';
export * from './runs.js';
export * from './workspaces.js';
