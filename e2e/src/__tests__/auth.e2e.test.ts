import { captureLogs, collectRunEvents, startStack, START_RUN, type Stack } from '../index.js';

/** Every log line of every service, to search for secrets. */
const { logger: capture, lines: logLines } = captureLogs();

let stack: Stack;
let a: { workspaceId: string; apiKey: string };
let b: { workspaceId: string; apiKey: string };

beforeAll(async () => {
  stack = await startStack({ logger: capture });
  a = await stack.newWorkspace('a');
  b = await stack.newWorkspace('b');
});
afterAll(async () => {
  await stack?.close();
});

const MODELS = `{ models { name } }`;
const LOG = `mutation ($input: LogRequestInput!) { logRequest(input: $input) }`;
const REQUEST = `query ($id: ID!) { request(id: $id) { id tags } }`;
const logged = (externalId?: string) => ({
  provider: 'openai',
  requestBody: '{"model":"gpt-4o","messages":[{"role":"user","content":"secret plans of A"}]}',
  startedAt: new Date().toISOString(),
  ...(externalId ? { externalId } : {}),
});

function closeReason(apiKey: string | null): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const client = stack.wsClient(apiKey);
    client.on('closed', (event) => {
      const e = event as { code: number; reason: string };
      resolve({ code: e.code, reason: e.reason });
    });
    client.subscribe({ query: `subscription { runEvents(runId: "00000000-0000-4000-8000-000000000000") { id } }` }, { next() {}, error() {}, complete() {} });
  });
}

describe('authentication', () => {
  it.each([
    ['no key', null],
    ['an unknown key', 'rp_thisKeyWasNeverIssued000000000000000000000'],
    ['not a bearer token', 'hello'],
  ])('refuses %s over HTTP with UNAUTHENTICATED', async (_name, key) => {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: key === 'hello' ? key : `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query: MODELS }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a WebSocket without a valid key in connection_init', async () => {
    for (const key of [null, 'rp_nope']) {
      const closed = await closeReason(key);
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/^UNAUTHENTICATED/);
    }
  });

  it('refuses a revoked key from then on, over HTTP and WebSocket', async () => {
    const created = await stack.graphql(`mutation { createApiKey(name: "temp") { key apiKey { id name prefix } } }`, {}, a.apiKey);
    const { key, apiKey } = created.data!.createApiKey;
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect((await stack.graphql(MODELS, {}, key)).errors).toBeUndefined();
    const revoked = await stack.graphql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: apiKey.id }, a.apiKey);
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    expect((await stack.graphql(MODELS, {}, key)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await closeReason(key)).code).toBe(4401);
    const list = await stack.graphql(`{ apiKeys { id name prefix lastUsedAt revokedAt } }`, {}, a.apiKey);
    expect(JSON.stringify(list.data)).not.toContain(key);
    expect(list.data!.apiKeys.find((k: { id: string }) => k.id === apiKey.id).revokedAt).not.toBeNull();
  });
});

describe("one workspace's key reaches nothing of another's", () => {
  let requestId: string;
  let runId: string;
  let keyIdOfA: string;

  beforeAll(async () => {
    requestId = (await stack.graphql(LOG, { input: logged() }, a.apiKey)).data!.logRequest;
    runId = (await stack.graphql(START_RUN, { input: { model: 'sim-fast', messages: [{ role: 'user', content: 'mine' }] } }, a.apiKey)).data!.startRun.id;
    await collectRunEvents(stack.wsClient(a.apiKey), runId);
    keyIdOfA = (await stack.graphql(`{ apiKeys { id } }`, {}, a.apiKey)).data!.apiKeys[0].id;
  });

  it('request(id) reads nothing', async () => {
    expect((await stack.graphql(REQUEST, { id: requestId }, b.apiKey)).data!.request).toBeNull();
    expect((await stack.graphql(REQUEST, { id: runId }, b.apiKey)).data!.request).toBeNull();
    expect((await stack.graphql(REQUEST, { id: requestId }, a.apiKey)).data!.request.id).toBe(requestId);
  });

  it('requests, requestStats and export see nothing', async () => {
    const list = await stack.graphql(`{ requests(first: 50) { edges { node { id } } } }`, {}, b.apiKey);
    expect(list.data!.requests.edges).toEqual([]);
    const stats = await stack.graphql(`{ requestStats { count } }`, {}, b.apiKey);
    expect(stats.data!.requestStats.count).toBe(0);
    const exported = await fetch(stack.gateway.url.replace('/graphql', '/export'), { headers: { authorization: `Bearer ${b.apiKey}` } });
    expect(await exported.text()).toBe('');
  });

  it('setTags, setScore and deleteRequests change nothing', async () => {
    const tags = await stack.graphql(`mutation ($id: ID!) { setTags(id: $id, tags: ["x"]) { id } }`, { id: requestId }, b.apiKey);
    expect(tags.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const score = await stack.graphql(`mutation ($id: ID!) { setScore(id: $id, score: 1) { id } }`, { id: requestId }, b.apiKey);
    expect(score.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const deleted = await stack.graphql(`mutation ($ids: [ID!]!) { deleteRequests(ids: $ids) }`, { ids: [requestId, runId] }, b.apiKey);
    expect(deleted.data!.deleteRequests).toBe(0);
    const still = await stack.graphql(REQUEST, { id: requestId }, a.apiKey);
    expect(still.data!.request).toEqual({ id: requestId, tags: [] });
  });

  it('runEvents of another workspace\'s run is refused', async () => {
    await expect(collectRunEvents(stack.wsClient(b.apiKey), runId)).rejects.toThrow(/NOT_FOUND|run not found/);
    expect((await collectRunEvents(stack.wsClient(a.apiKey), runId)).at(-1)!.__typename).toBe('RunCompleted');
  });

  it('revokeApiKey and apiKeys do not reach the other workspace\'s keys', async () => {
    const revoke = await stack.graphql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: keyIdOfA }, b.apiKey);
    expect(revoke.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await stack.graphql(MODELS, {}, a.apiKey)).errors).toBeUndefined();
    const keys = await stack.graphql(`{ apiKeys { id } }`, {}, b.apiKey);
    expect(keys.data!.apiKeys.map((k: { id: string }) => k.id)).not.toContain(keyIdOfA);
  });

  it('the same externalId in two workspaces is two requests', async () => {
    const inA = (await stack.graphql(LOG, { input: logged('shared-ext') }, a.apiKey)).data!.logRequest;
    const inB = (await stack.graphql(LOG, { input: logged('shared-ext') }, b.apiKey)).data!.logRequest;
    expect(inA).not.toBe(inB);
    expect((await stack.graphql(REQUEST, { id: inA }, b.apiKey)).data!.request).toBeNull();
  });
});

describe('secrets', () => {
  it('no key appears in any log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('');
    for (const key of [stack.apiKey, a.apiKey, b.apiKey]) expect(all).not.toContain(key);
  });
});
