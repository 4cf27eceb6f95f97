import { providersFromEnv, type EnvProviders } from '../../providers/providers-from-env.js';

const env: EnvProviders = {
  SIMULATOR_URL: 'http://127.0.0.1:4010/v1',
  OPENAI_MODELS: 'gpt-4o-mini, gpt-4o,',
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  RUNNER_DB: 'runner',
  PROVIDER_ENCRYPTION_KEY: 'k',
};

describe('providersFromEnv', () => {
  it('offers the simulator alone, without limits, when no OpenAI key is set', () => {
    const options = providersFromEnv(env);
    expect(options.providers).toEqual([expect.objectContaining({ id: 'simulator', limits: {} })]);
    expect(options.defaultProvider).toBe('simulator');
  });

  it("puts each built-in's limits from env on its own configuration", () => {
    const options = providersFromEnv({ ...env, OPENAI_API_KEY: 'sk-x', SIMULATOR_CONCURRENCY: 5, OPENAI_RPM: 500, OPENAI_CONCURRENCY: 20 });
    expect(options.providers.map((p) => [p.id, p.limits])).toEqual([
      ['simulator', { concurrency: 5 }],
      ['openai', { rpm: 500, concurrency: 20 }],
    ]);
    expect(options.providers[1]?.models).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(options.defaultProvider).toBe('openai');
  });
});
