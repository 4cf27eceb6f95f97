import { randomUUID } from 'node:crypto';
import { captureLogs, collectRunEvents, eventually, startStack, START_RUN, type Stack } from '../index.js';

/** Every log line of every service, to search for secrets (no redaction: a key must never be logged at all). */
const { logger: capture, lines: logLines } = captureLogs();

// Unique per run, so finding one anywhere means it leaked from this test.
const KEY = `sk-compat-${randomUUID()}`;
const AZURE_KEY = `az-${randomUUID().replaceAll('-', '')}`;
const NEW_KEY = `sk-rotated-${randomUUID()}`;
const HEADER_SECRET = `hdr-${randomUUID()}`;
const SECRETS = [KEY, AZURE_KEY, NEW_KEY, HEADER_SECRET];

const FIELDS = `id name kind baseURL apiKeyLast4 organization project apiVersion headers builtIn
  models { id label inputPricePerM outputPricePerM supports { tools structuredOutput images streaming } source }
  limits { rpm concurrency }`;
const PROVIDERS = `{ providers { ${FIELDS} } }`;
const PROVIDER = `query ($id: ID!) { provider(id: $id) { ${FIELDS} } }`;
const CREATE = `mutation ($input: CreateProviderInput!) { createProvider(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateProviderInput!) { updateProvider(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation ($id: ID!) { deleteProvider(id: $id) }`;
const ADD_MODEL = `mutation ($providerId: ID!, $input: ModelInput!) { addModel(providerId: $providerId, input: $input) { ${FIELDS} } }`;
const REMOVE_MODEL = `mutation ($providerId: ID!, $modelId: String!) { removeModel(providerId: $providerId, modelId: $modelId) { ${FIELDS} } }`;
const REFRESH = `mutation ($providerId: ID!) { refreshModels(providerId: $providerId) { ${FIELDS} } }`;
const TEST = `mutation ($id: ID!) { testProvider(id: $id) { ok call model status message latencyMs } }`;
const MODELS = `{ models { provider providerLabel name } }`;

interface Provider {
  id: string;
  name: string;
  kind: string;
  apiKeyLast4: string | null;
  headers: string[];
  builtIn: boolean;
  models: { id: string; inputPricePerM: number | null; outputPricePerM: number | null; source: string }[];
  limits: { rpm: number | null; concurrency: number | null };
}

let stack: Stack;
let other: { workspaceId: string; apiKey: string };
let compat: Provider;
let azure: Provider;

beforeAll(async () => {
  stack = await startStack({ logger: capture });
  other = await stack.newWorkspace('other');
});
afterAll(async () => {
  await stack?.close();
});

async function create(input: Record<string, unknown>, apiKey?: string): Promise<Provider> {
  const res = await stack.graphql<{ createProvider: Provider }>(CREATE, { input }, apiKey);
  expect(res.errors).toBeUndefined();
  return res.data!.createProvider;
}

/** Runs one prompt on a provider's model; resolves with the terminal event and the request the simulator received. */
async function runOn(provider: string, model: string) {
  const marker = `hello ${randomUUID()}`;
  const res = await stack.graphql<{ startRun: { id: string } }>(START_RUN, { input: { provider, model, messages: [{ role: 'user', content: marker }] } });
  expect(res.errors).toBeUndefined();
  const events = await collectRunEvents(stack.wsClient(), res.data!.startRun.id);
  const received = stack.simulator.recorded.find((r) => JSON.stringify(r.body ?? '').includes(marker));
  return { end: events.at(-1)!, received };
}

const errorOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions;

