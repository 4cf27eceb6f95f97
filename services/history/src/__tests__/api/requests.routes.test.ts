import type { RequestPage, RequestRecord } from '@reprise/contracts';
import { logItem } from '../support/fixtures.js';
import { startTestHistory, type Answer } from '../support/history.js';

let service: Awaited<ReturnType<typeof startTestHistory>>;
let call: (method: string, path: string, body?: unknown) => Promise<Answer>;
const WS = 'ws-http';
const OTHER = 'ws-http-other';
/** JSON text a JavaScript object could not hold: the integer would lose its last digit. */
const exactBody = '{"model":"gpt-4o-mini","seed":9007199254740993,"messages":[{"role":"user","content":"exact"}]}';
let ids: string[];

beforeAll(async () => {
  service = await startTestHistory();
  call = service.call;
  const logged = await call('POST', '/requests', { workspaceId: WS, items: [logItem({ requestBody: exactBody, tags: ['t'] }), logItem({ startedAt: '2025-03-01T12:05:00.000Z' })] });
  expect(logged.status).toBe(200);
  ids = (logged.body as { ids: string[] }).ids;
});

afterAll(() => service?.dispose());

const invalid = (...issues: { field: string; message: string }[]) => ({ status: 400, body: { error: 'invalid_input', issues } });
const notFound = { status: 404, body: { error: 'not_found' } };
const answer = ({ status, body }: Answer) => ({ status, body });

describe('the requests API refuses input outside its contract, naming the field', () => {
  it('in a logRequests item, by its index', async () => {
    const items = [logItem({}), logItem({}), logItem({}), { ...logItem({}), requestBody: 'not json', startedAt: 'yesterday' }];
    expect(answer(await call('POST', '/requests', { workspaceId: WS, items }))).toEqual(
      invalid(
        { field: 'items.3.requestBody', message: 'not JSON: a chat completions request must be JSON text' },
        { field: 'items.3.startedAt', message: 'Invalid ISO datetime' },
      ),
    );
    // Nothing of a refused batch is stored.
    expect(((await call('POST', '/requests/search', { workspaceId: WS })).body as RequestPage).items).toHaveLength(2);
  });

  it('in a search, a filter or a stats call', async () => {
    expect(answer(await call('POST', '/requests/search', { workspaceId: WS, first: 0 }))).toEqual(invalid({ field: 'first', message: 'Too small: expected number to be >=1' }));
    expect(answer(await call('POST', '/requests/search', { workspaceId: WS, filter: { model: [] } }))).toEqual(
      invalid({ field: 'filter.model', message: 'Too small: expected array to have >=1 items' }),
    );
    expect(answer(await call('POST', '/requests/stats', { filter: { minCost: -1 } }))).toEqual(
      invalid({ field: 'workspaceId', message: 'Invalid input: expected string, received undefined' }, { field: 'filter.minCost', message: 'Too small: expected number to be >=0' }),
    );
  });

  it('in a query string', async () => {
    expect(answer(await call('GET', `/requests/${ids[0]}`))).toEqual(invalid({ field: 'workspaceId', message: 'Invalid input: expected string, received undefined' }));
  });

  it('in a tags, score, delete or export body', async () => {
    expect(answer(await call('PUT', `/requests/${ids[0]}/tags`, { workspaceId: WS, tags: [''] }))).toEqual(invalid({ field: 'tags.0', message: 'Too small: expected string to have >=1 characters' }));
    expect(answer(await call('PUT', `/requests/${ids[0]}/score`, { workspaceId: WS, score: 'high' }))).toEqual(invalid({ field: 'score', message: 'Invalid input: expected number, received string' }));
    expect(answer(await call('POST', '/requests/delete', { workspaceId: WS, ids: [] }))).toEqual(invalid({ field: 'ids', message: 'Too small: expected array to have >=1 items' }));
    expect(answer(await call('POST', '/requests/export', { workspaceId: WS, format: 'xml' }))).toEqual(invalid({ field: 'format', message: 'Invalid option: expected one of "jsonl"|"csv"' }));
  });

  it('as a cursor this API did not write', async () => {
    expect(answer(await call('POST', '/requests/search', { workspaceId: WS, after: 'garbage' }))).toEqual(invalid({ field: 'after', message: 'not a cursor from this API' }));
  });
});

describe('the requests API', () => {
  it('pages the list newest first, with cursors that resume it', async () => {
    const first = (await call('POST', '/requests/search', { workspaceId: WS, first: 1 })).body as RequestPage;
    expect(first.items.map((i) => i.record.id)).toEqual([ids[1]]);
    expect(first.hasNextPage).toBe(true);
    const next = (await call('POST', '/requests/search', { workspaceId: WS, first: 1, after: first.items[0]!.cursor })).body as RequestPage;
    expect(next.items.map((i) => i.record.id)).toEqual([ids[0]]);
    expect(next.hasNextPage).toBe(false);
  });

  it('returns a request with its body as the exact text logged', async () => {
    const got = await call('GET', `/requests/${ids[0]}?workspaceId=${WS}`);
    expect(got.status).toBe(200);
    expect((got.body as RequestRecord).requestBody).toBe(exactBody);
    expect(got.text).toContain(JSON.stringify(exactBody));
  });

  it('sets tags and a score, and deletes', async () => {
    expect(answer(await call('PUT', `/requests/${ids[1]}/tags`, { workspaceId: WS, tags: ['a', 'a', 'b'] }))).toMatchObject({ status: 200, body: { id: ids[1], tags: ['a', 'b'] } });
    expect(answer(await call('PUT', `/requests/${ids[1]}/score`, { workspaceId: WS, score: null }))).toMatchObject({ status: 200, body: { score: null } });
    expect(answer(await call('POST', '/requests/stats', { workspaceId: WS, filter: { tagsAll: ['a', 'b'] } }))).toMatchObject({ status: 200, body: { count: 1 } });
  });

  it('exports JSONL with the bodies spliced in as stored, and CSV with a header', async () => {
    const jsonl = await call('POST', '/requests/export', { workspaceId: WS, format: 'jsonl', filter: { tagsAny: ['t'] } });
    expect(jsonl.status).toBe(200);
    const lines = jsonl.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`"request":${exactBody}`);
    expect(lines[0]).not.toContain(WS);
    const csv = await call('POST', '/requests/export', { workspaceId: WS, format: 'csv' });
    expect(csv.text.split('\n')[0]).toMatch(/^id,startedAt,endedAt,source,/);
    expect(csv.text).toContain(ids[0]);
    expect(csv.text).toContain(ids[1]);
  });
});

describe("another workspace's ids read as not found", () => {
  it('on read, tags and score; a delete removes nothing', async () => {
    const [id] = ids;
    expect(answer(await call('GET', `/requests/${id}?workspaceId=${OTHER}`))).toEqual(notFound);
    expect(answer(await call('PUT', `/requests/${id}/tags`, { workspaceId: OTHER, tags: ['stolen'] }))).toEqual(notFound);
    expect(answer(await call('PUT', `/requests/${id}/score`, { workspaceId: OTHER, score: 5 }))).toEqual(notFound);
    expect(answer(await call('POST', '/requests/delete', { workspaceId: OTHER, ids: [id] }))).toEqual({ status: 200, body: { deleted: 0 } });
    expect(answer(await call('POST', '/requests/search', { workspaceId: OTHER }))).toEqual({ status: 200, body: { items: [], hasNextPage: false } });
    const own = (await call('GET', `/requests/${id}?workspaceId=${WS}`)).body as RequestRecord;
    expect(own).toMatchObject({ id, tags: ['t'], score: null });
  });
});
