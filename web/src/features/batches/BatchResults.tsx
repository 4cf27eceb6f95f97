import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { BatchResultFilter } from '../../gql/graphql';
import { ExportButtons } from './ExportButtons';
import { ResultPage } from './ResultPage';
import { ESTIMATE_DEBOUNCE_MS, useDebounced } from './useEstimate';

/** The results filters, as the URL's `show` names them (so a filtered list has a URL). */
const SHOWS = [
  { value: 'all', label: 'All' },
  { value: 'changed', label: 'Changed' },
  { value: 'unchanged', label: 'Unchanged' },
  { value: 'failed', label: 'Failed' },
  { value: 'low', label: 'Judged low' },
] as const;
type Show = (typeof SHOWS)[number]['value'];

export const DEFAULT_LOW_SCORE = 0.5;

/** What `batchResults(filter:)` receives for a choice; `below` is the judged-low threshold. */
export function resultFilter(show: Show, below: number): BatchResultFilter {
  switch (show) {
    case 'all':
      return {};
    case 'changed':
      return { outcome: 'CHANGED' };
    case 'unchanged':
      return { outcome: 'UNCHANGED' };
    case 'failed':
      return { outcome: 'FAILED' };
    case 'low':
      return { judgedBelow: below };
  }
}

const EMPTY_WORDS: Record<Show, string> = {
  all: 'No replay has been recorded yet. Results appear here as replays end.',
  changed: 'No replay answered differently.',
  unchanged: 'No replay answered exactly as its original.',
  failed: 'No replay failed.',
  low: 'No replay was judged below this score.',
};

interface BatchResultsProps {
  batchId: string;
  batchName: string;
  refreshKey: string;
  hasJudge: boolean;
}

/** Each original beside its replay, filtered, a page at a time, with the export. */
export function BatchResults({ batchId, batchName, refreshKey, hasJudge }: BatchResultsProps) {
  const [params, setParams] = useSearchParams();
  const urlShow: Show = SHOWS.some((s) => s.value === params.get('show')) ? (params.get('show') as Show) : 'all';
  const urlBelow = params.get('below') ?? String(DEFAULT_LOW_SCORE);
  // The choice shows at once; the URL follows (a navigation, which React Router runs as a transition).
  // When the URL changes otherwise (Back), the choice follows it.
  const urlKey = `${urlShow}|${urlBelow}`;
  const [chosen, setChosen] = useState({ show: urlShow, below: urlBelow, urlKey });
  if (chosen.urlKey !== urlKey) setChosen({ show: urlShow, below: urlBelow, urlKey });
  const { show } = chosen;
  const belowValue = Number(chosen.below);
  const below = chosen.below.trim() !== '' && belowValue >= 0 && belowValue <= 1 ? belowValue : DEFAULT_LOW_SCORE;
  // Typing a threshold asks once it rests, not per keystroke.
  const filter = resultFilter(show, useDebounced(below, ESTIMATE_DEBOUNCE_MS));
  const filterKey = JSON.stringify(filter);
  // The cursors of the pages loaded after the first, for this filter, and the refresh they were loaded at.
  const [pages, setPages] = useState<{ filterKey: string; cursors: string[]; at: string }>({ filterKey, cursors: [], at: refreshKey });
  const current = pages.filterKey === filterKey ? pages : { filterKey, cursors: [], at: refreshKey };
  const starts: (string | null)[] = [null, ...current.cursors];
  // With more than one page, reading the first again would push results past the next page's cursor unseen: ask instead.
  const stale = current.cursors.length > 0 && current.at !== refreshKey;

  const choose = (next: Show, nextBelow = chosen.below) => {
    setChosen({ show: next, below: nextBelow, urlKey });
    const search = new URLSearchParams(params);
    if (next === 'all') search.delete('show');
    else search.set('show', next);
    if (next === 'low' && nextBelow !== String(DEFAULT_LOW_SCORE)) search.set('below', nextBelow);
    else search.delete('below');
    setParams(search, { replace: true });
  };

  return (
    <section className="batch-card batch-results" aria-labelledby="results-heading">
      <div className="batch-results__head">
        <h2 id="results-heading">Results</h2>
        <ExportButtons batchId={batchId} batchName={batchName} />
      </div>
      <div className="batch-results__filters">
        <fieldset className="batch-segmented">
          <legend className="visually-hidden">Show</legend>
          {SHOWS.map((s) => (
            <label key={s.value} className={show === s.value ? 'batch-segmented__option batch-segmented__option--on' : 'batch-segmented__option'}>
              <input type="radio" name="results-show" value={s.value} checked={show === s.value} onChange={() => choose(s.value)} />
              {s.label}
            </label>
          ))}
        </fieldset>
        {show === 'low' && (
          <label className="batch-results__below">
            Score below{' '}
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={chosen.below}
              onChange={(e) => choose('low', e.target.value)}
            />
          </label>
        )}
        {show === 'low' && !hasJudge && <p className="batch-hint">This batch has no judge: no replay has a score.</p>}
      </div>
      {stale && (
        <p className="batch-notice" role="status">
          More replays have ended since this list was loaded.{' '}
          <button type="button" className="button button--quiet" onClick={() => setPages({ filterKey, cursors: [], at: refreshKey })}>
            Show the latest
          </button>
        </p>
      )}
      <div className="batch-results__list">
        {starts.map((after, index) => (
          <ResultPage
            key={after ?? 'first'}
            batchId={batchId}
            filter={filter}
            after={after}
            refreshKey={index === 0 && current.cursors.length === 0 ? refreshKey : undefined}
            emptyWords={EMPTY_WORDS[show]}
            onLoadMore={index === starts.length - 1 ? (cursor) => setPages({ filterKey, cursors: [...current.cursors, cursor], at: current.cursors.length ? current.at : refreshKey }) : undefined}
          />
        ))}
      </div>
    </section>
  );
}
