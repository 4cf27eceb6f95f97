import base from '../../jest.config.base.js';

export default { ...base, displayName: 'gateway', rootDir: import.meta.dirname };
