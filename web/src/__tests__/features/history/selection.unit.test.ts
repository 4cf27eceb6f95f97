import { bulkReplayHref, isEmptySelection, NOTHING_SELECTED, selectedCount } from '../../../features/history/selection';

describe('bulkReplayHref', () => {
  it('sends ticked rows as comma-separated ids', () => {
    expect(bulkReplayHref({ all: false, ids: new Set(['a1', 'b2', 'c 3']) }, { model: ['x'] })).toBe('/batches/new?ids=a1,b2,c%203');
  });

  it('sends "all matching" as the filter, JSON in one parameter', () => {
    const filter = { status: ['FAILED' as const], metadata: [{ key: 'env', value: 'prod' }] };
    const href = bulkReplayHref({ all: true, ids: new Set() }, filter);
    expect(href.startsWith('/batches/new?filter=')).toBe(true);
    // The form reads it with URLSearchParams and JSON.parse, as here.
    const read = new URLSearchParams(href.slice(href.indexOf('?'))).get('filter');
    expect(JSON.parse(read!)).toEqual(filter);
    expect(new URL(href, 'http://x').searchParams.get('ids')).toBeNull();
  });

  it('sends an empty filter for every request of the workspace', () => {
    expect(bulkReplayHref({ all: true, ids: new Set() }, {})).toBe('/batches/new?filter=%7B%7D');
  });
});

describe('selection counts', () => {
  it('count ids, or the matches when all are selected', () => {
    expect(isEmptySelection(NOTHING_SELECTED)).toBe(true);
    expect(isEmptySelection({ all: true, ids: new Set() })).toBe(false);
    expect(selectedCount({ all: false, ids: new Set(['a', 'b']) }, 40)).toBe(2);
    expect(selectedCount({ all: true, ids: new Set() }, 40)).toBe(40);
    expect(selectedCount({ all: true, ids: new Set() }, null)).toBeNull();
  });
});
