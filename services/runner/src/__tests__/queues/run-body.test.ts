import { jsonTextDifference } from '@reprise/contracts';
import { CLOSE_TIMEOUT_MS, isolate } from '../support/isolation.js';
import { startWorkerHarness, terminalOf, type WorkerHarness } from '../support/run-worker.js';

/**
 * The body a run sends is the job's text, byte for byte, with only `model`,
 * `stream` and `stream_options` spliced in: what a JavaScript object would
 * lose (20 digits, a `__proto__` key, key order, spacing) reaches the
 * provider as the job had it.
 */
const suite = isolate();
let harness: WorkerHarness;

beforeAll(async () => {
  harness = await startWorkerHarness(suite, {
    providers: (stand) => [
      { id: 'stand-in', label: 'Stand-in', baseURL: stand.url, apiKey: 'stand-in-key', models: ['stand-in-model'] },
      { id: 'azure', label: 'Azure stand-in', kind: 'azure-openai', baseURL: stand.origin, apiKey: 'azure-key', apiVersion: '2024-10-21', models: ['my-deployment'] },
    ],
  });
});

afterAll(() => harness?.close(), CLOSE_TIMEOUT_MS);
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

/**
 * A logged body's top-level members as written (odd spacing, escapes,
 * legacy shapes, fields no SDK type has), the run's own three among them.
 * Pairs, not an object literal: there `__proto__: x` would set a prototype.
 */
function membersOf(tag: string): [string, string][] {
  return [
    ['model', '"gpt-4o-2024-08-06"'],
    ['messages', `[ {"role":"system","content":"Tag ${tag}"},
      {"role":"user","content":"caf\\u00e9 \\ud83d\\ude00","name":null},
      {"role":"function","name":"lookup","content":"{\\"ok\\":true}"} ]`],
    ['seed', '98765432109876543210'],
    ['__proto__', '{"polluted": true}'],
    ['temperature', '0.70'],
    ['logit_bias', '{"50256": -100}'],
    ['functions', '[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"$ref":"#/$defs/q"}},"$defs":{"q":{"type":"string"}}}}]'],
    ['function_call', '"auto"'],
    ['tools', '[{"type":"function","function":{"name":"get_weather","parameters":{}}}]'],
    ['stop', 'null'],
    ['stream', 'false'],
    ['stream_options', 'null'],
    ['guided_json', '{"a.b": 1, "$schema": "x"}'],
    ['top_k', '1e2'],
  ];
}

const objectText = (members: [string, string][], separator: string) => `{${members.map(([k, v]) => `"${k}": ${v}`).join(separator)}}`;

