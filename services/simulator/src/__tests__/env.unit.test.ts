import { parseEnv } from '../env.js';

describe('parseEnv', () => {
  it('applies the defaults, treating empty values as unset', () => {
    expect(parseEnv({ SIMULATOR_PORT: '' })).toEqual({
      SIMULATOR_PORT: 4010,
      SIMULATOR_HOST: '127.0.0.1',
      SIM_TTFT_MS: 0,
      SIM_TOKEN_DELAY_MS: 0,
      SIM_TOKENS: 16,
      LOG_LEVEL: 'info',
    });
  });

  it('reads numbers', () => {
    expect(parseEnv({ SIM_TTFT_MS: '250', SIM_TOKENS: '8' })).toMatchObject({ SIM_TTFT_MS: 250, SIM_TOKENS: 8 });
  });

  it('names each malformed variable', () => {
    expect(() => parseEnv({ SIMULATOR_PORT: 'abc', LOG_LEVEL: 'loud' })).toThrow(/SIMULATOR_PORT="abc"[\s\S]*LOG_LEVEL="loud"/);
    expect(() => parseEnv({ SIM_TOKENS: '-1' })).toThrow(/SIM_TOKENS/);
  });
});
