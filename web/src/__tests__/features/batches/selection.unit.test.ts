import type { RequestFilter } from '../../../gql/graphql';
import { describeSelection, parseFilter, replaySelection, searchForFilter, selectionFromSearch, selectionOfStored } from '../../../features/batches/selection';

const fromUrl = (search: string) => selectionFromSearch(new URLSearchParams(search));

describe('selectionFromSearch', () => {
  it('reads comma-separated ids, trimmed, without repeats', () => {
    expect(fromUrl('?ids=a1, b2,,a1,c3')).toEqual({ kind: 'ids', ids: ['a1', 'b2', 'c3'] });
  });

  it('reads a filter as History encodes it', () => {
    const filter: RequestFilter = { model: ['gpt-4o-mini'], tagsAny: ['support'], status: ['COMPLETED'], text: 'refund & returns' };
    expect(fromUrl(searchForFilter(filter))).toEqual({ kind: 'filter', filter });
  });

  it('takes an empty filter as every request, and drops null fields', () => {
    expect(fromUrl(`?filter=${encodeURIComponent('{"model":null}')}`)).toEqual({ kind: 'filter', filter: {} });
  });

  it('is nothing selected without either parameter', () => {
    expect(fromUrl('')).toEqual({ kind: 'none' });
    expect(replaySelection({ kind: 'none' })).toBeNull();
  });

  it('says why a filter cannot be used, naming the field', () => {
    expect(fromUrl('?filter=%7Bnope')).toEqual({ kind: 'invalid', reason: 'The filter in the address cannot be used: it is not JSON.' });
    expect(fromUrl(`?filter=${encodeURIComponent('{"colour":["red"]}')}`)).toMatchObject({ reason: expect.stringContaining('unknown field "colour"') });
    expect(fromUrl(`?filter=${encodeURIComponent('{"status":["DONE"]}')}`)).toMatchObject({ reason: expect.stringContaining('"status" is malformed') });
    expect(fromUrl(`?filter=${encodeURIComponent('[1]')}`)).toMatchObject({ kind: 'invalid' });
    expect(fromUrl('?ids=,,')).toEqual({ kind: 'invalid', reason: 'The address names no request ids.' });
  });

  it('prefers ids when both are given', () => {
    expect(fromUrl('?ids=x&filter=%7B%7D')).toEqual({ kind: 'ids', ids: ['x'] });
  });
});

describe('replaySelection', () => {
  it('is exactly one of ids and filter, as the API requires', () => {
    expect(replaySelection({ kind: 'ids', ids: ['a'] })).toEqual({ ids: ['a'] });
    expect(replaySelection({ kind: 'filter', filter: { text: 'x' } })).toEqual({ filter: { text: 'x' } });
  });
});

describe('describeSelection', () => {
  it('counts picked requests', () => {
    expect(describeSelection({ kind: 'ids', ids: ['a'] })).toBe('1 request picked in History');
    expect(describeSelection({ kind: 'ids', ids: Array.from({ length: 1200 }, (_, i) => String(i)) })).toBe('1,200 requests picked in History');
  });

  it('says each condition of a filter in words', () => {
    const words = describeSelection({
      kind: 'filter',
      filter: {
        model: ['gpt-4o', 'gpt-4o-mini'],
        source: ['API'],
        tagsAny: ['support'],
        startedAfter: '2026-01-05T10:00:00.000Z',
        text: 'refund',
        metadata: [{ key: 'team', value: 'search' }],
        minLatencyMs: 500,
      },
    });
    expect(words).toBe(
      'Requests: model gpt-4o or gpt-4o-mini; logged through the API; tagged support; metadata team = "search"; from 5 Jan 2026, 10:00 UTC; containing “refund”; latency at least 500 ms',
    );
  });

  it('calls an empty filter every request', () => {
    expect(describeSelection({ kind: 'filter', filter: {} })).toBe('Every request of this workspace');
  });
});

describe('selectionOfStored', () => {
  it('reads the services’ lower-case enum values', () => {
    expect(selectionOfStored({ filter: { status: ['completed'], source: ['api', 'bulk'], tagsAny: ['t'] } })).toEqual({
      kind: 'filter',
      filter: { status: ['COMPLETED'], source: ['API', 'BULK'], tagsAny: ['t'] },
    });
    expect(selectionOfStored({ ids: ['a', 'b'] })).toEqual({ kind: 'ids', ids: ['a', 'b'] });
    expect(selectionOfStored({})).toMatchObject({ kind: 'invalid' });
  });
});

describe('parseFilter', () => {
  it('checks number fields', () => {
    expect(parseFilter('{"maxCost":"cheap"}')).toEqual({ reason: 'its "maxCost" is malformed' });
    expect(parseFilter('{"maxCost":0.5}')).toEqual({ filter: { maxCost: 0.5 } });
  });
});
