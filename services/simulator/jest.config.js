import base from '../../jest.config.base.js';

export default { ...base, displayName: 'simulator', rootDir: import.meta.dirname };
