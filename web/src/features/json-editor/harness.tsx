// The JSON editors alone on a page, for the browser tests: not imported by the app.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { startTheme } from '../theme/theme';
import { JsonEditor, type JsonEditorKind, type JsonProblem } from './JsonEditor';
import '../../styles.css';
import './harness.css';

const TOOLS_SAMPLE = JSON.stringify(
  [
    {
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: {
        type: 'object',
        $defs: { unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        properties: { city: { type: 'string' }, unit: { $ref: '#/$defs/unit' } },
        required: ['city'],
      },
    },
  ],
  null,
  2,
);

const SCHEMA_SAMPLE = JSON.stringify(
  { type: 'object', properties: { answer: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } }, required: ['answer'] },
  null,
  2,
);

const REPLACEMENT: Record<JsonEditorKind, string> = {
  tools: '[{ "name": "search", "parameters": { "type": "object" } }]',
  'json-schema': '{ "type": "array" }',
  json: '{ "seed": 7 }',
};

function Field({ kind, label, initial, rows }: { kind: JsonEditorKind; label: string; initial: string; rows?: number }) {
  const [value, setValue] = useState(initial);
  const [reported, setReported] = useState<JsonProblem[] | null>(null);
  return (
    <section className="harness__field" aria-label={`${label} field`} data-testid={`${kind}-field`} data-value={value}>
      <h2>{label}</h2>
      <JsonEditor label={label} value={value} onChange={setValue} kind={kind} onProblems={setReported} rows={rows} testId={`${kind}-editor`} />
      <p className="harness__reported">
        onProblems: <output data-testid={`${kind}-reported`}>{reported === null ? 'not called' : JSON.stringify(reported)}</output>
      </p>
      <button type="button" className="button button--quiet" onClick={() => setValue(REPLACEMENT[kind])}>
        Replace {label}
      </button>
    </section>
  );
}

function Harness() {
  return (
    <main className="harness">
      <h1>JSON editor test page</h1>
      <div className="harness__grid">
        <Field kind="tools" label="Tools" initial={TOOLS_SAMPLE} rows={16} />
        <Field kind="json-schema" label="Response schema" initial={SCHEMA_SAMPLE} />
        <Field kind="json" label="Provider fields" initial={'{\n  "logit_bias": { "50256": -100 }\n}'} rows={5} />
      </div>
    </main>
  );
}

// Stands in for the playground's Run shortcut: the tests check that the editor lets Ctrl+Enter through.
window.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    document.body.dataset.runShortcuts = String(Number(document.body.dataset.runShortcuts ?? 0) + 1);
  }
});

startTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
