export * from './chat.js';
export * from './errors.js';
export * from './history.js';
export * from './queues.js';
export * from './runs.js';
