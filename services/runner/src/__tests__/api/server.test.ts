import { QueueName, RunPriority, type RunJob } from '@reprise/contracts';
import { silentLogger } from '@reprise/runtime';
import { Queue } from 'bullmq';
import { startRunnerApi, type RunnerApi } from '../../api/server.js';
import { CLOSE_TIMEOUT_MS, isolate, REDIS_URL } from '../support/isolation.js';
import { listen } from '../support/listen.js';
import { startModelProvider, type ModelProvider } from '../support/model-provider.js';
import { eventually } from '../support/run-stream.js';

const suite = isolate();
let upstream: ModelProvider;
let api: RunnerApi;
let runs: Queue<RunJob>;

beforeAll(async () => {
  upstream = await startModelProvider({ models: ['listed-a', 'listed-b'] });
  api = await startRunnerApi({
    redisUrl: REDIS_URL,
    redisPrefix: suite.prefix,
    providers: {
      providers: [{ id: 'stand-in', label: 'Stand-in', baseURL: upstream.url, apiKey: 'k', models: ['stand-in-model'], limits: { rpm: 60 } }],
      database: suite.database,
    },
    logger: silentLogger(),
  });
  runs = new Queue(QueueName.Runs, { connection: suite.redis, prefix: suite.prefix });
});

afterAll(async () => {
  await api?.close();
  await Promise.all([runs?.close(), upstream?.close()]);
}, CLOSE_TIMEOUT_MS);
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const invalid = (...issues: { field: string; message?: unknown }[]) => ({
  error: 'invalid_input',
  issues: issues.map((i) => ({ field: i.field, message: i.message ?? expect.any(String) })),
});
const queuedCount = async () => Object.values(await runs.getJobCounts()).reduce((a, b) => a + b, 0);
const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] });