describe('an OpenAI-compatible provider', () => {
  it('is created with its key shown only as the last four characters, and header names only', async () => {
    compat = await create({
      name: 'Team gateway',
      kind: 'openai-compatible',
      baseURL: `${stack.simulator.url}/`,
      apiKey: KEY,
      organization: 'org-acme',
      project: 'proj-one',
      headers: [{ name: 'X-Team-Token', value: HEADER_SECRET }, { name: 'X-Region', value: 'eu' }],
      models: [{ id: 'sim-fast', label: 'Fast', inputPricePerM: 1, outputPricePerM: 2 }],
      limits: { rpm: 600, concurrency: 4 },
    });
    expect(compat).toMatchObject({
      name: 'Team gateway',
      kind: 'openai-compatible',
      baseURL: stack.simulator.url,
      apiKeyLast4: KEY.slice(-4),
      headers: ['X-Team-Token', 'X-Region'],
      builtIn: false,
      limits: { rpm: 600, concurrency: 4 },
      models: [{ id: 'sim-fast', inputPricePerM: 1, outputPricePerM: 2, source: 'manual' }],
    });
    const listed = await stack.graphql<{ providers: Provider[] }>(PROVIDERS);
    expect(listed.data!.providers.map((p) => [p.id, p.builtIn])).toEqual([['simulator', true], [compat.id, false]]);
    const models = await stack.graphql<{ models: { provider: string; name: string }[] }>(MODELS);
    expect(models.data!.models).toContainEqual({ provider: compat.id, providerLabel: 'Team gateway', name: 'sim-fast' });
  });

  it('runs a model with the bearer key, organization, project and extra headers on the request', async () => {
    const { end, received } = await runOn(compat.id, 'sim-fast');
    expect(end.__typename).toBe('RunCompleted');
    expect(received).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(received!.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'x-team-token': HEADER_SECRET,
      'x-region': 'eu',
      'openai-organization': 'org-acme',
      'openai-project': 'proj-one',
    });
  });

  it('runs a fine-tuned model id added by hand', async () => {
    const ft = 'ft:gpt-4o-mini:acme::abc123';
    const added = await stack.graphql<{ addModel: Provider }>(ADD_MODEL, { providerId: compat.id, input: { id: ft, inputPricePerM: 0.3, outputPricePerM: 1.2 } });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addModel.models.map((m) => m.id)).toEqual(['sim-fast', ft]);
    const { end, received } = await runOn(compat.id, ft);
    expect(end.__typename).toBe('RunCompleted');
    expect((received!.body as { model: string }).model).toBe(ft);
  });

  it("refreshes its models from the provider's list, keeping known prices and models added by hand", async () => {
    const res = await stack.graphql<{ refreshModels: Provider }>(REFRESH, { providerId: compat.id });
    expect(res.errors).toBeUndefined();
    const models = res.data!.refreshModels.models;
    expect(models.map((m) => m.id).sort()).toEqual(['ft:gpt-4o-mini:acme::abc123', 'sim-fast', 'sim-large']);
    expect(models.find((m) => m.id === 'sim-fast')).toMatchObject({ inputPricePerM: 1, outputPricePerM: 2 });
    expect(models.find((m) => m.id === 'sim-large')).toMatchObject({ inputPricePerM: null, source: 'discovered' });
    const removed = await stack.graphql<{ removeModel: Provider }>(REMOVE_MODEL, { providerId: compat.id, modelId: 'sim-large' });
    expect(removed.data!.removeModel.models.map((m) => m.id)).not.toContain('sim-large');
  });

  it('tests ok against the simulator', async () => {
    const res = await stack.graphql<{ testProvider: Record<string, unknown> }>(TEST, { id: compat.id });
    expect(res.data!.testProvider).toMatchObject({ ok: true, call: 'chat', model: 'sim-fast', status: null, message: null });
  });

  it('sends no Authorization header for a server that takes no key (Ollama, vLLM)', async () => {
    const keyless = await create({ name: 'Keyless', kind: 'openai-compatible', baseURL: stack.simulator.url, models: [{ id: 'sim-fast' }] });
    expect(keyless.apiKeyLast4).toBeNull();
    const { end, received } = await runOn(keyless.id, 'sim-fast');
    expect(end.__typename).toBe('RunCompleted');
    expect(received!.headers.authorization).toBeUndefined();
  });

  it('uses a new key and headers at once after an update (cached clients are dropped)', async () => {
    const res = await stack.graphql<{ updateProvider: Provider }>(UPDATE, {
      id: compat.id,
      input: { apiKey: NEW_KEY, headers: [{ name: 'x-region', value: null }], organization: '' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateProvider).toMatchObject({ apiKeyLast4: NEW_KEY.slice(-4), headers: ['X-Team-Token'] });
    const { received } = await runOn(compat.id, 'sim-fast');
    expect(received!.headers.authorization).toBe(`Bearer ${NEW_KEY}`);
    expect(received!.headers['x-team-token']).toBe(HEADER_SECRET);
    expect(received!.headers['x-region']).toBeUndefined();
    expect(received!.headers['openai-organization']).toBeUndefined();
  });
});

