import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * The `fetch` the SDK calls providers with: Node's own HTTP client, on
 * keep-alive agents shared by every provider client of the process, instead
 * of the global fetch (undici). Same wire bytes, same Response to the SDK;
 * measured in the worker it costs less CPU per call (see the commit that
 * added it for the figures), which is what a bulk replay of thousands is
 * made of.
 *
 * What the global fetch does that this does not, on purpose:
 * - no redirects are followed: a provider answering 3xx is reported as that
 *   status by the SDK, not silently sent elsewhere with its key;
 * - no `accept-encoding` is sent, so a provider answers uncompressed (a
 *   compressed answer, if a configured header asked for one, is still
 *   decoded: gzip, deflate and br).
 */
export const providerFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : input);
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<Response>((resolve, reject) => {
    const req = client.request(url, { method: init.method ?? 'GET', headers: Object.fromEntries(new Headers(init.headers)), agent: url.protocol === 'https:' ? httpsAgent : httpAgent });
    let res: http.IncomingMessage | null = null;
    // As fetch does: an abort before the answer rejects, one during its body errors the body's reader,
    // both with an AbortError (which the SDK reads as the caller's abort); either way the socket closes.
    const abort = () => (res ?? req).destroy(abortError(signal!));
    signal?.addEventListener('abort', abort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', abort));
    req.on('response', (answer: http.IncomingMessage) => {
      res = answer;
      resolve(responseOf(answer, init.method));
    });
    req.on('error', reject);
    req.end(bodyOf(init.body));
  });
};

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/** The SDK sends a string, a Buffer (a raw chat body) or nothing; anything else is a programming error here. */
function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('providerFetch sends string and byte bodies only');
}

/** As fetch rejects on an abort: an AbortError (the SDK reads aborts by that name). */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error && signal.reason.name === 'AbortError' ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

const NO_BODY = new Set([101, 204, 205, 304]);

function responseOf(res: http.IncomingMessage, method = 'GET'): Response {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 500;
  if (NO_BODY.has(status) || method.toUpperCase() === 'HEAD') {
    res.resume();
    return new Response(null, { status, statusText: res.statusMessage, headers });
  }
  return new Response(Readable.toWeb(decoded(res)) as ReadableStream<Uint8Array>, { status, statusText: res.statusMessage, headers });
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
  if (!decoder) return res;
  res.on('error', (err) => decoder.destroy(err));
  return res.pipe(decoder);
}
