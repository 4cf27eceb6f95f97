import type { LogRequestInput } from '../log-input.js';
import { Reprise, type RepriseOptions } from '../reprise.js';

const KEY = 'rk_test_0123456789abcdef';

interface Sent {
  url: string;
  headers: Record<string, string>;
  query: string;
  inputs: LogRequestInput[];
}

type Handler = (inputs: LogRequestInput[], call: number) => Response | Promise<Response>;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const stored: Handler = (inputs) => json({ data: { logRequests: inputs.map((i) => `id-${i.externalId}`) } });
const refused = (): never => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
};

/** A stand-in for the gateway: records what it is sent, answers with `handler`. No sockets. */
function fakeGateway(handler: Handler = stored) {
  const sent: Sent[] = [];
  const gateway = {
    sent,
    handler,
    fetch: (async (url: string | URL | Request, init?: RequestInit) => {
      const { query, variables } = JSON.parse(String(init?.body)) as { query: string; variables: { inputs: LogRequestInput[] } };
      sent.push({ url: String(url), headers: init?.headers as Record<string, string>, query, inputs: variables.inputs });
      return gateway.handler(variables.inputs, sent.length);
    }) as typeof fetch,
  };
  return gateway;
}

const record = (n: number): LogRequestInput => ({
  provider: 'openai',
  requestBody: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `hi ${n}` }] }),
  startedAt: new Date(0).toISOString(),
  externalId: `r${n}`,
});

const warnings: string[] = [];
const logger = { warn: (message: string) => warnings.push(message) };
const instances: Reprise[] = [];
function reprise(gateway: ReturnType<typeof fakeGateway>, options: Partial<RepriseOptions> = {}) {
  const r = new Reprise({ url: 'http://reprise.test/graphql', apiKey: KEY, fetch: gateway.fetch, logger, retryBaseMs: 5, retryMaxMs: 20, ...options });
  instances.push(r);
  return r;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(fn: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

beforeEach(() => {
  warnings.length = 0;
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((r) => r.close()));
  expect(warnings.join('\n')).not.toContain(KEY);
});

describe('Reprise batching', () => {
  it('sends what was logged within the interval as one logRequests call, ids in input order', async () => {
    const gateway = fakeGateway();
    const r = reprise(gateway, { flushIntervalMs: 30 });
    const ids = [1, 2, 3].map((n) => r.log(record(n)));
    await sleep(5);
    expect(gateway.sent).toHaveLength(0);
    expect(await Promise.all(ids)).toEqual(['id-r1', 'id-r2', 'id-r3']);
    expect(gateway.sent).toHaveLength(1);
    const [call] = gateway.sent;
    expect(call!.url).toBe('http://reprise.test/graphql');
    expect(call!.headers).toEqual({ 'content-type': 'application/json', authorization: `Bearer ${KEY}` });
    expect(call!.query).toContain('logRequests(inputs: $inputs)');
    expect(call!.inputs).toEqual([record(1), record(2), record(3)]);
    expect(r.buffered).toBe(0);
  });

  it('sends a full batch at once, without waiting for the interval', async () => {
    const gateway = fakeGateway();
    const r = reprise(gateway, { flushIntervalMs: 60_000, batchSize: 100 });
    const ids = Array.from({ length: 150 }, (_, n) => r.log(record(n)));
    await until(() => gateway.sent.length === 1);
    expect(gateway.sent[0]!.inputs).toHaveLength(100);
    await r.flush();
    expect(gateway.sent.map((s) => s.inputs.length)).toEqual([100, 50]);
    expect(await Promise.all(ids)).toEqual(Array.from({ length: 150 }, (_, n) => `id-r${n}`));
  });

  it('keeps no timer that would hold the process open', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((t) => t === 'Timeout').length;
    const before = timers();
    const r = reprise(fakeGateway(refused), { flushIntervalMs: 60_000 });
    void r.log(record(1));
    expect(timers()).toBe(before);
    await r.flush(); // fails: a backoff timer is now pending
    expect(timers()).toBe(before);
  });
});

