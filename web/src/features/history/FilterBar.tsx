import { useState, type FormEvent } from 'react';
import { useModels } from '../playground/useModels';
import { formatDateTime } from './format';
import { FilterField, ToggleGroup } from './FilterField';
import { MetadataFields } from './MetadataFields';
import { draftFromFilter, EMPTY_DRAFT, filterFromDraft, localInputOf, type DraftErrors, type FilterDraft } from './filter-draft';
import { filterChips, isEmptyFilter, NO_FILTER, searchFromFilter, SOURCES, STATUSES, type HistoryFilter } from './request-filter';
import './filter-bar.css';

interface FilterBarProps {
  value: HistoryFilter;
  onApply: (filter: HistoryFilter) => void;
  /** What the gateway refused of the applied filter, by draft field (see draftFieldOf). */
  serverErrors: DraftErrors;
}

/** Conditions behind "More filters": the bar opens with them shown when one of them is set. */
function advancedCount(filter: HistoryFilter): number {
  return (
    filter.statuses.length +
    filter.sources.length +
    filter.metadata.length +
    (filter.startedAfter ? 1 : 0) +
    (filter.startedBefore ? 1 : 0) +
    (filter.minLatencyMs !== null || filter.maxLatencyMs !== null ? 1 : 0) +
    (filter.minCost !== null || filter.maxCost !== null ? 1 : 0) +
    (filter.batchId ? 1 : 0) +
    (filter.replayOf ? 1 : 0)
  );
}

const PRESETS = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

/**
 * Every filter of the API's RequestFilter and text search. Edits stay in the
 * bar until Filter (or Enter) applies them all, so typing does not refetch
 * the table per keystroke; removing one condition, or all with Reset
 * filters, applies at once.
 */
