export * from './capture-logs.js';
