import { draftFieldOf, draftFromFilter, EMPTY_DRAFT, filterFromDraft, isoOfLocalInput, localInputOf } from '../../../features/history/filter-draft';
import { NO_FILTER, type HistoryFilter } from '../../../features/history/request-filter';

describe('the filter bar draft', () => {
  it('turns a filter into fields and back without change', () => {
    const filter: HistoryFilter = {
      ...NO_FILTER,
      text: 'weather',
      models: ['sim-fast', 'sim-large'],
      tags: ['a', 'b'],
      tagMode: 'all',
      statuses: ['FAILED'],
      metadata: [
        { key: 'env', value: 'prod' },
        { key: 'n', value: 2.5 },
        { key: 'ok', value: true },
      ],
      startedAfter: new Date(2026, 10, 30, 9, 15).toISOString(),
      startedBefore: new Date(2026, 10, 30, 18, 0, 30).toISOString(),
      minLatencyMs: 0,
      maxCost: 0.5,
    };
    const draft = draftFromFilter(filter);
    expect(draft.models).toBe('sim-fast, sim-large');
    expect(draft.metadata).toEqual([
      { key: 'env', value: 'prod', type: 'text' },
      { key: 'n', value: '2.5', type: 'number' },
      { key: 'ok', value: 'true', type: 'boolean' },
    ]);
    expect(draft.startedAfter).toBe('2026-11-30T09:15');
    expect(draft.startedBefore).toBe('2026-11-30T18:00:30');
    expect(filterFromDraft(draft)).toEqual({ filter, errors: null });
  });

  it('is no filter when empty', () => {
    expect(filterFromDraft(EMPTY_DRAFT)).toEqual({ filter: NO_FILTER, errors: null });
  });

  it('splits lists on commas, trimming and dropping empty and repeated values', () => {
    const { filter } = filterFromDraft({ ...EMPTY_DRAFT, models: ' a , ,b,a ', tags: 'x,' });
    expect(filter?.models).toEqual(['a', 'b']);
    expect(filter?.tags).toEqual(['x']);
  });

  it('names each field it refuses, as the API names it', () => {
    const result = filterFromDraft({
      ...EMPTY_DRAFT,
      minLatencyMs: '500',
      maxLatencyMs: '100',
      minCost: '-1',
      maxCost: 'lots',
      startedAfter: '2026-11-30T10:00',
      startedBefore: '2026-11-30T09:00',
      text: 'x'.repeat(501),
      metadata: [
        { key: '', value: 'v', type: 'text' },
        { key: 'n', value: 'three', type: 'number' },
        { key: 'b', value: '', type: 'boolean' },
        { key: 'empty', value: '', type: 'text' },
        { key: '', value: '', type: 'text' },
      ],
    });
    expect(result.errors).toEqual({
      maxLatencyMs: 'Must not be below the minimum.',
      minCost: 'Enter a number, 0 or more.',
      maxCost: 'Enter a number, 0 or more.',
      startedBefore: 'Must be later than the start.',
      text: 'At most 500 characters.',
      'metadata.0.key': 'Enter a key.',
      'metadata.1.value': 'Enter a number.',
      'metadata.2.value': 'Choose true or false.',
      'metadata.3.value': 'Enter a value.',
    });
  });

  it('keeps numbers typed as numbers: "0" is a condition, "" is none', () => {
    expect(filterFromDraft({ ...EMPTY_DRAFT, minCost: '0' }).filter?.minCost).toBe(0);
    expect(filterFromDraft({ ...EMPTY_DRAFT, minCost: ' ' }).filter?.minCost).toBeNull();
  });
});

describe('datetime-local values', () => {
  it('are local times, read back as the same instant', () => {
    const iso = new Date(2026, 0, 5, 7, 3).toISOString();
    expect(localInputOf(iso)).toBe('2026-01-05T07:03');
    expect(isoOfLocalInput('2026-01-05T07:03')).toBe(iso);
    expect(isoOfLocalInput('2026-01-05T07:03:09')).toBe(new Date(2026, 0, 5, 7, 3, 9).toISOString());
  });

  it('refuse what is not a time', () => {
    expect(isoOfLocalInput('tomorrow')).toBeNull();
    expect(isoOfLocalInput('2026-13-45T99:99')).toBeNull();
  });
});

describe('draftFieldOf', () => {
  it("puts the gateway's field paths on the bar's inputs", () => {
    expect(draftFieldOf('filter.minCost')).toBe('minCost');
    expect(draftFieldOf('filter.metadata.1.value')).toBe('metadata.1.value');
    expect(draftFieldOf('filter.model.0')).toBe('models');
    expect(draftFieldOf('filter.tagsAll')).toBe('tags');
    expect(draftFieldOf('filter.status.1')).toBe('statuses');
    expect(draftFieldOf('first')).toBeNull();
  });
});
