import { checkEnv } from '../env.js';

describe('the simulator env', () => {
  it('applies the defaults, treating empty values as unset', () => {
    expect(checkEnv({ SIMULATOR_PORT: '' })).toEqual({
      SIMULATOR_PORT: 4010,
      SIMULATOR_HOST: '127.0.0.1',
      SIM_TTFT_MS: 0,
      SIM_TOKEN_DELAY_MS: 0,
      SIM_TOKENS: 16,
      LOG_LEVEL: 'info',
      LOG_PRETTY: false,
    });
  });

  it('reads numbers', () => {
    expect(checkEnv({ SIM_TTFT_MS: '250', SIM_TOKENS: '8' })).toMatchObject({ SIM_TTFT_MS: 250, SIM_TOKENS: 8 });
  });

  it('names each malformed variable', () => {
    expect(() => checkEnv({ SIMULATOR_PORT: 'abc', LOG_LEVEL: 'loud' })).toThrow(/SIMULATOR_PORT[\s\S]*LOG_LEVEL/);
    expect(() => checkEnv({ SIM_TOKENS: '-1' })).toThrow(/SIM_TOKENS/);
  });
});
