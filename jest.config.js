import { existsSync } from 'node:fs';

// Every package with its own Jest config is a project of the one test command.
const candidates = ['gateway', 'history', 'runner', 'simulator']
  .map((s) => `services/${s}`)
  .concat(['contracts', 'runtime', 'sdk'].map((p) => `packages/${p}`))
  .concat(['e2e', 'web', 'infra', 'bench']);

/** @type {import('jest').Config} */
export default {
  // Global options only take effect here, not in the projects' configs.
  testTimeout: 60_000,
  projects: candidates.filter((dir) => existsSync(`${import.meta.dirname}/${dir}/jest.config.js`)).map((dir) => `<rootDir>/${dir}/jest.config.js`),
};
