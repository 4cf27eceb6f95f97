import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@reprise/runtime';
import { handleChatCompletions, requestId } from './chat-completions.handler.js';
import { notFound, OpenAIHttpError, type OpenAIErrorBody } from './openai-errors.js';
import type { SimOptions } from './options.js';
import { RequestStats, type SimulatorStats } from './stats.js';

export interface StartSimulatorOptions {
  /** Port to listen on; 0 picks a free one (read it back from `port`). @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Server-wide behaviour; request headers and prompt markers override it. @default { ttftMs: 0, delayMs: 0, tokens: 16 } */
  defaults?: Partial<SimOptions>;
  /** Request logs go here at debug level, handler bugs at error. @default the runtime logger at level 'warn' */
  logger?: Logger;
}

/** One request as received, for tests that check what a client sent. */
export interface RecordedRequest {
  method: string;
  /** The path without the query, e.g. `/openai/deployments/d/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
}

export interface Simulator {
  /** Base URL for the `openai` SDK, ending in `/v1`, e.g. `http://127.0.0.1:4010/v1`. */
  url: string;
  port: number;
  stats: SimulatorStats;
  /** The last 200 requests, oldest first. */
  recorded: RecordedRequest[];
  /** Stops listening and ends open connections (and their streams), so a test process can exit. */
  close(): Promise<void>;
}

const RECORD_LIMIT = 200;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
// A fixed date, so the model list is the same on every call.
const MODELS_CREATED = 1_735_689_600;
export const SIMULATED_MODELS = ['sim-fast', 'sim-large'] as const;

type Route =
  | { kind: 'chat'; deployment?: string }
  | { kind: 'models' }
  | { kind: 'model'; id: string }
  | { kind: 'unknown' };

const AZURE_CHAT = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

function routeOf(method: string, path: string): Route {
  if (method === 'POST') {
    if (path === '/v1/chat/completions') return { kind: 'chat' };
    const azure = AZURE_CHAT.exec(path);
    if (azure) return { kind: 'chat', deployment: decodeURIComponent(azure[1]!) };
  }
  if (method === 'GET') {
    if (path === '/v1/models') return { kind: 'models' };
    if (path.startsWith('/v1/models/')) return { kind: 'model', id: decodeURIComponent(path.slice('/v1/models/'.length)) };
  }
  return { kind: 'unknown' };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new OpenAIHttpError(413, { error: { message: 'Request body too large.', type: 'invalid_request_error', param: null, code: null } });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    'x-request-id': requestId(),
  });
  res.end(json);
}

function modelObject(id: string) {
  return { id, object: 'model', created: MODELS_CREATED, owned_by: 'reprise-simulator' };
}

/** Starts an OpenAI-compatible server; resolves once it is listening. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<Simulator> {
  const { port = 0, host = '127.0.0.1', defaults = {} } = options;
  const logger = options.logger ?? createLogger({ name: 'simulator', level: 'warn' });
  const stats = new RequestStats();
  const recorded: RecordedRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    // 'close' comes after a full answer and when the client goes away mid-answer:
    // either way the request is over and its timers must stop.
    const controller = new AbortController();
    res.once('close', () => controller.abort());
    if (route.kind === 'chat') res.once('close', stats.begin());
    res.once('finish', () =>
      logger.debug({ method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'),
    );

    try {
      const body = await readBody(req);
      recorded.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      if (recorded.length > RECORD_LIMIT) recorded.splice(0, recorded.length - RECORD_LIMIT);

      switch (route.kind) {
        case 'chat':
          await handleChatCompletions({ req, res, body, deployment: route.deployment, defaults, signal: controller.signal });
          return;
        case 'models':
          sendJson(res, 200, { object: 'list', data: SIMULATED_MODELS.map(modelObject) });
          return;
        case 'model':
          // Any model name works for chat completions; only the listed ones "exist" here.
          if (!(SIMULATED_MODELS as readonly string[]).includes(route.id)) throw notFound(`The model '${route.id}' does not exist`);
          sendJson(res, 200, modelObject(route.id));
          return;
        case 'unknown':
          throw notFound(`Invalid URL (${method} ${url.pathname})`);
      }
    } catch (error) {
      // The client is gone (or the server closing): there is no one to answer.
      if (controller.signal.aborted) return;
      if (res.headersSent) {
        logger.error({ err: error, path: url.pathname }, 'simulator failed mid-response');
        res.destroy();
      } else if (error instanceof OpenAIHttpError) {
        sendJson(res, error.status, error.body, error.headers);
      } else {
        logger.error({ err: error, path: url.pathname }, 'simulator handler failed');
        const body: OpenAIErrorBody = {
          error: { message: 'The simulator failed while processing your request.', type: 'server_error', param: null, code: null },
        };
        sendJson(res, 500, body);
      }
    }
  }

  // noDelay: each chunk leaves as soon as it is written, not batched by Nagle's algorithm.
  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  // A wildcard address is reachable at loopback; an IPv6 literal needs brackets in a URL.
  const urlHost = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${actualPort}/v1`,
    port: actualPort,
    stats,
    recorded,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Without this, keep-alive sockets and open streams keep the process (and Jest) alive.
        server.closeAllConnections();
      }),
  };
}
