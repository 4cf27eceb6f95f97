import base from '../jest.config.base.js';

const [swc, swcOptions] = base.transform['^.+\\.tsx?$'];

/*
 * Unit tests (*.test.ts) run in Node as everywhere else. Component tests, the
 * *.test.tsx files under src/__tests__/components, ask for jsdom in their own
 * docblock (`@jest-environment jsdom`): one project serves both, and no unit
 * test gets a DOM it should not need.
 */
export default {
  ...base,
  displayName: 'web',
  rootDir: import.meta.dirname,
  testMatch: ['<rootDir>/src/**/__tests__/**/*.test.ts', '<rootDir>/src/__tests__/components/**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': [swc, { ...swcOptions, jsc: { ...swcOptions.jsc, transform: { react: { runtime: 'automatic' } } } }],
  },
  moduleNameMapper: {
    ...base.moduleNameMapper,
    // Vite bundles the components' CSS; in Jest an import of it is an empty module.
    '\\.css$': '<rootDir>/src/__tests__/components/support/style-stub.ts',
  },
};
