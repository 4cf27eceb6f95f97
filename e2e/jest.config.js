import base from '../jest.config.base.js';

export default { ...base, displayName: 'e2e', rootDir: import.meta.dirname };
