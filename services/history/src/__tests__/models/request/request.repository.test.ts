import type { LogRequestItem, RequestFilter } from '@reprise/contracts';
import type mongoose from 'mongoose';
import { decodeCursor, RequestRepository, requestModels } from '../../../models/request/index.js';
import { RequestDays } from '../../../models/request/request.buckets.js';
import { chatCompletion, chatRequest, logItem, recordJob } from '../../support/fixtures.js';
import { connectTestDb } from '../../support/isolation.js';

/**
 * Every case twice: as the service reads on FerretDB (the list walking the
 * history bucket by bucket, bodies read by day) and as on MongoDB (one query
 * each, which FerretDB answers the same, only slower), each on a database of
 * its own.
 */
describe.each([
  ['FerretDB reads: buckets', true],
  ['MongoDB reads: one query', false],
])('%s', (_mode, ferretdb) => {
  let db: { connection: mongoose.Connection; drop(): Promise<void> };
  let repo: RequestRepository;

  beforeAll(async () => {
    db = await connectTestDb();
    repo = new RequestRepository(requestModels(db.connection), { ferretdb });
  });

  afterAll(() => db.drop());

  /** Ids of a workspace's requests under a filter, in list order (one page holds them all). */
  async function idsOf(workspaceId: string, filter: RequestFilter): Promise<string[]> {
    const page = await repo.page(workspaceId, filter, 200);
    expect(page.hasNextPage).toBe(false);
    return page.items.map((i) => i.record.id);
  }

  /** Minutes after a fixed start, as ISO text. */
  const at = (minutes: number) => new Date(Date.UTC(2025, 2, 1, 12, minutes)).toISOString();

  describe('the list under each filter', () => {
    const WS = 'ws-filters';
    // Named requests a–f, one a minute, logged (a–c) and recorded as runs (d–f).
    const id: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', string> = { a: '', b: '', c: '', d: '', e: '', f: '' };

    beforeAll(async () => {
      [id.a, id.b, id.c] = (await repo.logMany(WS, [
        logItem({ prompt: 'Hello World', answer: 'greetings', tags: ['red', 'blue'], metadata: { env: 'prod', n: 1 }, startedAt: at(0), latencyMs: 100, cost: 0.01 }),
        logItem({ provider: 'azure-openai', model: 'gpt-4o', prompt: 'weather in Paris', responseBody: undefined, error: { message: 'boom' }, tags: ['red'], metadata: { env: 'dev', n: '1' }, startedAt: at(1), latencyMs: 300, cost: 0.05 }),
        logItem({ model: 'gpt-4o', prompt: 'see the file a.c', status: 'cancelled', metadata: { flag: true, 'a.b': 'dotted' }, startedAt: at(2), latencyMs: 50 }),
      ])) as [string, string, string];
      const d = recordJob({ workspaceId: WS, source: 'playground', promptText: 'abc def', output: 'Drizzle', startedAt: at(3), endedAt: at(3), latencyMs: 200, cost: 0.02 });
      const e = recordJob({ workspaceId: WS, source: 'bulk', provider: 'azure-openai', model: 'gpt-4o', startedAt: at(4), endedAt: at(4), latencyMs: 1000, cost: 0, batchId: 'batch-1', replayOf: id.a });
      const f = recordJob({ workspaceId: WS, source: 'replay', startedAt: at(5), endedAt: at(5), latencyMs: 150, cost: null, replayOf: id.b });
      for (const job of [d, e, f]) await repo.recordRun(job);
      [id.d, id.e, id.f] = [d.runId, e.runId, f.runId];
      // Another workspace's twin of `a`, matching every filter `a` matches.
      await repo.logMany('ws-filters-other', [logItem({ prompt: 'Hello World', tags: ['red', 'blue'], metadata: { env: 'prod', n: 1 }, startedAt: at(0), latencyMs: 100, cost: 0.01 })]);
    });

    const cases: [string, RequestFilter, (keyof typeof id)[]][] = [
      ['no filter: everything, newest first', {}, ['f', 'e', 'd', 'c', 'b', 'a']],
      ['model', { model: ['gpt-4o'] }, ['e', 'c', 'b']],
      ['model, any of', { model: ['gpt-4o', 'gpt-4o-mini'] }, ['f', 'e', 'd', 'c', 'b', 'a']],
      ['provider', { provider: ['azure-openai'] }, ['e', 'b']],
      ['status', { status: ['failed'] }, ['b']],
      ['status, any of', { status: ['failed', 'cancelled'] }, ['c', 'b']],
      ['source: logged', { source: ['api'] }, ['c', 'b', 'a']],
      ['source: runs', { source: ['bulk', 'replay'] }, ['f', 'e']],
      ['tagsAny', { tagsAny: ['blue', 'green'] }, ['a']],
      ['tagsAny, shared tag', { tagsAny: ['red'] }, ['b', 'a']],
      ['tagsAll', { tagsAll: ['red', 'blue'] }, ['a']],
      ['tagsAll, one missing', { tagsAll: ['red', 'green'] }, []],
      ['metadata string', { metadata: [{ key: 'env', value: 'prod' }] }, ['a']],
      ['metadata number 1 is not the string "1"', { metadata: [{ key: 'n', value: 1 }] }, ['a']],
      ['metadata string "1" is not the number 1', { metadata: [{ key: 'n', value: '1' }] }, ['b']],
      ['metadata boolean', { metadata: [{ key: 'flag', value: true }] }, ['c']],
      ['metadata boolean is not its text', { metadata: [{ key: 'flag', value: 'true' }] }, []],
      ['metadata dotted key', { metadata: [{ key: 'a.b', value: 'dotted' }] }, ['c']],
      ['metadata, all entries hold', { metadata: [{ key: 'env', value: 'prod' }, { key: 'n', value: 1 }] }, ['a']],
      ['metadata, one entry fails', { metadata: [{ key: 'env', value: 'prod' }, { key: 'n', value: '1' }] }, []],
      ['startedAfter is inclusive', { startedAfter: at(1) }, ['f', 'e', 'd', 'c', 'b']],
      ['startedAfter with an offset', { startedAfter: '2025-03-01T14:01:00+02:00' }, ['f', 'e', 'd', 'c', 'b']],
      ['startedBefore is exclusive', { startedBefore: at(1) }, ['a']],
      ['started between', { startedAfter: at(1), startedBefore: at(3) }, ['c', 'b']],
      ['text, any case, in the prompt', { text: 'WORLD' }, ['a']],
      ['text in the answer of a run', { text: 'drizzle' }, ['d']],
      ['text is literal, not a pattern', { text: 'a.c' }, ['c']],
      ['batchId', { batchId: 'batch-1' }, ['e']],
      ['replayOf', { replayOf: 'REPLAYED_A' }, ['e']],
      ['minLatencyMs is inclusive', { minLatencyMs: 150 }, ['f', 'e', 'd', 'b']],
      ['maxLatencyMs is inclusive', { maxLatencyMs: 150 }, ['f', 'c', 'a']],
      ['latency between', { minLatencyMs: 150, maxLatencyMs: 300 }, ['f', 'd', 'b']],
      ['minCost is inclusive; unknown cost never matches', { minCost: 0.02 }, ['d', 'b']],
      ['maxCost is inclusive; zero is a cost', { maxCost: 0.01 }, ['e', 'a']],
      ['cost between', { minCost: 0.01, maxCost: 0.02 }, ['d', 'a']],
      ['model and status', { model: ['gpt-4o'], status: ['failed', 'cancelled'] }, ['c', 'b']],
      ['tags and time', { tagsAny: ['red'], startedAfter: at(1) }, ['b']],
      ['provider, latency and text', { provider: ['openai'], maxLatencyMs: 150, text: 'hello' }, ['a']],
      ['source, batch, replay and cost', { source: ['bulk'], batchId: 'batch-1', replayOf: 'REPLAYED_A', minCost: 0 }, ['e']],
      ['filters that exclude each other', { provider: ['azure-openai'], source: ['api'], status: ['completed'] }, []],
    ];

    it.each(cases)('%s', async (_name, filter, expected) => {
      // replayOf names a request by id, known only once the fixtures exist.
      const resolved = filter.replayOf === 'REPLAYED_A' ? { ...filter, replayOf: id.a } : filter;
      expect(await idsOf(WS, resolved)).toEqual(expected.map((name) => id[name]));
    });

    it('replayOf another original', async () => {
      expect(await idsOf(WS, { replayOf: id.b })).toEqual([id.f]);
    });

    it("shows nothing of another workspace's, and the other workspace nothing of this one's", async () => {
      const others = await idsOf('ws-filters-other', {});
      expect(others).toHaveLength(1);
      expect(await idsOf(WS, {})).not.toContain(others[0]);
      expect(await idsOf('ws-filters-other', { tagsAll: ['red'] })).toEqual(others);
    });
  });

  describe('latency and cost ranges, read by band', () => {
    const WS = 'ws-bands';
    // Values on both sides of band edges (request.bands.ts), far apart, and none.
    const values: [string, number | undefined, number][] = [
      ['l249', 249, 1e-7],
      ['l250', 250, 0.0009999],
      ['l4999', 4999, 0.001],
      ['l5000', 5000, 0.5],
      ['l60000', 60_000, 12],
      ['l120000', 120_000, 3],
      ['none', undefined, 0],
    ];
    const id: Record<string, string> = {};

    beforeAll(async () => {
      // One a minute, in this order: the last is the newest.
      const ids = await repo.logMany(WS, values.map(([, latencyMs, cost], i) => logItem({ startedAt: at(i), latencyMs, cost })));
      values.forEach(([name], i) => (id[name] = ids[i]!));
    });

    const cases: [string, RequestFilter, string[]][] = [
      ['at or above a band edge', { minLatencyMs: 5000 }, ['l120000', 'l60000', 'l5000']],
      ['just below a band edge', { maxLatencyMs: 4999 }, ['l4999', 'l250', 'l249']],
      ['within one band', { minLatencyMs: 250, maxLatencyMs: 251 }, ['l250']],
      ['across bands, both ends exact', { minLatencyMs: 250, maxLatencyMs: 60_000 }, ['l60000', 'l5000', 'l4999', 'l250']],
      ['an empty range', { minLatencyMs: 10, maxLatencyMs: 5 }, []],
      ['cost at a decade', { minCost: 0.001 }, ['l120000', 'l60000', 'l5000', 'l4999']],
      ['cost below a decade; zero is a cost, none is not', { maxCost: 0.0009999 }, ['none', 'l250', 'l249']],
      ['latency and cost together', { minLatencyMs: 250, maxCost: 0.5 }, ['l5000', 'l4999', 'l250']],
      ['a cost range over many decades', { minCost: 1e-7, maxCost: 12 }, ['l120000', 'l60000', 'l5000', 'l4999', 'l250', 'l249']],
    ];

    it.each(cases)('%s', async (_name, filter, expected) => {
      expect(await idsOf(WS, filter)).toEqual(expected.map((name) => id[name]));
    });

    it('pages through several bands in list order, none skipped or repeated', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await repo.page(WS, { minLatencyMs: 200 }, 2, after ? decodeCursor(after)! : undefined);
        seen.push(...page.items.map((i) => i.record.id));
        if (!page.hasNextPage) break;
        after = page.items.at(-1)!.cursor;
      }
      expect(seen).toEqual(['l120000', 'l60000', 'l5000', 'l4999', 'l250', 'l249'].map((name) => id[name]));
    });
  });

  describe('keyset pages', () => {
    const WS = 'ws-pages';
    let expected: string[];

    beforeAll(async () => {
      // 23 requests, five to a startedAt: most pages end inside a tie.
      const items = Array.from({ length: 23 }, (_, i) => logItem({ startedAt: at(Math.floor(i / 5)), tags: i % 2 ? ['odd'] : [] }));
      const ids = await repo.logMany(WS, items);
      expected = ids
        .map((recordId, i) => ({ recordId, startedAt: items[i]!.startedAt }))
        .sort((x, y) => (x.startedAt === y.startedAt ? (x.recordId < y.recordId ? 1 : -1) : x.startedAt < y.startedAt ? 1 : -1))
        .map((x) => x.recordId);
    });

    /** Every id under the filter, page after page of `first`. */
    async function pageThrough(filter: RequestFilter, first: number): Promise<{ ids: string[]; pages: number }> {
      const ids: string[] = [];
      let after: string | undefined;
      for (let pages = 1; ; pages++) {
        // A cursor that does not advance would page forever.
        if (pages > 100) throw new Error(`still paging after ${pages - 1} pages`);
        const page = await repo.page(WS, filter, first, after === undefined ? undefined : decodeOrFail(after));
        expect(page.items.length).toBeLessThanOrEqual(first);
        ids.push(...page.items.map((i) => i.record.id));
        if (!page.hasNextPage) return { ids, pages };
        after = page.items.at(-1)!.cursor;
      }
    }

    it.each([1, 3, 4, 5, 22, 23, 50])('visits every request once, newest first, %i to a page', async (first) => {
      const { ids, pages } = await pageThrough({}, first);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(23 / first)));
    });

    it('pages a filtered list the same way', async () => {
      const odd = (await idsOf(WS, { tagsAny: ['odd'] })).length;
      expect(odd).toBe(11);
      const { ids } = await pageThrough({ tagsAny: ['odd'] }, 2);
      expect(ids).toEqual(await idsOf(WS, { tagsAny: ['odd'] }));
      expect(ids.every((x) => expected.includes(x))).toBe(true);
    });

    it('answers an empty page for a workspace with nothing', async () => {
      expect(await repo.page('ws-empty', {}, 10)).toEqual({ items: [], hasNextPage: false });
    });
  });

  /** Cursors travel as text; the route decodes them (a bad one is a 400 there). */
  function decodeOrFail(cursor: string) {
    const decoded = decodeCursor(cursor);
    if (!decoded) throw new Error(`not a cursor: ${cursor}`);
    return decoded;
  }

  describe('a history of many days, some of them large', () => {
    const WS = 'ws-walk';
    /** Newest first, as the list orders. */
    let expected: { id: string; startedAt: string; odd: boolean }[];

    beforeAll(async () => {
      // Nine quiet days of three requests, then a day of 1,050 over three
      // hours (read hour by hour on FerretDB), then one more quiet day: the
      // walk reads days, hours, and (after four buckets) the rest at once.
      const times: string[] = [];
      for (let d = 1; d <= 9; d++) for (let i = 0; i < 3; i++) times.push(new Date(Date.UTC(2025, 4, d, 8 + i, 30)).toISOString());
      for (let i = 0; i < 1050; i++) times.push(new Date(Date.UTC(2025, 4, 10, 9 + (i % 3), Math.floor(i / 3) % 60, i % 60)).toISOString());
      for (let i = 0; i < 3; i++) times.push(new Date(Date.UTC(2025, 4, 11, 23, 59, i)).toISOString());
      const items = times.map((startedAt, i) => logItem({ startedAt, tags: i % 2 ? ['odd'] : [], prompt: i % 100 === 7 ? 'needle here' : 'hay' }));
      const ids: string[] = [];
      for (let i = 0; i < items.length; i += 1000) ids.push(...(await repo.logMany(WS, items.slice(i, i + 1000))));
      expected = ids
        .map((id, i) => ({ id, startedAt: times[i]!, odd: i % 2 === 1, needle: i % 100 === 7 }))
        .sort((x, y) => (x.startedAt === y.startedAt ? (x.id < y.id ? 1 : -1) : x.startedAt < y.startedAt ? 1 : -1));
    });

    async function pageThrough(filter: RequestFilter, first: number): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      for (let pages = 1; pages <= 200; pages++) {
        const page = await repo.page(WS, filter, first, after === undefined ? undefined : decodeOrFail(after));
        ids.push(...page.items.map((i) => i.record.id));
        if (!page.hasNextPage) return ids;
        after = page.items.at(-1)!.cursor;
      }
      throw new Error('still paging after 200 pages');
    }

    it('visits every request once, newest first, page after page', async () => {
      expect(await pageThrough({}, 97)).toEqual(expected.map((e) => e.id));
    });

    it('walks the quiet days whole, the large day by its hours, and after four buckets the rest at once', async () => {
      const walk = [];
      for await (const stretch of new RequestDays(requestModels(db.connection).days).walk(WS, {})) walk.push(stretch);
      expect(walk).toEqual([
        { bucket: { day: '2025-05-11' } },
        { bucket: { hour: '2025-05-10T11' } },
        { bucket: { hour: '2025-05-10T10' } },
        { bucket: { hour: '2025-05-10T09' } },
        { rest: { before: new Date('2025-05-10T09:00:00.000Z') } },
      ]);
      const bounded = [];
      for await (const stretch of new RequestDays(requestModels(db.connection).days).walk(WS, { after: new Date('2025-05-10T10:15:00Z'), until: new Date('2025-05-10T11:00:00Z') })) bounded.push(stretch);
      expect(bounded).toEqual([{ bucket: { hour: '2025-05-10T11' } }, { bucket: { hour: '2025-05-10T10' } }]);
    });

    it('pages a filter, a time range and a text the same way', async () => {
      expect(await pageThrough({ tagsAny: ['odd'] }, 40)).toEqual(expected.filter((e) => e.odd).map((e) => e.id));
      const inRange = (e: { startedAt: string }) => e.startedAt >= '2025-05-03T09:00:00.000Z' && e.startedAt < '2025-05-10T10:00:00.000Z';
      expect(await pageThrough({ startedAfter: '2025-05-03T09:00:00.000Z', startedBefore: '2025-05-10T10:00:00.000Z' }, 60)).toEqual(
        expected.filter(inRange).map((e) => e.id),
      );
      expect(await pageThrough({ text: 'needle', tagsAll: ['odd'] }, 3)).toEqual(expected.filter((e) => (e as { needle?: boolean }).needle && e.odd).map((e) => e.id));
    });
  });

  describe('a text many requests hold, past the buckets walked', () => {
    const WS = 'ws-text-rest';
    let expected: { id: string; model: string; text: boolean }[];

    beforeAll(async () => {
      // Six days of 40 requests, three in four holding the text: after four
      // day buckets, the rest holds 60 matches, read on FerretDB a day at a
      // time; the model narrows them further.
      const items: LogRequestItem[] = [];
      for (let d = 1; d <= 6; d++) {
        for (let i = 0; i < 40; i++) {
          items.push(logItem({ startedAt: new Date(Date.UTC(2025, 5, d, 1, i)).toISOString(), model: i % 3 ? 'gpt-4o-mini' : 'gpt-4o', prompt: i % 4 ? 'a Refund please' : 'hello' }));
        }
      }
      const ids = await repo.logMany(WS, items);
      expected = ids.map((id, i) => ({ id, at: items[i]!.startedAt, model: items[i]!.model!, text: i % 40 % 4 !== 0 })).sort((x, y) => (x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1));
    });

    it('gives every match once, newest first, alone and with another filter', async () => {
      expect(await idsOf(WS, { text: 'refund' })).toEqual(expected.filter((e) => e.text).map((e) => e.id));
      expect(await idsOf(WS, { text: 'refund', model: ['gpt-4o'] })).toEqual(expected.filter((e) => e.text && e.model === 'gpt-4o').map((e) => e.id));
      const page = await repo.page(WS, { text: 'refund', model: ['gpt-4o-mini'] }, 25);
      expect(page.items.map((i) => i.record.id)).toEqual(expected.filter((e) => e.text && e.model === 'gpt-4o-mini').slice(0, 25).map((e) => e.id));
      expect(page.hasNextPage).toBe(true);
    });
  });

  describe('many writes at once', () => {
    it('writes the directory of days one statement at a time, and every request is listed', async () => {
      // FerretDB 1.x stops answering anyone when some fifty updates run at
      // once (see RequestDays); the directory is the only thing the write
      // path updates, so its writes must never overlap.
      const models = requestModels(db.connection);
      let inFlight = 0;
      let most = 0;
      const bulkWrite = models.days.bulkWrite.bind(models.days);
      models.days.bulkWrite = (async (...args: Parameters<typeof bulkWrite>) => {
        most = Math.max(most, ++inFlight);
        try {
          return await bulkWrite(...args);
        } finally {
          inFlight--;
        }
      }) as typeof bulkWrite;
      const own = new RequestRepository(models, { ferretdb });
      const WS = 'ws-at-once';
      const ids = (
        await Promise.all(
          Array.from({ length: 60 }, async (_, i) =>
            own.logMany(WS, [0, 1, 2].map((k) => logItem({ startedAt: new Date(Date.UTC(2025, 6, 1 + (i % 20), k * 7, i)).toISOString() }))),
          ),
        )
      ).flat();
      expect(most).toBe(1);
      const listed = (await own.page(WS, {}, 200)).items.map((item) => item.record.id);
      expect(listed.sort()).toEqual([...ids].sort());
    });
  });

  describe("the bodies, apart from the list's documents", () => {
    const WS = 'ws-bodies';

    it('reads the bodies of the workspace\'s own requests by id, and leaves out any other\'s', async () => {
      const [a, b] = await repo.logMany(WS, [logItem({ prompt: 'first' }), logItem({ prompt: 'second', responseBody: undefined })]);
      const [other] = await repo.logMany('ws-bodies-other', [logItem({ prompt: 'theirs' })]);
      const bodies = await repo.bodiesOf(WS, [a!, b!, other!, 'no-such-id']);
      expect(bodies.sort((x, y) => (x.id === a ? -1 : y.id === a ? 1 : 0))).toEqual([
        { id: a, requestBody: chatRequest('first', 'gpt-4o-mini'), responseBody: chatCompletion('hi there') },
        { id: b, requestBody: chatRequest('second', 'gpt-4o-mini'), responseBody: null },
      ]);
      // The list's documents hold neither bodies nor the searchable text.
      const doc = await db.connection.collection('requests').findOne({ _id: a as never });
      expect(doc).not.toHaveProperty('requestBody');
      expect(doc).not.toHaveProperty('searchText');
    });
  });

  describe('logged requests: what is read from their bodies', () => {
    const WS = 'ws-logged';

    it('takes the model, usage and answer from the bodies, and prices what comes without a cost', async () => {
      const [recordId] = await repo.logMany(WS, [
        {
          provider: 'openai',
          requestBody: chatRequest('Price me', 'gpt-4o-mini'),
          responseBody: chatCompletion('priced', { prompt_tokens: 1000, completion_tokens: 500 }),
          startedAt: '2025-03-01T12:00:00.000Z',
          endedAt: '2025-03-01T12:00:01.250Z',
        },
      ]);
      const record = await repo.findById(WS, recordId!);
      expect(record).toMatchObject({
        model: 'gpt-4o-mini',
        source: 'api',
        status: 'completed',
        output: 'priced',
        usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 },
        latencyMs: 1250,
      });
      // gpt-4o-mini lists at $0.15 in, $0.60 out per million tokens.
      expect(record!.cost).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    });

    it('keeps a given cost, zero included, and leaves an unpriced model without one', async () => {
      const usage = { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 };
      const ids = await repo.logMany(WS, [
        logItem({ usage, cost: 0 }),
        logItem({ usage, cost: 7.5 }),
        logItem({ model: 'house-model', usage }),
      ]);
      const costs = await Promise.all(ids.map(async (x) => (await repo.findById(WS, x))!.cost));
      expect(costs).toEqual([0, 7.5, null]);
    });

    it('answers with the tool calls when the answer has no text, and a failed status when an error is given', async () => {
      const toolAnswer = JSON.stringify({
        choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] } }],
      });
      const [withTools, failed] = await repo.logMany(WS, [
        logItem({ responseBody: toolAnswer }),
        logItem({ responseBody: undefined, error: { message: 'rate limited', status: 429, kind: 'rate_limited' } }),
      ]);
      expect((await repo.findById(WS, withTools!))!.output).toBe('get_weather({"city":"Paris"})');
      expect(await repo.findById(WS, failed!)).toMatchObject({ status: 'failed', output: null, responseBody: null, error: { kind: 'rate_limited', message: 'rate limited', status: 429 } });
    });

    it('stores an external id once: the second logging returns the first id and changes nothing', async () => {
      const [first] = await repo.logMany(WS, [logItem({ externalId: 'ext-1', prompt: 'first' })]);
      const before = await repo.findById(WS, first!);
      const [again] = await repo.logMany(WS, [logItem({ externalId: 'ext-1', prompt: 'second' })]);
      expect(again).toBe(first);
      expect(await repo.findById(WS, first!)).toEqual(before);
      // The same external id in another workspace is another request.
      const [elsewhere] = await repo.logMany('ws-logged-other', [logItem({ externalId: 'ext-1' })]);
      expect(elsewhere).not.toBe(first);
    });

    it('stores the bodies as the exact text received', async () => {
      const requestBody = '{"model":"gpt-4o-mini", "seed": 9007199254740993, "__proto__": {"x": 1}, "messages":[{"role":"user","content":"exact"}]}';
      const [recordId] = await repo.logMany(WS, [logItem({ requestBody })]);
      expect((await repo.findById(WS, recordId!))!.requestBody).toBe(requestBody);
    });

    it('keeps tags once each and metadata as given', async () => {
      const [recordId] = await repo.logMany(WS, [logItem({ tags: ['x', 'y', 'x'], metadata: { 'a.b': 1, $ref: 'ok', flag: false } })]);
      expect(await repo.findById(WS, recordId!)).toMatchObject({ tags: ['x', 'y'], metadata: { 'a.b': 1, $ref: 'ok', flag: false } });
    });
  });

  describe('the searchable text, the same rule on both paths in', () => {
    const WS = 'ws-search';
    const filler = 'x'.repeat(33 * 1024);

    it('finds text in any case, and nothing past the first 32 KB', async () => {
      const [early] = await repo.logMany(WS, [logItem({ prompt: `LoggedEarly ${filler}` }), logItem({ prompt: `${filler} LoggedLate` })]);
      const earlyRun = recordJob({ workspaceId: WS, promptText: `RunEarly ${filler}` });
      const lateRun = recordJob({ workspaceId: WS, promptText: filler, output: 'RunLate' });
      await repo.recordRun(earlyRun);
      await repo.recordRun(lateRun);
      expect(await idsOf(WS, { text: 'loggedearly' })).toEqual([early]);
      expect(await idsOf(WS, { text: 'LOGGEDLATE' })).toEqual([]);
      expect(await idsOf(WS, { text: 'runearly' })).toEqual([earlyRun.runId]);
      expect(await idsOf(WS, { text: 'runlate' })).toEqual([]);
    });

    it('searches prompt then answer, on a line each', async () => {
      const run = recordJob({ workspaceId: WS, promptText: 'first line', output: 'second line' });
      await repo.recordRun(run);
      expect(await idsOf(WS, { text: 'first line\nsecond line' })).toEqual([run.runId]);
      const [logged] = await repo.logMany(WS, [logItem({ prompt: 'logged prompt', answer: 'logged answer' })]);
      expect(await idsOf(WS, { text: 'logged prompt\nlogged answer' })).toEqual([logged]);
    });
  });

  describe('stats', () => {
    const WS = 'ws-stats';

    beforeAll(async () => {
      const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };
      // Latencies 10, 20, … 100 ms; the first three failed.
      const timed = Array.from({ length: 10 }, (_, i) =>
        logItem({ latencyMs: (i + 1) * 10, usage, cost: 0.001, ...(i < 3 ? { error: { message: 'boom' }, responseBody: undefined } : {}) }),
      );
      await repo.logMany(WS, [...timed, logItem({})]);
      await repo.logMany('ws-stats-other', [logItem({ latencyMs: 5000, usage, cost: 1 })]);
    });

    it('sums tokens and cost, rates errors and ranks latency over the workspace', async () => {
      const stats = await repo.stats(WS, {});
      expect(stats).toMatchObject({ count: 11, promptTokens: 100, completionTokens: 50, totalTokens: 150, latencyP50: 50, latencyP95: 100, latencyP99: 100 });
      expect(stats.cost).toBeCloseTo(0.01, 12);
      expect(stats.errorRate).toBeCloseTo(3 / 11, 12);
    });

    it('counts only what the filter lets through, latency bounds included', async () => {
      expect(await repo.stats(WS, { status: ['failed'] })).toMatchObject({ count: 3, errorRate: 1, latencyP50: 20, latencyP99: 30 });
      expect(await repo.stats(WS, { minLatencyMs: 50 })).toMatchObject({ count: 6, errorRate: 0, latencyP50: 70, latencyP95: 100 });
    });

    it('answers zeros and no percentiles when nothing matches', async () => {
      expect(await repo.stats(WS, { model: ['none'] })).toEqual({
        count: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, cost: 0, errorRate: 0, latencyP50: null, latencyP95: null, latencyP99: null,
      });
    });
  });

  describe('writes are scoped to the workspace', () => {
    const WS = 'ws-own';
    const INTRUDER = 'ws-intruder';
    let recordId: string;

    beforeEach(async () => {
      [recordId] = (await repo.logMany(WS, [logItem({ tags: ['mine'] })])) as [string];
    });

    it("another workspace's id reads as not found and changes nothing", async () => {
      const before = await repo.findById(WS, recordId);
      expect(await repo.findById(INTRUDER, recordId)).toBeNull();
      expect(await repo.setTags(INTRUDER, recordId, ['stolen'])).toBeNull();
      expect(await repo.setScore(INTRUDER, recordId, 5)).toBeNull();
      expect(await repo.deleteMany(INTRUDER, [recordId])).toBe(0);
      expect(await repo.findById(WS, recordId)).toEqual(before);
    });

    it('sets tags (once each) and a score, and clears the score', async () => {
      expect(await repo.setTags(WS, recordId, ['x', 'y', 'x'])).toMatchObject({ id: recordId, tags: ['x', 'y'] });
      expect(await repo.setScore(WS, recordId, 0.5)).toMatchObject({ score: 0.5, tags: ['x', 'y'] });
      expect(await repo.setScore(WS, recordId, null)).toMatchObject({ score: null });
      expect((await repo.findById(WS, recordId))!.tags).toEqual(['x', 'y']);
    });

    it("deletes the workspace's own ids among those given, and counts them", async () => {
      const [otherId] = await repo.logMany(INTRUDER, [logItem({})]);
      expect(await repo.deleteMany(WS, [recordId, otherId!, 'no-such-id'])).toBe(1);
      expect(await repo.findById(WS, recordId)).toBeNull();
      expect(await repo.findById(INTRUDER, otherId!)).not.toBeNull();
    });

    it('answers not found for an unknown id', async () => {
      expect(await repo.setTags(WS, 'no-such-id', ['x'])).toBeNull();
      expect(await repo.setScore(WS, 'no-such-id', 1)).toBeNull();
    });
  });
});
