import { fieldIssues, issueAt, unplacedIssues } from '../../../features/batches/field-issues';
import { exportFileName, formatSigned, ms } from '../../../features/batches/format';
import { applyFormFields, formFieldsOf, fromLocalInput, toLocalInput } from '../../../features/batches/filter-form';
import { groupModels } from '../../../features/batches/model-groups';
import { buildOptions, buildOverrides, describeOverrides, EMPTY_PARAMETERS } from '../../../features/batches/overrides';

describe('buildOverrides', () => {
  it('sends only the fields filled in, with the target model', () => {
    const { overrides, issues } = buildOverrides(
      { provider: 'simulator', model: 'sim-fast' },
      { ...EMPTY_PARAMETERS, temperature: '0.2', maxTokens: '300', stop: 'END\n\n###', toolChoice: 'none', parallelToolCalls: 'false', remove: 'functions, logprobs' },
    );
    expect(issues).toEqual([]);
    expect(overrides).toEqual({
      provider: 'simulator',
      model: 'sim-fast',
      temperature: 0.2,
      maxTokens: 300,
      stop: ['END', '###'],
      toolChoice: { mode: 'none' },
      parallelToolCalls: false,
      remove: ['functions', 'logprobs'],
    });
  });

  it('keeps each request’s own model without a target', () => {
    expect(buildOverrides(null, EMPTY_PARAMETERS)).toEqual({ overrides: {}, issues: [] });
  });

  it('sends a seed as its digits, beyond 2^53 too', () => {
    expect(buildOverrides(null, { ...EMPTY_PARAMETERS, seed: '9007199254740993' }).overrides).toEqual({ seed: '9007199254740993' });
  });

  it('names the fields it cannot send as typed, as the gateway would', () => {
    const { issues } = buildOverrides(null, { ...EMPTY_PARAMETERS, temperature: 'warm', maxTokens: '1.5', seed: '1e3', extra: '[1]' });
    expect(issues).toEqual([
      { field: 'overrides.temperature', message: 'must be a number' },
      { field: 'overrides.maxTokens', message: 'must be a whole number' },
      { field: 'overrides.seed', message: 'must be a whole number' },
      { field: 'overrides.extra', message: 'a JSON object, e.g. {"top_k": 40}' },
    ]);
  });

  it('reads other body fields as a JSON object', () => {
    expect(buildOverrides(null, { ...EMPTY_PARAMETERS, extra: '{"top_k": 40}' }).overrides).toEqual({ extra: { top_k: 40 } });
  });
});

describe('buildOptions', () => {
  it('leaves empty fields to the server’s defaults', () => {
    expect(buildOptions({ name: ' ', concurrency: '', budgetUsd: '', reuseToolResults: false })).toEqual({ options: { reuseToolResults: false }, issues: [] });
    expect(buildOptions({ name: 'nightly', concurrency: '4', budgetUsd: '$2.50', reuseToolResults: true }).options).toEqual({
      name: 'nightly',
      concurrency: 4,
      budgetUsd: 2.5,
      reuseToolResults: true,
    });
    expect(buildOptions({ name: '', concurrency: 'two', budgetUsd: 'lots', reuseToolResults: false }).issues.map((i) => i.field)).toEqual(['options.concurrency', 'options.budgetUsd']);
  });
});

describe('describeOverrides', () => {
  it('says each stored body field', () => {
    expect(describeOverrides({ model: 'm', fields: { temperature: '0.2', functions: null } })).toEqual(['temperature 0.2', 'without functions']);
    expect(describeOverrides({})).toEqual([]);
  });
});

