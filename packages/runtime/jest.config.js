import base from '../../jest.config.base.js';

export default { ...base, displayName: 'runtime', rootDir: import.meta.dirname };
