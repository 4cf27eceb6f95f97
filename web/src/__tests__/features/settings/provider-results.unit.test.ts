import { describeRefresh, describeTest, modelChanges } from '../../../features/settings/providers/provider-results';

describe('describeTest', () => {
  it('says ok with the call made and its latency', () => {
    expect(describeTest({ ok: true, call: 'chat', model: 'sim-fast', latencyMs: 1234 })).toBe('Connected: a one-token chat with sim-fast answered in 1,234 ms.');
    expect(describeTest({ ok: true, call: 'models', latencyMs: 80 })).toBe('Connected: the model list answered in 80 ms.');
  });

  it("says the provider's own message and status when it failed", () => {
    expect(describeTest({ ok: false, call: 'chat', model: 'gpt-4o', status: 401, message: 'Incorrect API key provided: sk-…abcd.', latencyMs: 95 })).toBe(
      'HTTP 401: Incorrect API key provided: sk-…abcd. (a one-token chat with gpt-4o, after 95 ms)',
    );
    expect(describeTest({ ok: false, call: 'models', status: null, message: 'connect ECONNREFUSED 127.0.0.1:9', latencyMs: 3 })).toBe(
      'connect ECONNREFUSED 127.0.0.1:9 (the model list, after 3 ms)',
    );
  });
});

describe('what a refresh changed', () => {
  it('lists the ids added and removed, in list order', () => {
    expect(modelChanges(['a', 'b', 'ft:x'], ['a', 'ft:x', 'c', 'd'])).toEqual({ added: ['c', 'd'], removed: ['b'] });
  });

  it('in a sentence', () => {
    expect(describeRefresh(['sim-fast'], ['sim-fast', 'sim-large'])).toBe('1 model added: sim-large.');
    expect(describeRefresh([], ['a', 'b'])).toBe('2 models added: a, b.');
    expect(describeRefresh(['a', 'old'], ['a', 'new'])).toBe('1 model added: new; 1 model no longer listed, removed: old.');
    expect(describeRefresh(['a', 'b'], ['b', 'a'])).toBe('No change: the provider lists the same 2 models.');
  });
});
