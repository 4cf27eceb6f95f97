// The whole stack in one process and the operations a client sends, for
// tests and benchmarks of every package. Not part of the production build.
export * from './operations.js';
export * from './stack.js';
export * from './capture-logs.js';
