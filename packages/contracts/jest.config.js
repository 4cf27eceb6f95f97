import base from '../../jest.config.base.js';

export default { ...base, displayName: 'contracts', rootDir: import.meta.dirname };
