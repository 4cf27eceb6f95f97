import { silentLogger } from '@reprise/runtime';
import { InvalidInputError } from '@reprise/runtime/fastify';
import { openProviderRegistry, UnknownProviderError, type ProviderRegistry, type ProviderRegistryOptions } from '../../providers/provider-registry.js';
import { CLOSE_TIMEOUT_MS, isolate, REDIS_URL } from '../support/isolation.js';
import { listen } from '../support/listen.js';
import { startModelProvider, type ModelProvider } from '../support/model-provider.js';
import { eventually } from '../support/run-stream.js';

const suite = isolate();
let upstream: ModelProvider;
let other: ModelProvider;
/** Two runner processes (an API and a worker, say) sharing one database and one Redis. */
let here: ProviderRegistry;
let there: ProviderRegistry;

const KEY = 'sk-test-0123456789abcdWXYZ';
const HEADER_VALUE = 'header-secret-value-42';

beforeAll(async () => {
  [upstream, other] = await Promise.all([startModelProvider(), startModelProvider()]);
  const options: ProviderRegistryOptions = {
    providers: [{ id: 'simulator', label: 'Stand-in', baseURL: upstream.url, apiKey: 'built-in-key', models: ['stand-in-model'] }],
    database: suite.database,
  };
  const deps = { redisUrl: REDIS_URL, keys: suite.keys, logger: silentLogger() };
  here = await openProviderRegistry(options, deps);
  there = await openProviderRegistry(options, deps);
});

afterAll(async () => {
  await Promise.all([here?.close(), there?.close(), upstream?.close(), other?.close()]);
}, CLOSE_TIMEOUT_MS);
// After the closing hook, and run even when that one failed (see isolate()).
afterAll(() => suite.dispose());

let workspaceCount = 0;
const newWorkspace = () => `ws-${++workspaceCount}-${suite.prefix}`;

async function createProvider(workspaceId: string, extra: Partial<Parameters<ProviderRegistry['store']['create']>[1]> = {}) {
  return here.store.create(workspaceId, {
    name: `p-${Math.random().toString(36).slice(2)}`,
    kind: 'openai-compatible',
    baseURL: upstream.url,
    apiKey: KEY,
    headers: [{ name: 'X-Upstream-Secret', value: HEADER_VALUE }],
    models: [{ id: 'own-model', inputPricePerM: 1, outputPricePerM: 2 }],
    ...extra,
  });
}

describe('provider credentials at rest', () => {
  it('stores neither the key nor a header value in plaintext, and opens both for the call', async () => {
    const workspaceId = newWorkspace();
    const info = await createProvider(workspaceId);
    const stored = await suite.db().collection('providers').findOne({ _id: info.id as never });
    const text = JSON.stringify(stored);
    expect(stored).not.toBeNull();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(HEADER_VALUE);
    expect(stored!.headerNames).toEqual(['X-Upstream-Secret']);
    expect(JSON.stringify(info)).not.toContain(KEY);
    expect(JSON.stringify(info)).not.toContain(HEADER_VALUE);

    const config = await here.store.config(workspaceId, info.id);
    expect(config).toMatchObject({ apiKey: KEY, headers: { 'X-Upstream-Secret': HEADER_VALUE }, prices: { 'own-model': { input: 1, output: 2 } } });
    // What the provider receives is the opened key and header.
    const provider = await there.resolve(workspaceId, info.id);
    await provider.client.models.list();
    const sent = upstream.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['x-upstream-secret']).toBe(HEADER_VALUE);
  });

  it('shows the last four characters of a long key only', async () => {
    const workspaceId = newWorkspace();
    const long = await createProvider(workspaceId);
    expect(long.apiKeyLast4).toBe('WXYZ');
    const short = await createProvider(workspaceId, { apiKey: 'sk-short' });
    expect(short.apiKeyLast4).toBe('');
    const none = await createProvider(workspaceId, { apiKey: undefined });
    expect(none.apiKeyLast4).toBeNull();
    const rekeyed = await here.store.update(workspaceId, none.id, { apiKey: 'sk-another-long-key-9876' });
    expect(rekeyed?.apiKeyLast4).toBe('9876');
    const renamed = await here.store.update(workspaceId, rekeyed!.id, { name: 'renamed' });
    expect(renamed?.apiKeyLast4).toBe('9876');
  });

  it('refuses a name already taken in the workspace, naming the field', async () => {
    const workspaceId = newWorkspace();
    await createProvider(workspaceId, { name: 'twice' });
    const refusal = await createProvider(workspaceId, { name: 'twice' }).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect((refusal as InvalidInputError).issues).toEqual([{ field: 'input.name', message: expect.any(String) }]);
    // Another workspace may use the name.
    await expect(createProvider(newWorkspace(), { name: 'twice' })).resolves.toMatchObject({ name: 'twice' });
  });
});

