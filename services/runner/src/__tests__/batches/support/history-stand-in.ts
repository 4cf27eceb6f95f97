import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { requestSelectionBodySchema, selectionIdsBodySchema, type RequestSelectionBody, type SelectedRequest, type SelectionIdsBody } from '@reprise/contracts';

/**
 * History's `POST /requests/selection` and `/requests/selection/ids` for
 * the runner's tests: a small real HTTP server holding logged requests in
 * memory per workspace, answering a selection as NDJSON, one
 * SelectedRequest a line, in a fixed order (as history's own, by start
 * time), and its ids as JSON. It filters by model, provider and tags
 * (tagsAny), and by ids; it keeps every body it was sent.
 */
export interface StoredRequest extends SelectedRequest {
  workspaceId: string;
  startedAt: Date;
  tags: string[];
}

export interface HistoryStandIn {
  url: string;
  /** Stores requests; returns them as stored. */
  add(workspaceId: string, requests: Partial<StoredRequest>[]): StoredRequest[];
  /** Every selection body received, parsed. */
  selections: RequestSelectionBody[];
  /** Every body of `/requests/selection/ids` received, parsed. */
  idLookups: SelectionIdsBody[];
  /** Lines written before each response pauses this long (to stop an API while it is enqueuing). @default 0 */
  lineDelayMs: number;
  /** Every this many lines, the pause. @default 100 */
  lineDelayEvery: number;
  /** While set, every selection is answered 503. */
  down: boolean;
  /** The connection of the `read`-th selection received (counting from 1, as `selections` grows) is cut after `after` lines. */
  cut: { read: number; after: number } | null;
  close(): Promise<void>;
}

/** A chat body with one user message of its own, so a test can find its requests at the provider. */
export function chatBody(text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], ...extra });
}

/** Until the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function startHistoryStandIn(): Promise<HistoryStandIn> {
  const stored: StoredRequest[] = [];
  const standIn: HistoryStandIn = {
    url: '',
    selections: [],
    idLookups: [],
    lineDelayMs: 0,
    lineDelayEvery: 100,
    down: false,
    cut: null,
    add(workspaceId, requests) {
      const added = requests.map((r, i): StoredRequest => {
        const id = r.id ?? randomUUID();
        return {
          id,
          workspaceId,
          provider: r.provider ?? 'stand-in',
          model: r.model ?? 'stand-in-model',
          source: r.source ?? 'api',
          requestBody: r.requestBody ?? chatBody(`Hello ${id}`),
          output: r.output === undefined ? 'Hello world' : r.output,
          completionTokens: r.completionTokens === undefined ? 2 : r.completionTokens,
          original: r.original ?? { status: 'completed', text: r.output ?? 'Hello world', calls: [], usage: null, latencyMs: 100, cost: null },
          startedAt: r.startedAt ?? new Date(Date.now() - 60_000 + i),
          tags: r.tags ?? [],
        };
      });
      stored.push(...added);
      return added;
    },
    close: async () => {},
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const piece of req) chunks.push(piece as Buffer);
    const route = req.method === 'POST' ? req.url : null;
    if (route !== '/requests/selection' && route !== '/requests/selection/ids') {
      res.writeHead(404).end();
      return;
    }
    if (standIn.down) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unavailable' }));
      return;
    }
    const parsed = (route === '/requests/selection' ? requestSelectionBodySchema : selectionIdsBodySchema).safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    if (!parsed.success) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_input', issues: parsed.error.issues }));
      return;
    }
    const body = parsed.data as SelectionIdsBody;
    const before = new Date(body.startedBefore);
    const { filter, ids } = body.selection;
    const wanted = ids ? new Set(ids) : null;
    const matching = stored
      .filter((r) => r.workspaceId === body.workspaceId && r.startedAt < before)
      .filter((r) => (wanted ? wanted.has(r.id) : true))
      .filter((r) => !filter?.model || filter.model.includes(r.model))
      .filter((r) => !filter?.provider || filter.provider.includes(r.provider))
      .filter((r) => !filter?.tagsAny || filter.tagsAny.some((t) => r.tags.includes(t)))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id));
    if (route === '/requests/selection/ids') {
      standIn.idLookups.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ids: matching.slice(0, body.first).map((r) => r.id) }));
      return;
    }
    standIn.selections.push(body);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    let n = 0;
    const cutAfter = standIn.cut?.read === standIn.selections.length ? standIn.cut.after : null;
    for (const [i, r] of matching.entries()) {
      if (res.destroyed) return;
      if (i === cutAfter) {
        res.destroy();
        return;
      }
      const { workspaceId: _w, startedAt: _s, tags: _t, ...line } = r;
      if (!res.write(`${JSON.stringify(line satisfies SelectedRequest)}\n`)) await drained(res);
      if (standIn.lineDelayMs && ++n % standIn.lineDelayEvery === 0) await sleep(standIn.lineDelayMs);
    }
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return standIn;
}
