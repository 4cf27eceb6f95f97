import type { RequestBodies, RequestRecord, RequestSummary } from '@reprise/contracts';
import type { GatewayContext } from '../context.js';

/**
 * A request as resolvers receive it: whole (`request(id)`, batch results),
 * or without its bodies (the list, an edit of tags or score), which history
 * stores apart from what the list reads.
 */
export type RequestParent = RequestSummary & Partial<Pick<RequestRecord, 'requestBody' | 'responseBody'>>;

type Bodies = Pick<RequestBodies, 'requestBody' | 'responseBody'>;

/**
 * The bodies asked for in one operation, fetched together: ids asked in the
 * same turn of the event loop go to history in one call (a page of 50 whose
 * bodies are selected costs one request, not 50).
 */
class BodiesLoader {
  private pending = new Map<string, { resolve(b: Bodies | undefined): void; reject(err: unknown): void }[]>();

  constructor(private readonly ctx: GatewayContext) {}

  load(id: string): Promise<Bodies | undefined> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      this.pending.set(id, [...(this.pending.get(id) ?? []), { resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const found = new Map((await this.ctx.history.bodies(this.ctx.workspaceId, [...batch.keys()])).map((b) => [b.id, b]));
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(found.get(id));
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    }
  }
}

const loaders = new WeakMap<GatewayContext, BodiesLoader>();
const read = new WeakMap<RequestParent, Promise<Bodies>>();

/**
 * The request's bodies: its own when it came whole, else read once per
 * record. A request deleted since it was listed has none left; it reads as
 * an empty request body and no response.
 */
export function bodiesOf(record: RequestParent, ctx: GatewayContext): Promise<Bodies> {
  if (typeof record.requestBody === 'string') return Promise.resolve({ requestBody: record.requestBody, responseBody: record.responseBody ?? null });
  let bodies = read.get(record);
  if (!bodies) {
    let loader = loaders.get(ctx);
    if (!loader) loaders.set(ctx, (loader = new BodiesLoader(ctx)));
    read.set(record, (bodies = loader.load(record.id).then((b) => b ?? { requestBody: '', responseBody: null })));
  }
  return bodies;
}