describe('workspace scoping', () => {
  it("reads another workspace's provider as unknown, for every read and write, even when it is cached", async () => {
    const owner = newWorkspace();
    const stranger = newWorkspace();
    const info = await createProvider(owner);
    await here.resolve(owner, info.id); // cached now
    await expect(here.resolve(stranger, info.id)).rejects.toBeInstanceOf(UnknownProviderError);
    expect(await here.store.get(stranger, info.id)).toBeNull();
    expect(await here.store.list(stranger)).toEqual([]);
    expect(await here.store.update(stranger, info.id, { name: 'taken over' })).toBeNull();
    expect(await here.store.addModel(stranger, info.id, { id: 'x' })).toBeNull();
    expect(await here.store.removeModel(stranger, info.id, 'own-model')).toBeNull();
    expect(await here.store.replaceDiscovered(stranger, info.id, ['x'])).toBeNull();
    expect(await here.store.delete(stranger, info.id)).toBe(false);
    expect(await here.store.config(stranger, info.id)).toBeNull();
    expect((await here.models(stranger)).map((m) => m.provider)).toEqual(['simulator']);
    // Nothing of it changed for its owner.
    expect(await here.store.get(owner, info.id)).toMatchObject({ name: info.name, models: [expect.objectContaining({ id: 'own-model' })] });
    await expect(here.resolve(owner, info.id)).resolves.toMatchObject({ id: info.id });
  });

  it('does not cache a failed load: a stranger asking first leaves the owner served', async () => {
    const owner = newWorkspace();
    const info = await createProvider(owner);
    await expect(there.resolve(newWorkspace(), info.id)).rejects.toBeInstanceOf(UnknownProviderError);
    await expect(there.resolve(owner, info.id)).resolves.toMatchObject({ id: info.id });
  });

  it('loads a cold provider once for every run asking at the same time', async () => {
    const owner = newWorkspace();
    const info = await createProvider(owner, { limits: { rpm: 10, concurrency: 2 } });
    const resolved = await Promise.all(Array.from({ length: 20 }, () => there.resolve(owner, info.id)));
    expect(new Set(resolved.map((p) => p.client)).size).toBe(1);
    expect(resolved[0]).toMatchObject({ builtIn: false, limits: { rpm: 10, concurrency: 2 }, prices: { 'own-model': { input: 1, output: 2 } } });
  });

  it('serves built-ins to every workspace, with their own limits', async () => {
    const provider = await here.resolve(newWorkspace(), 'simulator');
    expect(provider).toMatchObject({ id: 'simulator', builtIn: true, limits: {} });
  });
});

describe('changes across processes', () => {
  it("drops another registry's cached client when a change is announced on Redis", async () => {
    const owner = newWorkspace();
    const info = await createProvider(owner);
    const before = await there.resolve(owner, info.id);
    expect(before.client.baseURL).toBe(upstream.url);
    await here.store.update(owner, info.id, { baseURL: other.url });
    // Well within the cache's minute: only the announcement can have done it.
    const after = await eventually(() => there.resolve(owner, info.id), (p) => p.client !== before.client, 5000);
    expect(after.client.baseURL).toBe(other.url);

    await here.store.delete(owner, info.id);
    await eventually(
      () => there.resolve(owner, info.id).then(() => 'still served', (err: unknown) => (err instanceof UnknownProviderError ? 'unknown' : String(err))),
      (outcome) => outcome === 'unknown',
      5000,
    );
  });

  it('announces on the channel under the prefix', async () => {
    const changes = await listen(suite.redis, suite.keys.providerChanged);
    const owner = newWorkspace();
    const info = await createProvider(owner);
    await here.store.addModel(owner, info.id, { id: 'added' });
    await eventually(() => changes.heard, (ids) => ids.includes(info.id), 5000);
    expect(suite.keys.providerChanged.startsWith(`${suite.prefix}:`)).toBe(true);
    changes.close();
  });
});