export function FilterBar({ value, onApply, serverErrors }: FilterBarProps) {
  const [draft, setDraft] = useState<FilterDraft>(() => draftFromFilter(value));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [expanded, setExpanded] = useState(() => advancedCount(value) > 0);
  // Compared as text: the page builds `value` afresh from the URL on every render.
  const valueKey = searchFromFilter(value).toString();
  const [shownKey, setShownKey] = useState(valueKey);
  // The URL changed meanwhile (back button, a link, a chip removed): show what it holds.
  if (shownKey !== valueKey) {
    setShownKey(valueKey);
    setDraft(draftFromFilter(value));
    setErrors({});
    if (advancedCount(value) > 0) setExpanded(true);
  }

  const { models } = useModels();
  const modelNames = [...new Set(models.map((m) => m.name))];
  const providerIds = [...new Map(models.map((m) => [m.provider, m.providerLabel])).entries()];

  const set = <K extends keyof FilterDraft>(name: K, v: FilterDraft[K]) => setDraft((d) => ({ ...d, [name]: v }));
  const text = (name: keyof FilterDraft) => (e: { target: { value: string } }) => set(name, e.target.value as never);
  const shown = { ...serverErrors, ...errors };
  const parsed = filterFromDraft(draft);
  const pending = parsed.filter === null || searchFromFilter(parsed.filter).toString() !== valueKey;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = filterFromDraft(draft);
    if (result.errors) {
      setErrors(result.errors);
      if (Object.keys(result.errors).some((field) => !['text', 'models', 'providers', 'tags'].includes(field))) setExpanded(true);
      return;
    }
    setErrors({});
    onApply(result.filter);
  };

  const reset = () => {
    setDraft(EMPTY_DRAFT);
    setErrors({});
    onApply(NO_FILTER);
  };

  const preset = (ms: number) => {
    // Whole minutes: the field shows minutes, and the URL then reads as the field does.
    const start = Math.floor((Date.now() - ms) / 60_000) * 60_000;
    setDraft((d) => ({ ...d, startedAfter: localInputOf(new Date(start).toISOString()), startedBefore: '' }));
  };

  const chips = filterChips(value, formatDateTime);
  const hidden = advancedCount(value);

  return (
    <form className="filter-bar" role="search" aria-label="Filter requests" noValidate onSubmit={submit}>
      <div className="filter-bar__row">
        <FilterField id="filter-text" label="Search" className="filter-bar__field--wide" error={shown.text}>
          {(control) => <input {...control} type="search" placeholder="Prompt or answer text" value={draft.text} onChange={text('text')} />}
        </FilterField>
        <FilterField id="filter-model" label="Model" error={shown.models}>
          {(control) => (
            <>
              <input {...control} list="filter-model-names" placeholder="Any model" value={draft.models} onChange={text('models')} />
              <datalist id="filter-model-names">
                {modelNames.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </>
          )}
        </FilterField>
        <FilterField id="filter-provider" label="Provider" error={shown.providers}>
          {(control) => (
            <>
              <input {...control} list="filter-provider-ids" placeholder="Any provider" value={draft.providers} onChange={text('providers')} />
              <datalist id="filter-provider-ids">
                {providerIds.map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </FilterField>
        <FilterField id="filter-tag" label="Tags" error={shown.tags} className="filter-bar__field--tags">
          {(control) => (
            <div className="filter-bar__combo">
              <input {...control} placeholder="Any tag" value={draft.tags} onChange={text('tags')} />
              <select aria-label="Tags to match" value={draft.tagMode} onChange={(e) => set('tagMode', e.target.value === 'all' ? 'all' : 'any')}>
                <option value="any">any of</option>
                <option value="all">all of</option>
              </select>
            </div>
          )}
        </FilterField>
        <div className="filter-bar__toggle">
          <button type="button" className="button button--quiet" aria-expanded={expanded} aria-controls="filter-more" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Fewer filters' : hidden ? `More filters (${hidden})` : 'More filters'}
          </button>
        </div>
      </div>

      <div id="filter-more" className="filter-bar__more" hidden={!expanded}>
        <div className="filter-bar__row">
          <ToggleGroup legend="Status" options={STATUSES} value={draft.statuses} onChange={(v) => set('statuses', v)} error={shown.statuses} />
          <ToggleGroup legend="Source" options={SOURCES} value={draft.sources} onChange={(v) => set('sources', v)} error={shown.sources} />
        </div>
        <div className="filter-bar__row">
          <FilterField id="filter-after" label="Started from" error={shown.startedAfter} className="filter-bar__field--time">
            {(control) => <input {...control} type="datetime-local" value={draft.startedAfter} onChange={text('startedAfter')} />}
          </FilterField>
          <FilterField id="filter-before" label="Started before" error={shown.startedBefore} className="filter-bar__field--time">
            {(control) => <input {...control} type="datetime-local" value={draft.startedBefore} onChange={text('startedBefore')} />}
          </FilterField>
          <div className="filter-bar__presets" role="group" aria-label="Time presets">
            {PRESETS.map((p) => (
              <button key={p.label} type="button" className="button button--quiet" onClick={() => preset(p.ms)}>
                {p.label}
              </button>
            ))}
          </div>
        </div>
        <div className="filter-bar__row">
          <FilterField id="filter-min-latency" label="Latency from (ms)" error={shown.minLatencyMs}>
            {(control) => <input {...control} inputMode="numeric" placeholder="0" value={draft.minLatencyMs} onChange={text('minLatencyMs')} />}
          </FilterField>
          <FilterField id="filter-max-latency" label="Latency up to (ms)" error={shown.maxLatencyMs}>
            {(control) => <input {...control} inputMode="numeric" placeholder="any" value={draft.maxLatencyMs} onChange={text('maxLatencyMs')} />}
          </FilterField>
          <FilterField id="filter-min-cost" label="Cost from (USD)" error={shown.minCost}>
            {(control) => <input {...control} inputMode="decimal" placeholder="0" value={draft.minCost} onChange={text('minCost')} />}
          </FilterField>
          <FilterField id="filter-max-cost" label="Cost up to (USD)" error={shown.maxCost}>
            {(control) => <input {...control} inputMode="decimal" placeholder="any" value={draft.maxCost} onChange={text('maxCost')} />}
          </FilterField>
        </div>
        <MetadataFields rows={draft.metadata} onChange={(rows) => set('metadata', rows)} errors={shown} />
        <div className="filter-bar__row">
          <FilterField id="filter-replay-of" label="Replays of request" error={shown.replayOf} className="filter-bar__field--id">
            {(control) => <input {...control} placeholder="A request id" value={draft.replayOf} onChange={text('replayOf')} />}
          </FilterField>
          <FilterField id="filter-batch" label="In bulk replay" error={shown.batchId} className="filter-bar__field--id">
            {(control) => <input {...control} placeholder="A batch id" value={draft.batchId} onChange={text('batchId')} />}
          </FilterField>
        </div>
      </div>

      <div className="filter-bar__footer">
        {chips.length > 0 ? (
          <ul className="filter-chips" aria-label="Active filters">
            {chips.map((chip) => (
              <li key={chip.key} className="filter-chip">
                {chip.label}
                <button type="button" className="filter-chip__remove" aria-label={`Remove filter: ${chip.label}`} onClick={() => onApply(chip.without)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <span className="filter-bar__hint">
            No filter: all requests, newest first. Model, provider and tags take comma-separated lists.
          </span>
        )}
        {pending && (
          <span className="filter-bar__pending" role="status">
            Not applied yet: press Filter or Enter.
          </span>
        )}
        <div className="filter-bar__actions">
          <button type="button" className="button button--quiet" disabled={isEmptyFilter(value) && !pending} onClick={reset}>
            Reset filters
          </button>
          <button type="submit" className="button button--primary">
            Filter
          </button>
        </div>
      </div>
    </form>
  );
}
