import type { ApiKeyInfo, CreatedApiKey } from '@reprise/contracts';
import { startTestHistory, type Answer } from '../support/history.js';

let service: Awaited<ReturnType<typeof startTestHistory>>;
let call: (method: string, path: string, body?: unknown) => Promise<Answer>;

beforeAll(async () => {
  service = await startTestHistory();
  call = service.call;
});

afterAll(() => service?.dispose());

const answer = ({ status, body }: Answer) => ({ status, body });
const notFound = { status: 404, body: { error: 'not_found' } };

async function workspace(name: string): Promise<string> {
  const created = await call('POST', '/workspaces', { name });
  expect(created.status).toBe(201);
  return (created.body as { id: string }).id;
}

describe('the workspaces and keys API', () => {
  it('creates a key, verifies it, lists it and revokes it', async () => {
    const ws = await workspace('Team');
    const created = await call('POST', '/api-keys', { workspaceId: ws, name: ' ci ' });
    expect(created.status).toBe(201);
    const { key, apiKey } = created.body as CreatedApiKey;
    expect(apiKey.name).toBe('ci');
    expect(answer(await call('POST', '/auth/verify', { key }))).toEqual({ status: 200, body: { workspaceId: ws, keyId: apiKey.id } });

    const listed = (await call('GET', `/api-keys?workspaceId=${ws}`)).body as { apiKeys: ApiKeyInfo[] };
    expect(listed.apiKeys.map((k) => k.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(listed)).not.toContain(key);

    expect(answer(await call('POST', `/api-keys/${apiKey.id}/revoke`, { workspaceId: ws }))).toMatchObject({ status: 200, body: { id: apiKey.id, revokedAt: expect.any(String) } });
    expect(answer(await call('POST', '/auth/verify', { key }))).toEqual(notFound);
  });

  it("answers 404 for another workspace's key and for an unknown workspace or key", async () => {
    const owner = await workspace('Owner');
    const intruder = await workspace('Intruder');
    const { key, apiKey } = (await call('POST', '/api-keys', { workspaceId: owner, name: 'k' })).body as CreatedApiKey;
    expect(answer(await call('POST', `/api-keys/${apiKey.id}/revoke`, { workspaceId: intruder }))).toEqual(notFound);
    expect(answer(await call('POST', '/auth/verify', { key }))).toEqual({ status: 200, body: { workspaceId: owner, keyId: apiKey.id } });
    expect(answer(await call('POST', '/api-keys', { workspaceId: 'no-such-workspace', name: 'k' }))).toEqual(notFound);
    expect(answer(await call('POST', '/auth/verify', { key: 'rp_unknown' }))).toEqual(notFound);
    expect(answer(await call('GET', `/api-keys?workspaceId=${intruder}`))).toEqual({ status: 200, body: { apiKeys: [] } });
  });

  it('refuses input outside its contract, naming the field', async () => {
    const invalid = (field: string, message: string) => ({ status: 400, body: { error: 'invalid_input', issues: [{ field, message }] } });
    expect(answer(await call('POST', '/workspaces', { name: '   ' }))).toEqual(invalid('name', 'Too small: expected string to have >=1 characters'));
    expect(answer(await call('GET', '/api-keys'))).toEqual(invalid('workspaceId', 'Invalid input: expected string, received undefined'));
    expect(answer(await call('POST', '/api-keys/x/revoke', {}))).toEqual(invalid('workspaceId', 'Invalid input: expected string, received undefined'));
    expect(answer(await call('POST', '/auth/verify', { key: '' }))).toEqual(invalid('key', 'Too small: expected string to have >=1 characters'));
    expect(answer(await call('POST', '/api-keys', { workspaceId: '', name: '' }))).toEqual({
      status: 400,
      body: {
        error: 'invalid_input',
        issues: [
          { field: 'workspaceId', message: 'Too small: expected string to have >=1 characters' },
          { field: 'name', message: 'Too small: expected string to have >=1 characters' },
        ],
      },
    });
  });
});
