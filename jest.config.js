/** @type {import('jest').Config} */
export default {
  projects: ['<rootDir>/services/*/jest.config.js', '<rootDir>/web/jest.config.js', '<rootDir>/infra/jest.config.js'],
};
