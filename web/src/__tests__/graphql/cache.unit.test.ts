import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, fetchExchange } from '@urql/core';
import { buildSchema, isObjectType, getNamedType, isNonNullType } from 'graphql';
import {
  DeleteRequestsDocument,
  HistoryRequestsDocument,
  HistoryStatsDocument,
  SetRequestScoreDocument,
  SetRequestTagsDocument,
} from '../../gql/graphql';
import { EMBEDDED, ENTITIES, normalisedCache } from '../../graphql/cache';
import { minifiedIntrospection, readSdl } from '../../graphql/write-schema.mjs';

const GENERATED = join(import.meta.dirname, '../../graphql/schema.generated.json');

describe('the schema Graphcache is given', () => {
  it('is what write-schema.mjs makes of the gateway SDL now (run it after the SDL changes)', () => {
    expect(JSON.parse(readFileSync(GENERATED, 'utf8'))).toEqual(minifiedIntrospection(readSdl()));
  });

  it('has a key for every object type: the entities by id, every other type embedded', () => {
    const schema = buildSchema(readSdl());
    const roots = new Set(['Query', 'Mutation', 'Subscription']);
    const objects = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name));
    const entities = new Set<string>(ENTITIES);
    const embedded = new Set<string>(EMBEDDED);
    expect(objects.filter((t) => !entities.has(t.name) && !embedded.has(t.name)).map((t) => t.name)).toEqual([]);
    expect([...entities].filter((name) => embedded.has(name))).toEqual([]);
    expect([...embedded, ...entities].filter((name) => !schema.getType(name))).toEqual([]);
    // An entity is normalised by its id: it must have one, of type ID!.
    for (const name of ENTITIES) {
      const id = (schema.getType(name) as import('graphql').GraphQLObjectType).getFields().id;
      expect(id && isNonNullType(id.type) && getNamedType(id.type).name).toBe('ID');
    }
  });
});

type Row = { __typename: 'Request'; id: string; startedAt: string; model: string; provider: string; status: string; output: string | null; latencyMs: number | null; cost: number | null; score: number | null; tags: string[] };

/**
 * The gateway, answering the History page's operations from a list of
 * requests, and counting what it is asked: the cache is judged by what it
 * does not send.
 */
function fakeGateway(rows: Row[]) {
  const asked: string[] = [];
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
    const { operationName, variables } = JSON.parse(String(init?.body)) as { operationName: string; variables: Record<string, any> };
    asked.push(operationName);
    const matching = () => rows.filter((r) => !variables.filter?.tagsAny || r.tags.some((t) => variables.filter.tagsAny.includes(t)));
    const answers: Record<string, () => unknown> = {
      HistoryRequests: () => ({
        requests: {
          __typename: 'RequestConnection',
          edges: matching().map((node) => ({ __typename: 'RequestEdge', cursor: `c-${node.id}`, node })),
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        },
      }),
      HistoryStats: () => ({
        requestStats: { __typename: 'RequestStats', count: matching().length, errorRate: 0, cost: 0, latencyP50: null, latencyP95: null },
      }),
      SetRequestTags: () => {
        const row = rows.find((r) => r.id === variables.id)!;
        row.tags = variables.tags;
        return { setTags: { __typename: 'Request', id: row.id, tags: row.tags } };
      },
      SetRequestScore: () => {
        const row = rows.find((r) => r.id === variables.id)!;
        row.score = variables.score;
        return { setScore: { __typename: 'Request', id: row.id, score: row.score } };
      },
      DeleteRequests: () => {
        const before = rows.length;
        rows.splice(0, rows.length, ...rows.filter((r) => !variables.ids.includes(r.id)));
        return { deleteRequests: before - rows.length };
      },
    };
    const data = answers[operationName];
    return new Response(JSON.stringify(data ? { data: data() } : { errors: [{ message: `unknown ${operationName}` }] }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  const client = new Client({ url: 'http://gateway.test/graphql', preferGetMethod: false, fetch, exchanges: [normalisedCache(), fetchExchange] });
  return { client, asked };
}

const row = (id: string, tags: string[] = []): Row => ({
  __typename: 'Request',
  id,
  startedAt: '2026-12-01T10:00:00.000Z',
  model: 'sim-fast',
  provider: 'simulator',
  status: 'COMPLETED',
  output: `answer ${id}`,
  latencyMs: 100,
  cost: 0.001,
  score: null,
  tags,
});

const page = (filter: Record<string, unknown> = {}) => ({ filter, first: 25, after: null });
const idsOf = (data: { requests: { edges: { node: { id: string } }[] } } | null | undefined) => data?.requests.edges.map((e) => e.node.id) ?? null;

describe('the normalised cache', () => {
  it('shows a tag and a score edited elsewhere in the list, without asking the gateway again', async () => {
    const { client, asked } = fakeGateway([row('a'), row('b'), row('c')]);
    await client.query(HistoryRequestsDocument, page()).toPromise();
    await client.mutation(SetRequestTagsDocument, { id: 'b', tags: ['checked'] }).toPromise();
    await client.mutation(SetRequestScoreDocument, { id: 'b', score: 0.5 }).toPromise();
    const list = client.readQuery(HistoryRequestsDocument, page())?.data;
    expect(list?.requests.edges[1]?.node).toMatchObject({ id: 'b', tags: ['checked'], score: 0.5 });
    expect(asked).toEqual(['HistoryRequests', 'SetRequestTags', 'SetRequestScore']);
  });

  it('takes deleted requests out of every list held, and counts them again', async () => {
    const { client, asked } = fakeGateway([row('a', ['x']), row('b', ['x']), row('c')]);
    await client.query(HistoryRequestsDocument, page()).toPromise();
    await client.query(HistoryRequestsDocument, page({ tagsAny: ['x'] })).toPromise();
    await client.query(HistoryStatsDocument, { filter: {} }).toPromise();
    await client.mutation(DeleteRequestsDocument, { ids: ['a'] }).toPromise();
    expect(idsOf(client.readQuery(HistoryRequestsDocument, page())?.data)).toEqual(['b', 'c']);
    expect(idsOf(client.readQuery(HistoryRequestsDocument, page({ tagsAny: ['x'] }))?.data)).toEqual(['b']);
    // The count is no longer known: the next read asks the gateway.
    expect(client.readQuery(HistoryStatsDocument, { filter: {} })?.data ?? null).toBeNull();
    expect((await client.query(HistoryStatsDocument, { filter: {} }).toPromise()).data?.requestStats.count).toBe(2);
    expect(asked.filter((name) => name === 'HistoryRequests')).toHaveLength(2);
  });

  it('fetches tag-filtered lists again after a tag edit, and leaves the others as they are', async () => {
    const { client } = fakeGateway([row('a', ['x']), row('b')]);
    await client.query(HistoryRequestsDocument, page()).toPromise();
    await client.query(HistoryRequestsDocument, page({ tagsAny: ['x'] })).toPromise();
    await client.mutation(SetRequestTagsDocument, { id: 'a', tags: [] }).toPromise();
    expect(idsOf(client.readQuery(HistoryRequestsDocument, page())?.data)).toEqual(['a', 'b']);
    expect(client.readQuery(HistoryRequestsDocument, page({ tagsAny: ['x'] }))?.data ?? null).toBeNull();
    expect(idsOf((await client.query(HistoryRequestsDocument, page({ tagsAny: ['x'] })).toPromise()).data)).toEqual([]);
  });
});
