// The whole stack in one process, the operations a client sends, and the
// helpers the cross-service tests (and the benchmarks) share.
export * from './operations.js';
export * from './stack.js';
export { captureLogs } from '@reprise/runtime/testing';
