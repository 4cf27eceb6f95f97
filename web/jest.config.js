import base from '../jest.config.base.js';

export default { ...base, displayName: 'web', rootDir: import.meta.dirname };
