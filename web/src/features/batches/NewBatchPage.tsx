import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { JudgeInput } from '../../gql/graphql';
import { AppHeader } from '../layout/AppHeader';
import { useModels, type Model } from '../playground/useModels';
import { EstimatePanel } from './EstimatePanel';
import { errorWords, fieldIssues, issueAt, unplacedIssues, type FieldIssue } from './field-issues';
import { InputField } from './InputField';
import { DEFAULT_RUBRIC, JudgeFieldset, type JudgeFields } from './JudgeFieldset';
import { ModelSelect } from './ModelSelect';
import { buildOptions, buildOverrides, EMPTY_PARAMETERS, PARAMETER_NAMES, type OptionFields, type ParameterFields } from './overrides';
import { ParameterFieldset } from './ParameterFieldset';
import { SelectionPanel } from './SelectionPanel';
import { replaySelection, searchForFilter, selectionFromSearch, type UrlSelection } from './selection';
import { useEstimate } from './useEstimate';
import './batches.css';
import './new-batch.css';

const startMutation = graphql(`
  mutation StartBulkReplay($selection: ReplaySelection!, $overrides: ReplayOverrides, $options: BulkReplayOptions) {
    startBulkReplay(selection: $selection, overrides: $overrides, options: $options) { id }
  }
`);

const FORM_ID = 'new-batch-form';

/** The target model's fields, as refusals name them. */
const TARGET_FIELDS = ['overrides.provider', 'overrides.model'];

/** The fields this page shows an API refusal beside; any other is said above the Start button, naming its field. */
const PLACED = [
  'selection',
  ...TARGET_FIELDS,
  ...PARAMETER_NAMES.map((name) => `overrides.${name}`),
  'options.name',
  'options.concurrency',
  'options.budgetUsd',
  'options.judge.provider',
  'options.judge.model',
  'options.judge.rubric',
];

/** The API's word on the selection; a refused id is named, not only counted. */
function selectionWords(issues: readonly FieldIssue[], selection: UrlSelection): string | null {
  const issue = issues.find((i) => i.field === 'selection' || i.field.startsWith('selection.'));
  if (!issue) return null;
  const index = /^selection\.ids\.(\d+)$/.exec(issue.field)?.[1];
  const id = index !== undefined && selection.kind === 'ids' ? selection.ids[Number(index)] : undefined;
  const others = issues.filter((i) => i.field.startsWith('selection.ids.')).length - 1;
  return id === undefined ? issue.message : `“${id}”: ${issue.message}${others > 0 ? ` (and ${others} more)` : ''}`;
}