describe('an Azure OpenAI provider', () => {
  it("calls the deployment's URL with the api-version and an api-key header", async () => {
    azure = await create({
      name: 'Azure prod',
      kind: 'azure-openai',
      baseURL: stack.simulator.url.replace(/\/v1$/, ''),
      apiKey: AZURE_KEY,
      apiVersion: '2024-10-21',
      models: [{ id: 'gpt4o-deployment' }],
    });
    const { end, received } = await runOn(azure.id, 'gpt4o-deployment');
    expect(end.__typename).toBe('RunCompleted');
    expect(received).toMatchObject({ path: '/openai/deployments/gpt4o-deployment/chat/completions', query: { 'api-version': '2024-10-21' } });
    expect(received!.headers['api-key']).toBe(AZURE_KEY);
    expect(received!.headers.authorization).toBeUndefined();
  });

  it('tests ok with a one-token call to its first deployment', async () => {
    const res = await stack.graphql<{ testProvider: Record<string, unknown> }>(TEST, { id: azure.id });
    expect(res.data!.testProvider).toMatchObject({ ok: true, call: 'chat', model: 'gpt4o-deployment' });
  });
});

describe('a provider that refuses the key', () => {
  it("reports the provider's own error text and status", async () => {
    const refused = await create({
      name: 'Refuses',
      kind: 'openai-compatible',
      baseURL: stack.simulator.url,
      apiKey: KEY,
      headers: [{ name: 'x-sim-fail', value: '401' }],
      models: [{ id: 'sim-fast' }],
    });
    const res = await stack.graphql<{ testProvider: { ok: boolean; status: number; message: string } }>(TEST, { id: refused.id });
    expect(res.data!.testProvider).toMatchObject({ ok: false, call: 'chat', status: 401 });
    expect(res.data!.testProvider.message).toMatch(/^Incorrect API key provided: .*simulated authentication failure/);
  });
});

