import { toolCallDifferences } from '../../compare/tool-calls.js';

const call = (name: string, args: unknown) => ({ name, arguments: typeof args === 'string' ? args : JSON.stringify(args) });

describe('tool call differences', () => {
  it('finds none between equal calls, arguments compared as JSON, not text', () => {
    expect(toolCallDifferences([call('get_weather', '{"city":"Paris","units":"c"}')], [call('get_weather', '{ "units": "c",\n "city": "Paris" }')])).toEqual([]);
  });

  it('names a changed function name and a changed argument by path', () => {
    expect(toolCallDifferences([call('get_weather', { city: 'Paris' })], [call('get_forecast', { city: 'Lyon' })])).toEqual([
      { path: 'calls[0].name', kind: 'changed', original: '"get_weather"', replay: '"get_forecast"' },
      { path: 'calls[0].arguments.city', kind: 'changed', original: '"Paris"', replay: '"Lyon"' },
    ]);
  });

  it('sees no difference in calls that are only reordered (the calls of a turn are a set)', () => {
    const a = call('get_weather', { city: 'Paris' });
    const b = call('get_time', { zone: 'CET' });
    expect(toolCallDifferences([a, b], [b, a])).toEqual([]);
  });

  it('pairs equal calls first, so parallel calls to one function in another order are no difference', () => {
    const paris = call('get_weather', { city: 'Paris' });
    const lyon = call('get_weather', { city: 'Lyon' });
    const rome = call('get_weather', { city: 'Rome' });
    expect(toolCallDifferences([paris, lyon], [lyon, paris])).toEqual([]);
    expect(toolCallDifferences([paris, lyon], [lyon, rome])).toEqual([{ path: 'calls[0].arguments.city', kind: 'changed', original: '"Paris"', replay: '"Rome"' }]);
  });

  it('pairs reordered calls by function before comparing, so a change lands on the right call', () => {
    const original = [call('get_weather', { city: 'Paris' }), call('get_time', { zone: 'CET' })];
    const replay = [call('get_time', { zone: 'UTC' }), call('get_weather', { city: 'Lyon' })];
    expect(toolCallDifferences(original, replay)).toEqual([
      { path: 'calls[0].arguments.city', kind: 'changed', original: '"Paris"', replay: '"Lyon"' },
      { path: 'calls[1].arguments.zone', kind: 'changed', original: '"CET"', replay: '"UTC"' },
    ]);
  });

  it('reports an added call at its index in the replay, and a removed one at its index in the original', () => {
    const a = call('get_weather', { city: 'Paris' });
    const b = call('get_time', { zone: 'CET' });
    expect(toolCallDifferences([a], [a, b])).toEqual([{ path: 'calls[1]', kind: 'added', replay: JSON.stringify(b) }]);
    expect(toolCallDifferences([a, b], [b])).toEqual([{ path: 'calls[0]', kind: 'removed', original: JSON.stringify(a) }]);
    expect(toolCallDifferences([], [])).toEqual([]);
  });

  it('diffs nested arguments field by field, keys with dots quoted', () => {
    const original = call('book', { trip: { from: { city: 'Paris', zip: '75001' }, when: '2025-03-01' }, 'a.b': 1, gone: true });
    const replay = call('book', { trip: { from: { city: 'Lyon', zip: '75001' }, when: '2025-03-01', seats: 2 }, 'a.b': 2 });
    expect(toolCallDifferences([original], [replay])).toEqual([
      { path: 'calls[0].arguments.trip.from.city', kind: 'changed', original: '"Paris"', replay: '"Lyon"' },
      { path: 'calls[0].arguments.trip.seats', kind: 'added', replay: '2' },
      { path: 'calls[0].arguments["a.b"]', kind: 'changed', original: '1', replay: '2' },
      { path: 'calls[0].arguments.gone', kind: 'removed', original: 'true' },
    ]);
  });

  it('diffs arrays in arguments item by item', () => {
    const original = call('send', { to: ['ann', 'bob'], tags: [{ k: 1 }] });
    const replay = call('send', { to: ['ann', 'cid', 'dan'], tags: [] });
    expect(toolCallDifferences([original], [replay])).toEqual([
      { path: 'calls[0].arguments.to[1]', kind: 'changed', original: '"bob"', replay: '"cid"' },
      { path: 'calls[0].arguments.to[2]', kind: 'added', replay: '"dan"' },
      { path: 'calls[0].arguments.tags[0]', kind: 'removed', original: '{"k":1}' },
    ]);
  });

  it('compares numbers by value with their exact digits: beyond 2^53 the last digit counts, 1.0 is 1', () => {
    expect(toolCallDifferences([call('f', '{"id":12345678901234567890123}')], [call('f', '{"id":12345678901234567890124}')])).toEqual([
      { path: 'calls[0].arguments.id', kind: 'changed', original: '12345678901234567890123', replay: '12345678901234567890124' },
    ]);
    expect(toolCallDifferences([call('f', '{"x":1.0,"y":1e2}')], [call('f', '{"x":1,"y":100}')])).toEqual([]);
  });

  it('compares arguments that are not JSON as text', () => {
    expect(toolCallDifferences([call('shell', 'ls -la')], [call('shell', 'ls -la')])).toEqual([]);
    expect(toolCallDifferences([call('shell', 'ls -la')], [call('shell', 'ls -l')])).toEqual([
      { path: 'calls[0].arguments', kind: 'changed', original: '"ls -la"', replay: '"ls -l"' },
    ]);
    expect(toolCallDifferences([call('f', '{"city":')], [call('f', { city: 'Paris' })])).toEqual([
      { path: 'calls[0].arguments', kind: 'changed', original: '"{\\"city\\":"', replay: '{"city":"Paris"}' },
    ]);
  });

  it('reports a value of another type as changed at its path', () => {
    expect(toolCallDifferences([call('f', { a: [1] })], [call('f', { a: { 0: 1 } })])).toEqual([{ path: 'calls[0].arguments.a', kind: 'changed', original: '[1]', replay: '{"0":1}' }]);
  });
});