describe('the body sent', () => {
  it('is the job’s text byte for byte, with model and streaming spliced in where the text had them', async () => {
    let original = '';
    const run = await harness.queueRun({}, { body: (tag) => (original = `\n  ${objectText(membersOf(tag), ',\n  ')}\n`) });
    const completed = terminalOf(await harness.ended(run));
    expect(completed).toMatchObject({ type: 'completed' });

    const [sent] = run.requests();
    expect(run.requests()).toHaveLength(1);
    // Written out: every member as it was, in its place; the three replaced in
    // theirs; only the white space between top-level members goes.
    const spliced = membersOf(run.tag).map(([k, v]): [string, string] => [
      k,
      k === 'model' ? '"stand-in-model"' : k === 'stream' ? 'true' : k === 'stream_options' ? '{"include_usage":true}' : v,
    ]);
    expect(sent!.body).toBe(`\n  ${objectText(spliced, ',')}\n`);
    expect(sent!.body).toContain('"seed": 98765432109876543210');
    expect(sent!.body).toContain('"__proto__": {"polluted": true}');
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.path).toBe('/v1/chat/completions');
    // By value, nothing but the three differs from the original.
    const asSent = original.replace('"gpt-4o-2024-08-06"', '"stand-in-model"').replace('"stream": false', '"stream": true').replace('"stream_options": null', '"stream_options": {"include_usage":true}');
    expect(jsonTextDifference(asSent, sent!.body)).toBeNull();

    const record = await harness.recordOf(run);
    expect(record.requestBody).toBe(sent!.body);
    expect(record).toMatchObject({ toolNames: ['get_weather', 'lookup'], promptText: `Tag ${run.tag}\ncafé 😀\n{"ok":true}`, replayOf: null, batchId: null });
    expect(record).not.toHaveProperty('reusedToolResults');
  });

  it('adds model and streaming at the end when the text has none', async () => {
    const run = await harness.queueRun({}, { body: (tag) => `{"messages":[{"role":"user","content":"${tag}"}],"n":null}` });
    await harness.ended(run);
    expect(run.requests()[0]!.body).toBe(`{"messages":[{"role":"user","content":"${run.tag}"}],"n":null,"model":"stand-in-model","stream":true,"stream_options":{"include_usage":true}}`);
  });

  it('goes to an Azure OpenAI deployment named by the run’s model, the body as it was', async () => {
    const run = await harness.queueRun({}, { provider: 'azure', job: { model: 'my-deployment' }, body: (tag) => `{"messages":[{"role":"user","content":"${tag}"}],"seed":12345678901234567890}` });
    expect(terminalOf(await harness.ended(run))).toMatchObject({ type: 'completed', message: { content: 'Hello world' } });
    const [sent] = run.requests();
    expect(sent!.path).toBe('/openai/deployments/my-deployment/chat/completions');
    expect(sent!.headers['api-key']).toBe('azure-key');
    expect(sent!.body).toBe(`{"messages":[{"role":"user","content":"${run.tag}"}],"seed":12345678901234567890,"model":"my-deployment","stream":true,"stream_options":{"include_usage":true}}`);
    expect((await harness.recordOf(run)).requestBody).toBe(sent!.body);
  });

  it('records every choice of a replayed body with "n":3, and the replay it is', async () => {
    harness.upstream.script({ kind: 'stream', content: ['One'], moreChoices: [{ content: ['Two'] }, { content: ['Three'], finishReason: 'length' }], usage: { prompt_tokens: 4, completion_tokens: 3 } });
    const run = await harness.queueRun({}, { job: { source: 'replay', replayOf: 'req-42' }, body: (tag) => `{"messages":[{"role":"user","content":"${tag}"}],"n":3}` });
    expect(terminalOf(await harness.ended(run))).toMatchObject({ type: 'completed', message: { content: 'One' } });
    const record = await harness.recordOf(run);
    expect(record).toMatchObject({ source: 'replay', replayOf: 'req-42', output: 'One' });
    expect(JSON.parse(record.responseBody!).choices.map((c: { index: number; message: { content: string }; finish_reason: string }) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'One', 'stop'],
      [1, 'Two', 'stop'],
      [2, 'Three', 'length'],
    ]);
  });
});

describe('reading a body of any shape', () => {
  it('never stops a run from ending: odd tools, messages and formats read as what they can', async () => {
    harness.upstream.script({ kind: 'stream', content: ['{"a":1}'] });
    const run = await harness.queueRun(
      {},
      {
        body: (tag) =>
          `{"messages":[null,3,{"role":"user","content":[null,{"type":"text"},{"type":"text","text":"${tag}"}]}],"tools":"none","functions":[null,{"name":7}],"response_format":{"type":"json_schema","json_schema":null}}`,
      },
    );
    expect(terminalOf(await harness.ended(run))).toMatchObject({ type: 'completed', structuredOutput: { valid: true, error: null } });
    expect(await harness.recordOf(run)).toMatchObject({ status: 'completed', toolNames: [], promptText: `\n\n  ${run.tag}` });
  });

  it('says when the schema cannot be checked, and still completes', async () => {
    harness.upstream.script({ kind: 'stream', content: ['{"a":1}'] });
    const run = await harness.queueRun({
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { $ref: 'https://example.com/remote.json' } } },
    });
    // The answer parses; the schema itself could not be compiled, so that is all the check says.
    expect(terminalOf(await harness.ended(run))).toMatchObject({ type: 'completed', structuredOutput: { valid: true, error: expect.stringContaining('could not be checked') } });
  });

  it('fails a run whose body is not a JSON object without calling anyone, and records it once', async () => {
    const before = harness.upstream.chatRequests().length;
    const run = await harness.queueRun({}, { body: (tag) => `["${tag}"]` });
    expect(terminalOf(await harness.ended(run))).toMatchObject({ type: 'failed', error: { kind: 'invalid_request', message: expect.stringContaining('not a JSON object') } });
    expect(harness.upstream.chatRequests()).toHaveLength(before);
    expect(await harness.recordOf(run)).toMatchObject({ status: 'failed', requestBody: `["${run.tag}"]` });
  });
});