describe('workspace isolation', () => {
  it("another workspace's key cannot read, change, delete, test or run on the provider", async () => {
    const key = other.apiKey;
    expect((await stack.graphql(PROVIDER, { id: compat.id }, key)).data).toEqual({ provider: null });
    const listed = await stack.graphql<{ providers: Provider[] }>(PROVIDERS, {}, key);
    expect(listed.data!.providers.map((p) => p.id)).toEqual(['simulator']);
    const models = await stack.graphql<{ models: { provider: string }[] }>(MODELS, {}, key);
    expect(models.data!.models.every((m) => m.provider === 'simulator')).toBe(true);

    const attempts: [string, Record<string, unknown>][] = [
      [UPDATE, { id: compat.id, input: { name: 'mine now' } }],
      [DELETE, { id: compat.id }],
      [TEST, { id: compat.id }],
      [ADD_MODEL, { providerId: compat.id, input: { id: 'x' } }],
      [REMOVE_MODEL, { providerId: compat.id, modelId: 'sim-fast' }],
      [REFRESH, { providerId: compat.id }],
    ];
    for (const [query, variables] of attempts) {
      expect({ query, code: errorOf(await stack.graphql(query, variables, key))?.code }).toEqual({ query, code: 'NOT_FOUND' });
    }
    const run = await stack.graphql(START_RUN, { input: { provider: compat.id, model: 'sim-fast', messages: [{ role: 'user', content: 'hi' }] } }, key);
    expect(errorOf(run)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.provider' });
    // Still there, unchanged, for its own workspace.
    expect((await stack.graphql<{ provider: Provider }>(PROVIDER, { id: compat.id })).data!.provider.name).toBe('Team gateway');
  });
});

describe('bad input', () => {
  const valid = { name: 'Valid', kind: 'openai-compatible', baseURL: 'http://127.0.0.1:1/v1' };
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown kind', { ...valid, kind: 'banana' }, 'input.kind'],
    ['a base URL that is not one', { ...valid, baseURL: 'not a url' }, 'input.baseURL'],
    ['a negative price', { ...valid, models: [{ id: 'm', inputPricePerM: -1 }] }, 'input.models.0.inputPricePerM'],
    ['no base URL for a compatible server', { name: 'x', kind: 'openai-compatible' }, 'input.baseURL'],
    ['Azure without an API version', { ...valid, kind: 'azure-openai', apiKey: 'k' }, 'input.apiVersion'],
    ['OpenAI without a key', { name: 'x', kind: 'openai' }, 'input.apiKey'],
    ['a header name with a space', { ...valid, headers: [{ name: 'x bad', value: 'v' }] }, 'input.headers.0.name'],
    ['a header value with a line break', { ...valid, headers: [{ name: 'x-a', value: 'v\r\nx-b: y' }] }, 'input.headers.0.value'],
    ['a name already taken', { ...valid, name: 'Team gateway' }, 'input.name'],
    ['a limit of zero', { ...valid, limits: { concurrency: 0 } }, 'input.limits.concurrency'],
  ];

  it.each(cases)('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, input, field) => {
    const before = (await stack.graphql<{ providers: Provider[] }>(PROVIDERS)).data!.providers.length;
    const res = await stack.graphql(CREATE, { input });
    expect(res.data?.createProvider ?? null).toBeNull();
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect((await stack.graphql<{ providers: Provider[] }>(PROVIDERS)).data!.providers.length).toBe(before);
  });

  it('refuses a negative price on a model added by hand, and changes to a built-in provider', async () => {
    const price = await stack.graphql(ADD_MODEL, { providerId: compat.id, input: { id: 'm', outputPricePerM: -0.5 } });
    expect(errorOf(price)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.outputPricePerM' });
    const builtIn = await stack.graphql(UPDATE, { id: 'simulator', input: { name: 'mine' } });
    expect(errorOf(builtIn)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const unset = await stack.graphql(UPDATE, { id: azure.id, input: { baseURL: 'ftp://example.com' } });
    expect(errorOf(unset)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.baseURL' });
  });
});

describe('secrets at rest and in logs', () => {
  it('stores no key or header value in plaintext', async () => {
    const docs = await stack.history.connection.getClient().db(stack.runnerDb).collection('providers').find({}).toArray();
    expect(docs.length).toBeGreaterThanOrEqual(3);
    const raw = JSON.stringify(docs);
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    const stored = docs.find((d) => d._id === (compat.id as unknown));
    expect(stored).toMatchObject({ apiKey: expect.stringMatching(/^v1\./), headers: expect.stringMatching(/^v1\./), apiKeyLast4: NEW_KEY.slice(-4) });
  });

  it('writes no key or header value to any log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });

  it('refuses runs on a provider deleted by another process, once the runner announces it', async () => {
    const gone = await create({ name: 'Gone soon', kind: 'openai-compatible', baseURL: stack.simulator.url, models: [{ id: 'sim-fast' }] });
    // A run first: the gateway now knows the provider exists.
    expect((await runOn(gone.id, 'sim-fast')).end.__typename).toBe('RunCompleted');
    // Deleted through the runner directly, as another gateway's mutation would be.
    const res = await fetch(`${stack.runnerUrl}/providers/${gone.id}?workspaceId=${stack.workspaceId}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const refused = await eventually(async () => {
      const run = await stack.graphql(START_RUN, { input: { provider: gone.id, model: 'sim-fast', messages: [{ role: 'user', content: 'hi' }] } });
      return run.errors ? run : null;
    });
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.provider' });
  });

  it('deletes the provider; runs on it are refused from then on', async () => {
    expect((await stack.graphql(DELETE, { id: compat.id })).data).toEqual({ deleteProvider: true });
    const run = await stack.graphql(START_RUN, { input: { provider: compat.id, model: 'sim-fast', messages: [{ role: 'user', content: 'hi' }] } });
    expect(errorOf(run)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.provider' });
  });
});