/** /batches/new: what to replay (from the URL), against what, how; the estimate; Start. */
export function NewBatchPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const selection = selectionFromSearch(new URLSearchParams(location.search));
  const replay = replaySelection(selection);
  const { models, preferred, fetching: modelsFetching, error: modelsError } = useModels();

  // undefined: not chosen yet, so the default model; null: each request keeps its own.
  const [chosen, setChosen] = useState<Model | null | undefined>(undefined);
  const target = chosen === undefined ? preferred : chosen;
  const [parameters, setParameters] = useState<ParameterFields>(EMPTY_PARAMETERS);
  const [optionFields, setOptionFields] = useState<OptionFields>({ name: '', concurrency: '', budgetUsd: '', reuseToolResults: false });
  const [judge, setJudge] = useState<JudgeFields>({ enabled: false, model: null, rubric: DEFAULT_RUBRIC });
  const [started, start] = useMutation(startMutation);
  // The refusal of the last Start, until the form changes: then it may no longer hold.
  const [startIssues, setStartIssues] = useState<{ formKey: string; issues: FieldIssue[]; message: string | null } | null>(null);

  const built = buildOverrides(target ? { provider: target.provider, model: target.name } : null, parameters);
  const options = buildOptions(optionFields);
  const localIssues = [...built.issues, ...options.issues];
  const judgeModel = judge.model ?? target ?? preferred;
  const judgeInput: JudgeInput | null = judge.enabled && judgeModel ? { provider: judgeModel.provider, model: judgeModel.name, rubric: judge.rubric } : null;
  const formKey = JSON.stringify({ replay, overrides: built.overrides, options: options.options, judgeInput });

  const estimate = useEstimate(replay, built.issues.length ? null : built.overrides);
  const estimateIssues = fieldIssues(estimate.error);
  const refusedFields = estimateIssues.length > 0;
  const liveStart = startIssues && startIssues.formKey === formKey ? startIssues : null;
  const issues = [...localIssues, ...(liveStart?.issues ?? estimateIssues)];
  const selectionIssue = selectionWords(issues, selection);
  const other = unplacedIssues(issues, PLACED);
  const targetIssue = issueAt(issues, ...TARGET_FIELDS);
  const budgetUsd = options.options.budgetUsd ?? null;

  const blocked =
    replay === null
      ? 'Choose the requests to replay first.'
      : issueAt(estimateIssues, 'selection')
        ? 'No estimate for this selection.'
        : built.issues.length || refusedFields
          ? 'No estimate until the fields marked in red are fixed.'
          : null;
  // An error that names no field: the service's own words.
  const estimateMessage = estimate.error && !refusedFields ? errorWords(estimate.error) : null;
  // The estimate checks what Start would: a refusal there would be Start's too.
  const canStart =
    replay !== null &&
    localIssues.length === 0 &&
    !(refusedFields && !estimate.updating) &&
    // Refused as it stands: the same Start would be refused again.
    !(liveStart && liveStart.issues.length > 0) &&
    !started.fetching &&
    estimate.estimate?.count !== 0 &&
    (!judge.enabled || judgeInput !== null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canStart || !replay) return;
    const result = await start({
      selection: replay,
      overrides: built.overrides,
      options: { ...options.options, ...(judgeInput ? { judge: judgeInput } : {}) },
    });
    const id = result.data?.startBulkReplay.id;
    if (id) {
      void navigate(`/batches/${encodeURIComponent(id)}`);
      return;
    }
    const found = fieldIssues(result.error);
    setStartIssues({ formKey, issues: found, message: found.length ? null : (result.error ? errorWords(result.error) : 'The batch did not start.') });
  };

  return (
    <div className="batches">
      <AppHeader title="New bulk replay" />
      <main className="batch-new">
        <div className="batch-new__fields">
          {/* Outside the form below: the filter form is a form of its own, and forms do not nest. */}
          <SelectionPanel
            selection={selection}
            count={estimate.estimate && !estimate.updating ? estimate.estimate.count : null}
            models={models}
            onFilter={(filter) => void navigate({ pathname: location.pathname, search: searchForFilter(filter) })}
            issue={selectionIssue}
          />
          <form id={FORM_ID} className="batch-new__fields" aria-label="New bulk replay" onSubmit={(e) => void submit(e)} noValidate>
            <fieldset className="batch-card batch-fieldset">
              <legend>Target</legend>
              <ModelSelect
                id="target-model"
                label="Replay with"
                value={target}
                onChange={(model) => setChosen(model)}
                models={models}
                fetching={modelsFetching}
                error={modelsError}
                keepLabel="Each request’s own model"
                issue={targetIssue}
              />
            </fieldset>

            <ParameterFieldset value={parameters} onChange={setParameters} issues={issues} />

            <fieldset className="batch-card batch-fieldset">
              <legend>Run</legend>
              <div className="batch-grid">
                <InputField
                  id="batch-name"
                  label="Name"
                  hint="optional"
                  placeholder="e.g. support on gpt-4o"
                  value={optionFields.name}
                  onChange={(e) => setOptionFields({ ...optionFields, name: e.target.value })}
                  issue={issueAt(issues, 'options.name')}
                  wide
                />
                <InputField
                  id="batch-concurrency"
                  label="Maximum concurrency"
                  hint="replays in flight at once; 10 if empty"
                  inputMode="numeric"
                  placeholder="10"
                  value={optionFields.concurrency}
                  onChange={(e) => setOptionFields({ ...optionFields, concurrency: e.target.value })}
                  issue={issueAt(issues, 'options.concurrency')}
                />
                <InputField
                  id="batch-budget"
                  label="Budget (USD)"
                  hint="stops before spending more; judge included"
                  inputMode="decimal"
                  placeholder="No limit"
                  value={optionFields.budgetUsd}
                  onChange={(e) => setOptionFields({ ...optionFields, budgetUsd: e.target.value })}
                  issue={issueAt(issues, 'options.budgetUsd')}
                />
              </div>
              <label className="batch-check">
                <input
                  type="checkbox"
                  checked={optionFields.reuseToolResults}
                  onChange={(e) => setOptionFields({ ...optionFields, reuseToolResults: e.target.checked })}
                />
                Reuse recorded tool results
              </label>
              <p className="batch-hint">When the replay calls a tool with the same name and arguments as the original did, answer it with the recorded result and go on.</p>
            </fieldset>

            <JudgeFieldset
              value={{ ...judge, model: judge.model ?? judgeModel }}
              onChange={setJudge}
              models={models}
              fetching={modelsFetching}
              modelsError={modelsError}
              issues={issues}
            />
          </form>
        </div>

        <aside className="batch-new__aside">
          <EstimatePanel
            estimate={estimate.estimate}
            updating={estimate.updating}
            priceOf={target ? `${target.providerLabel} · ${target.name}` : 'each request’s own model’s'}
            budgetUsd={budgetUsd}
            blocked={blocked}
            error={estimateMessage}
            providerLabel={(id) => models.find((m) => m.provider === id)?.providerLabel ?? id}
          />
          {other.length > 0 && (
            <ul className="batch-error batch-issues" role="alert" aria-label="Problems">
              {other.map((i) => (
                <li key={`${i.field}:${i.message}`}>
                  <code>{i.field}</code>: {i.message}
                </li>
              ))}
            </ul>
          )}
          {liveStart?.message && (
            <p className="batch-error" role="alert">
              Could not start: {liveStart.message}
            </p>
          )}
          <button type="submit" form={FORM_ID} className="button button--primary batch-new__start" disabled={!canStart}>
            {started.fetching ? 'Starting…' : 'Start bulk replay'}
          </button>
        </aside>
      </main>
    </div>
  );
}
