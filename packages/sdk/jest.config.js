import base from '../../jest.config.base.js';

export default { ...base, displayName: 'sdk', rootDir: import.meta.dirname };
