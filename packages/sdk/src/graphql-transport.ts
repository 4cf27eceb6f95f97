import { LOG_REQUESTS, type LogRequestInput } from './log-input.js';

/** What became of one `logRequests` call. */
export type SendOutcome =
  /** Stored; the Reprise ids in input order. */
  | { kind: 'stored'; ids: string[] }
  /** Reprise could not be reached or had trouble of its own: the same batch may succeed later. */
  | { kind: 'retry'; reason: string }
  /**
   * Reprise answered and refused: sending the same batch again cannot help. `items` are the
   * indexes of the records it named (the rest may be sent again); absent, the whole batch.
   * `condition` groups refusals that would repeat for every batch (a refused key), so that
   * they are reported once.
   */
  | { kind: 'refused'; reason: string; condition: string; items?: number[] };

export interface GraphQLTransportOptions {
  url: string;
  apiKey: string | undefined;
  timeoutMs: number;
  fetch: typeof fetch;
}

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string; field?: string; issues?: Array<{ field?: string }> };
}

interface GraphQLResponseBody {
  data?: { logRequests?: unknown } | null;
  errors?: GraphQLErrorBody[];
}

/** Statuses after which the same request may well succeed. */
const TRANSIENT_STATUS = new Set([408, 425, 429]);
/** GraphQL codes for trouble on Reprise's side rather than in the batch. */
const TRANSIENT_CODES = new Set(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

/** Sends batches to the gateway's `logRequests` mutation and classifies the answer; never throws. */
export class GraphQLTransport {
  readonly #options: GraphQLTransportOptions;

  constructor(options: GraphQLTransportOptions) {
    this.#options = options;
  }

  async send(inputs: LogRequestInput[]): Promise<SendOutcome> {
    const { url, apiKey, timeoutMs } = this.#options;
    let status: number;
    let text: string;
    try {
      const response = await this.#options.fetch(url, {
        method: 'POST',
        // A JSON content type also satisfies Apollo's CSRF prevention.
        headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ query: LOG_REQUESTS, variables: { inputs } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      return { kind: 'retry', reason: describeNetworkError(err) };
    }
    if (status >= 500 || TRANSIENT_STATUS.has(status)) return { kind: 'retry', reason: `HTTP ${status}` };

    const body = parseJson(text);
    const errors = body?.errors ?? [];
    if (errors.length === 0) {
      const ids = body?.data?.logRequests;
      if (status < 300 && Array.isArray(ids) && ids.length === inputs.length && ids.every((id) => typeof id === 'string')) {
        return { kind: 'stored', ids };
      }
      // Not a GraphQL answer at all: most likely the url points somewhere else.
      return { kind: 'refused', condition: `unexpected-${status}`, reason: `unexpected answer (HTTP ${status}): is ${url} the Reprise GraphQL endpoint?` };
    }

    const codes = new Set(errors.map((e) => e.extensions?.code));
    const message = errors.map((e) => e.message ?? 'unknown error').join('; ');
    if (codes.has('BAD_USER_INPUT')) {
      const items = badItems(errors, inputs.length);
      return { kind: 'refused', condition: 'bad-input', reason: message, ...(items ? { items } : {}) };
    }
    if (status === 401 || status === 403 || codes.has('UNAUTHENTICATED') || codes.has('FORBIDDEN')) {
      return { kind: 'refused', condition: 'auth', reason: `the API key was refused (${message})` };
    }
    if ([...codes].some((code) => code !== undefined && TRANSIENT_CODES.has(code))) return { kind: 'retry', reason: message };
    return { kind: 'refused', condition: `graphql-${[...codes].join(',')}`, reason: message };
  }
}

function parseJson(text: string): GraphQLResponseBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as GraphQLResponseBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The indexes of the records a BAD_USER_INPUT refusal names: the gateway's own checks name
 * fields as `inputs.3.requestBody` (extensions.field and .issues); GraphQL's variable
 * coercion says `at "inputs[3].status"` in the message. Undefined when any refusal names
 * no record, so the whole batch is dropped.
 */
function badItems(errors: GraphQLErrorBody[], count: number): number[] | undefined {
  const items = new Set<number>();
  for (const error of errors) {
    if (error.extensions?.code !== 'BAD_USER_INPUT') continue;
    const fields = [error.extensions.field, ...(error.extensions.issues ?? []).map((i) => i.field)];
    const named = fields.flatMap((f) => (f ? [/^inputs\.(\d+)\b/.exec(f)?.[1]] : []));
    named.push(...[...(error.message ?? '').matchAll(/inputs\[(\d+)\]/g)].map((m) => m[1]));
    const indexes = named.filter((n) => n !== undefined).map(Number);
    if (indexes.length === 0) return undefined;
    for (const i of indexes) items.add(i);
  }
  const list = [...items].filter((i) => i < count).sort((a, b) => a - b);
  return list.length > 0 ? list : undefined;
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'no answer in time';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${err.message} (${detail})` : err.message;
}