describe('POST /runs', () => {
  it('queues the run on the default provider and remembers its workspace', async () => {
    const res = await call('POST', '/runs', { workspaceId: 'ws-a', model: 'stand-in-model', body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ runId: expect.any(String), provider: 'stand-in', model: 'stand-in-model' });
    const job = await runs.getJob(res.body.runId);
    expect(job?.data).toEqual({ runId: res.body.runId, workspaceId: 'ws-a', source: 'playground', provider: 'stand-in', model: 'stand-in-model', body, queuedAt: expect.any(String) });
    expect(job?.opts.priority).toBe(RunPriority.Interactive);
    expect(await suite.redis.get(suite.keys.runOwner(res.body.runId))).toBe('ws-a');
  });

  it('puts the body text on the job as it came, and a replay’s origin and options with it', async () => {
    // What an object would not keep: 20 digits, a __proto__ key, key order, spacing, an explicit null.
    const text = '{ "seed": 98765432109876543210, "__proto__": {"x": 1}, "messages": [{"role":"user","content":"Hi"}], "user": null, "model": "old" }';
    const res = await call('POST', '/runs', { workspaceId: 'ws-a', model: 'stand-in-model', body: text, source: 'replay', replayOf: 'req-1', reuseToolResults: true });
    expect(res.status).toBe(201);
    const job = await runs.getJob(res.body.runId);
    expect(job?.data).toMatchObject({ source: 'replay', replayOf: 'req-1', reuseToolResults: true });
    expect(job?.data.body).toBe(text);
  });

  it('takes a message of any size: the gateway checks a playground run, a replay sends what was logged', async () => {
    const res = await call('POST', '/runs', { workspaceId: 'ws-a', model: 'stand-in-model', body: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(300_000) }], temperature: 3 }) });
    expect(res.status).toBe(201);
  });

  it('names every bad field, and queues nothing', async () => {
    const before = await queuedCount();
    const res = await call('POST', '/runs', { workspaceId: 'ws-a', model: '', body: '{"messages": [' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_input');
    expect(res.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['body', 'model']);
    expect(res.body.issues).toContainEqual({ field: 'model', message: 'model is required' });
    expect(res.body.issues).toContainEqual({ field: 'body', message: 'not JSON text' });
    for (const [text, message] of [
      ['[]', 'not a JSON object'],
      ['{"messages":[]}', 'needs a non-empty messages list'],
      ['{"messages":{"role":"user"}}', 'needs a non-empty messages list'],
    ]) {
      expect(await call('POST', '/runs', { workspaceId: 'ws-a', model: 'm', body: text })).toEqual({ status: 400, body: invalid({ field: 'body', message }) });
    }
    // The body is text, not an object: an object is refused, naming it.
    expect(await call('POST', '/runs', { workspaceId: 'ws-a', model: 'm', body: { messages: [] } })).toEqual({ status: 400, body: invalid({ field: 'body' }) });
    expect(await call('POST', '/runs', { workspaceId: 'ws-a', model: 'm', body, source: 'bulk' })).toEqual({ status: 400, body: invalid({ field: 'source' }) });
    expect(await queuedCount()).toBe(before);
  });

  it('refuses a provider the workspace does not have, naming `provider`', async () => {
    const res = await call('POST', '/runs', { workspaceId: 'ws-a', provider: 'nope', model: 'm', body });
    expect(res).toEqual({ status: 400, body: invalid({ field: 'provider', message: 'unknown provider "nope"' }) });
  });

  it('answers malformed JSON with a 400', async () => {
    const res = await fetch(`${api.url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
  });
});

describe('POST /runs/group', () => {
  it('queues every variant, or none: the bad one is named by its index', async () => {
    const before = await queuedCount();
    const variant = { model: 'stand-in-model', body };
    const refused = await call('POST', '/runs/group', { workspaceId: 'ws-a', runs: [variant, variant, { ...variant, provider: 'nope' }] });
    expect(refused).toEqual({ status: 400, body: invalid({ field: 'runs.2.provider', message: 'unknown provider "nope"' }) });
    const badBody = await call('POST', '/runs/group', { workspaceId: 'ws-a', runs: [variant, { ...variant, body: '{"model":"x"}' }] });
    expect(badBody).toEqual({ status: 400, body: invalid({ field: 'runs.1.body', message: 'needs a non-empty messages list' }) });
    expect(await queuedCount()).toBe(before);

    const tooFew = await call('POST', '/runs/group', { workspaceId: 'ws-a', runs: [variant] });
    expect(tooFew).toEqual({ status: 400, body: invalid({ field: 'runs', message: 'compare at least 2 variants' }) });

    const other = '{"messages":[{"role":"user","content":"Hi"}],"seed":12345678901234567890}';
    const ok = await call('POST', '/runs/group', { workspaceId: 'ws-a', runs: [variant, { ...variant, provider: 'stand-in', body: other }] });
    expect(ok.status).toBe(201);
    expect(ok.body.runs).toHaveLength(2);
    expect(await queuedCount()).toBe(before + 2);
    for (const run of ok.body.runs) expect(await suite.redis.get(suite.keys.runOwner(run.runId))).toBe('ws-a');
    const jobs = await Promise.all(ok.body.runs.map((r: { runId: string }) => runs.getJob(r.runId)));
    expect(jobs.map((j) => [j?.data.source, j?.data.body])).toEqual([
      ['playground', body],
      ['playground', other],
    ]);
  });
});

describe('POST /runs/:id/cancel', () => {
  it("cancels the workspace's own run and reads another's as not found", async () => {
    const { body: started } = await call('POST', '/runs', { workspaceId: 'ws-a', model: 'stand-in-model', body });
    const cancels = await listen(suite.redis, suite.keys.runCancelChannel);

    expect(await call('POST', `/runs/${started.runId}/cancel`, { workspaceId: 'ws-b' })).toEqual({ status: 404, body: { error: 'not_found' } });
    expect(await call('POST', '/runs/no-such-run/cancel', { workspaceId: 'ws-a' })).toEqual({ status: 404, body: { error: 'not_found' } });
    expect(await suite.redis.exists(suite.keys.runCancel(started.runId))).toBe(0);
    expect(await call('POST', `/runs/${started.runId}/cancel`, {})).toEqual({ status: 400, body: invalid({ field: 'workspaceId' }) });

    const res = await call('POST', `/runs/${started.runId}/cancel`, { workspaceId: 'ws-a' });
    expect(res).toEqual({ status: 202, body: { runId: started.runId, provider: 'stand-in', model: 'stand-in-model' } });
    expect(await suite.redis.exists(suite.keys.runCancel(started.runId))).toBe(1);
    await eventually(() => cancels.heard, (ids) => ids.includes(started.runId));
    cancels.close();
  });
});

describe('providers', () => {
  const input = { name: 'Mine', kind: 'openai-compatible', baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-abcdefghijklmnop' };

  it('lists built-ins with their limits, and the workspace’s own providers', async () => {
    expect(await call('GET', '/providers')).toEqual({ status: 400, body: invalid({ field: 'workspaceId' }) });
    const created = await call('POST', '/providers', { workspaceId: 'ws-list', input });
    expect(created.status).toBe(201);
    const listed = await call('GET', '/providers?workspaceId=ws-list');
    expect(listed.body.providers.map((p: { id: string }) => p.id)).toEqual(['stand-in', created.body.id]);
    expect(listed.body.providers[0]).toMatchObject({ builtIn: true, limits: { rpm: 60, concurrency: null }, apiKeyLast4: null });
    expect(JSON.stringify(listed.body)).not.toContain(input.apiKey);
    expect((await call('GET', '/providers?workspaceId=ws-other')).body.providers.map((p: { id: string }) => p.id)).toEqual(['stand-in']);
    const models = await call('GET', '/models?workspaceId=ws-list');
    expect(models.body.models).toEqual([{ provider: 'stand-in', providerLabel: 'Stand-in', name: 'stand-in-model', isDefault: true }]);
  });

  it('names bad input by its field, the store’s refusals as the schema’s', async () => {
    const noUrl = await call('POST', '/providers', { workspaceId: 'ws-bad', input: { ...input, baseURL: undefined } });
    expect(noUrl).toEqual({ status: 400, body: invalid({ field: 'input.baseURL', message: 'a base URL is required' }) });
    await call('POST', '/providers', { workspaceId: 'ws-bad', input });
    const twice = await call('POST', '/providers', { workspaceId: 'ws-bad', input });
    expect(twice).toEqual({ status: 400, body: invalid({ field: 'input.name' }) });
    const { body: created } = await call('POST', '/providers', { workspaceId: 'ws-bad', input: { ...input, name: 'Other' } });
    const azureOnly = await call('PUT', `/providers/${created.id}`, { workspaceId: 'ws-bad', input: { apiVersion: '2024-10-21' } });
    expect(azureOnly).toEqual({ status: 400, body: invalid({ field: 'input.apiVersion', message: 'only Azure OpenAI takes an API version' }) });
    const noModelId = await call('DELETE', `/providers/${created.id}/models?workspaceId=ws-bad`);
    expect(noModelId).toEqual({ status: 400, body: invalid({ field: 'modelId' }) });
    const unknownModel = await call('DELETE', `/providers/${created.id}/models?workspaceId=ws-bad&modelId=ghost`);
    expect(unknownModel).toEqual({ status: 400, body: invalid({ field: 'modelId', message: 'the provider has no model "ghost"' }) });
  });

  it('refuses to change a built-in', async () => {
    expect(await call('PUT', '/providers/stand-in', { workspaceId: 'ws-a', input: { name: 'x' } })).toEqual({ status: 400, body: invalid({ field: 'id' }) });
    expect(await call('DELETE', '/providers/stand-in?workspaceId=ws-a')).toEqual({ status: 400, body: invalid({ field: 'id' }) });
    expect(await call('POST', '/providers/stand-in/models', { workspaceId: 'ws-a', input: { id: 'm' } })).toEqual({ status: 400, body: invalid({ field: 'providerId' }) });
    expect(await call('POST', '/providers/stand-in/refresh-models', { workspaceId: 'ws-a' })).toEqual({ status: 400, body: invalid({ field: 'providerId' }) });
    expect((await call('GET', '/providers/stand-in?workspaceId=ws-a')).body).toMatchObject({ id: 'stand-in', builtIn: true });
  });

  it("answers 404 for another workspace's provider on every route", async () => {
    const { body: created } = await call('POST', '/providers', { workspaceId: 'ws-owner', input: { ...input, baseURL: upstream.url } });
    const id = created.id as string;
    const notFound = { status: 404, body: { error: 'not_found' } };
    expect(await call('GET', `/providers/${id}?workspaceId=ws-x`)).toEqual(notFound);
    expect(await call('PUT', `/providers/${id}`, { workspaceId: 'ws-x', input: { name: 'x' } })).toEqual(notFound);
    expect(await call('DELETE', `/providers/${id}?workspaceId=ws-x`)).toEqual(notFound);
    expect(await call('POST', `/providers/${id}/models`, { workspaceId: 'ws-x', input: { id: 'm' } })).toEqual(notFound);
    expect(await call('DELETE', `/providers/${id}/models?workspaceId=ws-x&modelId=m`)).toEqual(notFound);
    expect(await call('POST', `/providers/${id}/refresh-models`, { workspaceId: 'ws-x' })).toEqual(notFound);
    expect(await call('POST', `/providers/${id}/test`, { workspaceId: 'ws-x' })).toEqual(notFound);
    expect(await call('POST', '/runs', { workspaceId: 'ws-x', provider: id, model: 'm', body })).toEqual({
      status: 400,
      body: invalid({ field: 'provider', message: `unknown provider "${id}"` }),
    });
    expect((await call('GET', `/providers/${id}?workspaceId=ws-owner`)).body).toMatchObject({ id, name: 'Mine' });
  });

  it('discovers models, tests the provider and deletes it, for its owner', async () => {
    const { body: created } = await call('POST', '/providers', { workspaceId: 'ws-owner2', input: { ...input, baseURL: upstream.url } });
    const id = created.id as string;
    const refreshed = await call('POST', `/providers/${id}/refresh-models`, { workspaceId: 'ws-owner2' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ ok: true, provider: { models: [{ id: 'listed-a', source: 'discovered' }, { id: 'listed-b', source: 'discovered' }] } });
    const { body: removed } = await call('DELETE', `/providers/${id}/models?workspaceId=ws-owner2&modelId=listed-a`);
    expect(removed.models.map((m: { id: string }) => m.id)).toEqual(['listed-b']);
    const { body: added } = await call('POST', `/providers/${id}/models`, { workspaceId: 'ws-owner2', input: { id: 'ft:gpt-4o-mini:acme::abc' } });
    expect(added.models.map((m: { id: string }) => m.id)).toEqual(['listed-b', 'ft:gpt-4o-mini:acme::abc']);
    await call('DELETE', `/providers/${id}/models?workspaceId=ws-owner2&modelId=listed-b`);
    await call('DELETE', `/providers/${id}/models?${new URLSearchParams({ workspaceId: 'ws-owner2', modelId: 'ft:gpt-4o-mini:acme::abc' })}`);
    // Without models, the test lists models: the smallest call that checks URL and key.
    const tested = await call('POST', `/providers/${id}/test`, { workspaceId: 'ws-owner2' });
    expect(tested.body).toMatchObject({ ok: true, call: 'models' });
    expect(await call('DELETE', `/providers/${id}?workspaceId=ws-owner2`)).toEqual({ status: 200, body: { deleted: true } });
    expect((await call('GET', `/providers/${id}?workspaceId=ws-owner2`)).status).toBe(404);
  });
});
