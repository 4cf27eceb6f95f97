import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, useZodValidation } from '../fastify/index.js';

let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  app = Fastify();
  useZodValidation(app);
  app.post('/items', { schema: { body: z.object({ workspaceId: z.string().min(1), items: z.array(z.object({ n: z.number().int() })).min(1) }) } }, async (req) => {
    const body = req.body as { items: { n: number }[] };
    if (body.items.some((i) => i.n < 0)) throw new InvalidInputError([{ field: 'items', message: 'no negative numbers' }]);
    return { sum: body.items.reduce((a, i) => a + i.n, 0) };
  });
  app.get('/things/:id', { schema: { querystring: z.object({ workspaceId: z.string().min(1) }) } }, async (req) => ({ id: (req.params as { id: string }).id, ...(req.query as object) }));
  app.get('/boom', async () => {
    throw new Error('secret detail');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(() => app.close());

const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('routes checked by their zod schemas', () => {
  it('hands the handler the parsed body', async () => {
    const res = await post('/items', { workspaceId: 'w', items: [{ n: 2 }, { n: 3 }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sum: 5 });
  });

  it('answers 400 naming every bad field, by its path', async () => {
    const res = await post('/items', { items: [{ n: 1.5 }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { field: string }[] };
    expect(body.error).toBe('invalid_input');
    expect(body.issues.map((i) => i.field).sort()).toEqual(['items.0.n', 'workspaceId']);
  });

  it('checks the query string too', async () => {
    const res = await fetch(`${url}/things/7`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { field: string }[] }).issues[0]!.field).toBe('workspaceId');
    expect(await (await fetch(`${url}/things/7?workspaceId=w`)).json()).toEqual({ id: '7', workspaceId: 'w' });
  });

  it("answers a route's own refusal the same way", async () => {
    const res = await post('/items', { workspaceId: 'w', items: [{ n: -1 }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_input', issues: [{ field: 'items', message: 'no negative numbers' }] });
  });

  it('keeps an internal error to itself', async () => {
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret');
  });

  it('answers malformed JSON as a plain 400', async () => {
    const res = await fetch(`${url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
  });
});