describe('Reprise when the gateway is down', () => {
  it('retries with backoff until it answers, and delivers everything', async () => {
    const gateway = fakeGateway((inputs, call) => (call <= 3 ? refused() : stored(inputs, call)));
    const r = reprise(gateway, { flushIntervalMs: 10 });
    const ids = [1, 2].map((n) => r.log(record(n)));
    expect(await Promise.all(ids)).toEqual(['id-r1', 'id-r2']);
    expect(gateway.sent).toHaveLength(4);
    expect(warnings).toEqual([]);
  });

  it('treats 5xx and SERVICE_UNAVAILABLE as transient', async () => {
    const gateway = fakeGateway((inputs, call) =>
      call === 1 ? new Response('oops', { status: 502 }) : call === 2 ? json({ errors: [{ message: 'history down', extensions: { code: 'SERVICE_UNAVAILABLE' } }], data: null }) : stored(inputs, call),
    );
    const r = reprise(gateway, { flushIntervalMs: 10 });
    expect(await r.log(record(1))).toBe('id-r1');
    expect(gateway.sent).toHaveLength(3);
  });

  it('retries a send that gets no answer in time', async () => {
    const gateway = fakeGateway((inputs, call) => (call === 1 ? new Promise<Response>(() => undefined) : stored(inputs, call)));
    // The hung first answer is abandoned through the request signal in real fetch; here it just never resolves,
    // so give the fake a fetch that honours the signal.
    const fetchWithSignal: typeof fetch = (url, init) =>
      Promise.race([gateway.fetch(url, init), new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))]);
    const r = reprise(gateway, { flushIntervalMs: 10, requestTimeoutMs: 50, fetch: fetchWithSignal });
    expect(await r.log(record(1))).toBe('id-r1');
    expect(gateway.sent).toHaveLength(2);
  });

  it('bounds the buffer: past maxBuffer new records are dropped with one warning per outage', async () => {
    const gateway = fakeGateway(refused);
    const r = reprise(gateway, { flushIntervalMs: 10, maxBuffer: 3, retryBaseMs: 10_000, retryMaxMs: 10_000 });
    const ids = Array.from({ length: 10 }, (_, n) => r.log(record(n)));
    expect(await Promise.all(ids.slice(3))).toEqual(Array(7).fill(undefined));
    expect(r.buffered).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/3 records are waiting to be sent/);

    gateway.handler = stored;
    await r.flush();
    expect(await Promise.all(ids.slice(0, 3))).toEqual(['id-r0', 'id-r1', 'id-r2']);
    expect(r.buffered).toBe(0);

    // A new outage gets its own warning.
    gateway.handler = refused;
    for (const n of [100, 101, 102]) void r.log(record(n));
    await r.flush(); // fails: now the warning can say why
    expect(await Promise.all([103, 104].map((n) => r.log(record(n))))).toEqual([undefined, undefined]);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/3 records are waiting to be sent \(last attempt: fetch failed \(ECONNREFUSED\)\)/);
  });
});

describe('Reprise when the gateway refuses', () => {
  it('drops only the record a BAD_USER_INPUT names and sends the rest again', async () => {
    const gateway = fakeGateway((inputs, call) =>
      inputs.some((i) => i.externalId === 'r1')
        ? json({ errors: [{ message: 'inputs.1.requestBody: not JSON', extensions: { code: 'BAD_USER_INPUT', field: 'inputs.1.requestBody', issues: [{ field: 'inputs.1.requestBody' }] } }], data: null }, 200)
        : stored(inputs, call),
    );
    const r = reprise(gateway, { flushIntervalMs: 10 });
    const ids = [0, 1, 2].map((n) => r.log(record(n)));
    expect(await Promise.all(ids)).toEqual(['id-r0', undefined, 'id-r2']);
    expect(gateway.sent.map((s) => s.inputs.map((i) => i.externalId))).toEqual([
      ['r0', 'r1', 'r2'],
      ['r0', 'r2'],
    ]);
    expect(warnings).toEqual([expect.stringMatching(/refused 1 record, dropped: inputs\.1\.requestBody: not JSON/)]);
  });

  it('drops the whole batch when a refusal names no record (variable coercion names it in the message)', async () => {
    const coercion = { message: 'Variable "$inputs" got invalid value "DONE" at "inputs[0].status"', extensions: { code: 'BAD_USER_INPUT' } };
    const gateway = fakeGateway((_, call) => json(call === 1 ? { errors: [coercion] } : { errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] }, 400));
    const r = reprise(gateway, { flushIntervalMs: 10 });
    const first = [0, 1].map((n) => r.log(record(n)));
    await r.flush();
    expect(gateway.sent.map((s) => s.inputs.length)).toEqual([2, 1]); // r0 named and dropped, then r1 refused as a batch
    expect(await Promise.all(first)).toEqual([undefined, undefined]);
    expect(warnings).toHaveLength(2);
  });

  it('drops batches whose key is refused, warning once, without ever writing the key', async () => {
    const gateway = fakeGateway(() => json({ errors: [{ message: `unknown API key ${KEY}`, extensions: { code: 'UNAUTHENTICATED' } }] }, 401));
    const r = reprise(gateway, { flushIntervalMs: 10, batchSize: 1 });
    expect(await Promise.all([1, 2, 3].map((n) => r.log(record(n))))).toEqual([undefined, undefined, undefined]);
    expect(gateway.sent).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/API key was refused/);
    expect(warnings[0]).toContain('[redacted]');
  });

  it('warns once and sends nothing without a url', async () => {
    const r = new Reprise({ url: undefined, apiKey: KEY, logger });
    expect(await r.log(record(1))).toBeUndefined();
    await r.close();
    expect(warnings).toEqual([expect.stringMatching(/no url/)]);
  });
});

describe('Reprise.close', () => {
  it('flushes, then drops later records', async () => {
    const gateway = fakeGateway();
    const r = reprise(gateway, { flushIntervalMs: 60_000 });
    const id = r.log(record(1));
    await r.close();
    expect(await id).toBe('id-r1');
    expect(await r.log(record(2))).toBeUndefined();
    expect(gateway.sent).toHaveLength(1);
  });

  it('gives up on what it cannot deliver, with a warning', async () => {
    const r = reprise(fakeGateway(refused), { flushIntervalMs: 60_000 });
    const id = r.log(record(1));
    await r.close();
    expect(await id).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/closed with 1 records undelivered/)]);
  });
});
