import { filterChips, filterFromSearch, isEmptyFilter, NO_FILTER, requestFilter, searchFromFilter, type HistoryFilter } from '../../../features/history/request-filter';

const FULL: HistoryFilter = {
  text: 'oslo',
  models: ['sim-fast', 'gpt-4o-mini'],
  providers: ['simulator'],
  statuses: ['FAILED', 'CANCELLED'],
  sources: ['PLAYGROUND'],
  tags: ['prod', 'eval'],
  tagMode: 'all',
  metadata: [
    { key: 'env', value: 'prod' },
    { key: 'retries', value: 3 },
    { key: 'cached', value: false },
    { key: 'a.b=c', value: '1' },
  ],
  startedAfter: '2026-11-30T10:00:00.000Z',
  startedBefore: '2026-12-01T10:00:00.000Z',
  minLatencyMs: 100,
  maxLatencyMs: 2500,
  minCost: 0,
  maxCost: 0.25,
  batchId: 'b-1',
  replayOf: 'r-1',
};

describe('the History filter in the URL', () => {
  it('reads back every condition it writes', () => {
    const search = searchFromFilter(FULL).toString();
    expect(filterFromSearch(new URLSearchParams(search))).toEqual(FULL);
  });

  it('writes nothing for no filter, so that /history is the unfiltered page', () => {
    expect(searchFromFilter(NO_FILTER).toString()).toBe('');
    expect(isEmptyFilter(NO_FILTER)).toBe(true);
    expect(filterFromSearch(new URLSearchParams(''))).toEqual(NO_FILTER);
  });

  it('writes enum values in lower case and lists as repeated parameters', () => {
    const params = searchFromFilter({ ...NO_FILTER, statuses: ['FAILED'], sources: ['REPLAY', 'BULK'], models: ['a', 'b'] });
    expect(params.toString()).toBe('model=a&model=b&status=failed&source=replay&source=bulk');
  });

  it('keeps metadata values typed: 3 and "3" are different conditions', () => {
    const params = searchFromFilter({ ...NO_FILTER, metadata: [{ key: 'n', value: 3 }, { key: 'n', value: '3' }] });
    expect(params.getAll('meta')).toEqual(['["n",3]', '["n","3"]']);
    expect(filterFromSearch(params).metadata).toEqual([{ key: 'n', value: 3 }, { key: 'n', value: '3' }]);
  });

  it('leaves out what a hand-edited URL gets wrong instead of failing', () => {
    const params = new URLSearchParams(
      'status=bogus&status=failed&source=nowhere&minCost=-1&maxCost=abc&minLatency=&after=yesterday&meta=not-json&meta=["",1]&meta=["k",{"x":1}]&tagMode=weird&model=%20&tag=a&tag=a',
    );
    expect(filterFromSearch(params)).toEqual({ ...NO_FILTER, statuses: ['FAILED'], tags: ['a'] });
  });

  it('writes tagMode only when it changes what several tags match', () => {
    expect(searchFromFilter({ ...NO_FILTER, tags: ['a'], tagMode: 'all' }).has('tagMode')).toBe(false);
    expect(searchFromFilter({ ...NO_FILTER, tags: ['a', 'b'], tagMode: 'all' }).get('tagMode')).toBe('all');
  });
});

describe('requestFilter', () => {
  it("is the API's RequestFilter, with only the conditions set", () => {
    expect(requestFilter(NO_FILTER)).toEqual({});
    expect(requestFilter(FULL)).toEqual({
      text: 'oslo',
      model: ['sim-fast', 'gpt-4o-mini'],
      provider: ['simulator'],
      status: ['FAILED', 'CANCELLED'],
      source: ['PLAYGROUND'],
      tagsAll: ['prod', 'eval'],
      metadata: [
        { key: 'env', value: 'prod' },
        { key: 'retries', value: 3 },
        { key: 'cached', value: false },
        { key: 'a.b=c', value: '1' },
      ],
      startedAfter: '2026-11-30T10:00:00.000Z',
      startedBefore: '2026-12-01T10:00:00.000Z',
      minLatencyMs: 100,
      maxLatencyMs: 2500,
      minCost: 0,
      maxCost: 0.25,
      batchId: 'b-1',
      replayOf: 'r-1',
    });
  });

  it('asks for any of the tags unless all are wanted', () => {
    expect(requestFilter({ ...NO_FILTER, tags: ['a', 'b'] })).toEqual({ tagsAny: ['a', 'b'] });
  });
});

describe('filterChips', () => {
  it('lists each condition, and the filter left when it is removed', () => {
    const chips = filterChips(FULL, (iso) => iso.slice(0, 10));
    expect(chips.map((c) => c.label)).toEqual([
      'text “oslo”',
      'model sim-fast',
      'model gpt-4o-mini',
      'provider simulator',
      'status failed',
      'status cancelled',
      'source playground',
      'tag (all of) prod',
      'tag (all of) eval',
      'env = “prod”',
      'retries = 3',
      'cached = false',
      'a.b=c = “1”',
      'from 2026-11-30',
      'before 2026-12-01',
      'latency 100 ms–2500 ms',
      'cost $0–$0.25',
      'in bulk replay b-1',
      'replays of r-1',
    ]);
    const model = chips.find((c) => c.label === 'model sim-fast')!;
    expect(model.without).toEqual({ ...FULL, models: ['gpt-4o-mini'] });
    const meta = chips.find((c) => c.label === 'retries = 3')!;
    expect(meta.without.metadata.map((m) => m.key)).toEqual(['env', 'cached', 'a.b=c']);
    const latency = chips.find((c) => c.key === 'latency')!;
    expect(latency.without).toEqual({ ...FULL, minLatencyMs: null, maxLatencyMs: null });
  });

  it('writes one-sided ranges', () => {
    const labels = filterChips({ ...NO_FILTER, minLatencyMs: 500, maxCost: 1 }, String).map((c) => c.label);
    expect(labels).toEqual(['latency ≥ 500 ms', 'cost ≤ $1']);
  });
});