describe('fieldIssues', () => {
  const error = {
    graphQLErrors: [
      {
        message: 'overrides.temperature: must be at most 2; options.concurrency: at least 1',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'overrides.temperature',
          issues: [
            { field: 'overrides.temperature', message: 'must be at most 2' },
            { field: 'options.concurrency', message: 'at least 1' },
          ],
        },
      },
    ],
  };

  it('reads every issue of a BAD_USER_INPUT error', () => {
    expect(fieldIssues(error)).toHaveLength(2);
    expect(issueAt(fieldIssues(error), 'options.concurrency')).toBe('at least 1');
    expect(issueAt(fieldIssues(error), 'options.budgetUsd')).toBeNull();
  });

  it('falls back to the field and the message without the field’s name', () => {
    expect(fieldIssues({ graphQLErrors: [{ message: 'selection: nothing to replay', extensions: { code: 'BAD_USER_INPUT', field: 'selection' } }] })).toEqual([
      { field: 'selection', message: 'nothing to replay' },
    ]);
    expect(fieldIssues({ graphQLErrors: [{ message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] })).toEqual([]);
    expect(fieldIssues(undefined)).toEqual([]);
  });

  it('places an issue under its path, and leaves the rest for the form’s foot', () => {
    const issues = [
      { field: 'selection.ids.3', message: 'no request with this id' },
      { field: 'overrides.fields.max_tokens', message: 'not JSON text' },
    ];
    expect(issueAt(issues, 'selection')).toBe('no request with this id');
    expect(issueAt(issues, 'select')).toBeNull();
    expect(unplacedIssues(issues, ['selection', 'overrides.maxTokens'])).toEqual([issues[1]]);
  });
});

describe('filter form', () => {
  it('turns its fields into a filter, keeping conditions it has no field for', () => {
    const base = { status: ['FAILED' as const], model: ['old'], source: ['API' as const, 'PLAYGROUND' as const] };
    const filter = applyFormFields(base, { model: 'gpt-4o, gpt-4o-mini', tags: 'support,, billing', source: '', from: '', to: '', text: ' refund ' });
    expect(filter).toEqual({ status: ['FAILED'], source: ['API', 'PLAYGROUND'], model: ['gpt-4o', 'gpt-4o-mini'], tagsAny: ['support', 'billing'], text: 'refund' });
    expect(applyFormFields(base, { ...formFieldsOf(base), source: 'BULK' }).source).toEqual(['BULK']);
  });

  it('reads back what it wrote', () => {
    const fields = { model: 'a, b', tags: 't', source: 'API' as const, from: '2026-03-01T09:30', to: '', text: 'x' };
    expect(formFieldsOf(applyFormFields({}, fields))).toEqual(fields);
  });

  it('turns local times into instants and back', () => {
    const iso = fromLocalInput('2026-03-01T09:30')!;
    expect(new Date(iso).getHours()).toBe(9);
    expect(toLocalInput(iso)).toBe('2026-03-01T09:30');
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput('not a time')).toBe('');
  });
});

describe('groupModels', () => {
  const models = [
    { provider: 'simulator', providerLabel: 'Local simulator', name: 'sim-fast', isDefault: true },
    { provider: 'p1', providerLabel: 'Acme', name: 'ft:gpt-4o-mini:acme::x' },
    { provider: 'simulator', providerLabel: 'Local simulator', name: 'sim-large', isDefault: false },
  ].map((m) => ({ isDefault: false, ...m }));

  it('groups by provider in the order listed, filtering by model or provider', () => {
    expect(groupModels(models, '').map((g) => [g.label, g.models.map((m) => m.name)])).toEqual([
      ['Local simulator', ['sim-fast', 'sim-large']],
      ['Acme', ['ft:gpt-4o-mini:acme::x']],
    ]);
    expect(groupModels(models, 'LARGE').map((g) => g.models.map((m) => m.name))).toEqual([['sim-large']]);
    expect(groupModels(models, 'acme').map((g) => g.provider)).toEqual(['p1']);
  });
});

describe('exportFileName', () => {
  it('makes a file name every system takes from the batch’s name', () => {
    expect(exportFileName('Support on sim-fast', 'jsonl')).toBe('reprise-support-on-sim-fast-results.jsonl');
    expect(exportFileName('  ¿Qué? / v2 ', 'csv')).toBe('reprise-qu-v2-results.csv');
    expect(exportFileName('***', 'csv')).toBe('reprise-batch-results.csv');
  });
});

describe('formatSigned', () => {
  it('writes a change with its sign', () => {
    expect(formatSigned(-120, ms)).toBe('−120 ms');
    expect(formatSigned(40, ms)).toBe('+40 ms');
    expect(formatSigned(0, ms)).toBe('±0 ms');
    expect(formatSigned(null, ms)).toBe('—');
  });
});
