import { DEFAULT_SIM_OPTIONS, headerOptions, markerOptions, parseMarkers, resolveOptions, SimOptionError } from '../options.js';

const user = (content: string) => ({ role: 'user', content });

describe('parseMarkers', () => {
  it('reads key=value pairs and bare flags', () => {
    expect(parseMarkers('hi [sim ttft=50 delay=5 tokens=20] and [sim tool]')).toEqual({
      ttftMs: 50,
      delayMs: 5,
      tokens: 20,
      toolCall: true,
    });
    expect(parseMarkers('[sim fail=429 retry-after=2] [sim drop-after=5]')).toEqual({ fail: 429, retryAfterSec: 2, dropAfter: 5 });
  });

  it('ignores text without markers', () => {
    expect(parseMarkers('a [simulated] b [sim] c')).toEqual({});
  });

  it('rejects unknown keys and bad values with a message naming them', () => {
    expect(() => parseMarkers('[sim ttf=5]')).toThrow(SimOptionError);
    expect(() => parseMarkers('[sim ttf=5]')).toThrow(/"ttf"/);
    expect(() => parseMarkers('[sim fail=418]')).toThrow(/one of 400, 401, 429, 500, 503, got "418"/);
    expect(() => parseMarkers('[sim delay=-1]')).toThrow(/non-negative integer/);
  });
});

describe('markerOptions', () => {
  it('reads markers in any message, later ones winning', () => {
    const messages = [{ role: 'system', content: '[sim ttft=10 tokens=3]' }, user('[sim tokens=4]')];
    expect(markerOptions(messages)).toEqual({ ttftMs: 10, tokens: 4 });
  });

  it('takes the tool flag only from the last user message', () => {
    const earlier = [user('[sim tool] weather?'), { role: 'assistant', content: 'sunny' }, user('thanks')];
    expect(markerOptions(earlier).toolCall).toBeUndefined();
    expect(markerOptions([user('weather? [sim tool]')]).toolCall).toBe(true);
  });
});

describe('headerOptions', () => {
  it('reads the x-sim-* headers', () => {
    expect(
      headerOptions({
        'x-sim-ttft-ms': '7',
        'x-sim-delay-ms': '3',
        'x-sim-tokens': '9',
        'x-sim-fail': '500',
        'x-sim-retry-after': '4',
        'x-sim-drop-after': '2',
        'x-sim-tool-call': '1',
      }),
    ).toEqual({ ttftMs: 7, delayMs: 3, tokens: 9, fail: 500, retryAfterSec: 4, dropAfter: 2, toolCall: true });
  });

  it('names the header of a bad value', () => {
    expect(() => headerOptions({ 'x-sim-tokens': 'many' })).toThrow(/x-sim-tokens/);
  });
});

describe('resolveOptions', () => {
  it('lets headers override defaults and markers override headers', () => {
    const options = resolveOptions({ ttftMs: 1, delayMs: 1, tokens: 1 }, { 'x-sim-delay-ms': '2', 'x-sim-tokens': '2' }, [
      user('[sim tokens=3]'),
    ]);
    expect(options).toEqual({ ...DEFAULT_SIM_OPTIONS, ttftMs: 1, delayMs: 2, tokens: 3 });
  });
});
