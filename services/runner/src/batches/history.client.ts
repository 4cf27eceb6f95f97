import { selectedRequestSchema, selectionIdsSchema, type RequestSelectionBody, type SelectedRequest, type SelectionIdsBody } from '@reprise/contracts';

/** History refused the selection or could not be reached. */
export class HistoryError extends Error {
  constructor(
    message: string,
    /** History's HTTP status; null when it could not be reached or its answer broke off. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}

export interface HistoryClient {
  /**
   * The requests of a selection, one at a time as history streams them
   * (`POST /requests/selection`, NDJSON), in history's order: the same order
   * each time for the same `startedBefore`, which a resumed enqueuer relies on.
   */
  selection(body: RequestSelectionBody, signal?: AbortSignal): AsyncGenerator<SelectedRequest>;
  /** The ids of a selection's requests, no more than `first` when given (`POST /requests/selection/ids`): no bodies read. */
  selectionIds(body: SelectionIdsBody): Promise<string[]>;
}

/** History's HTTP API, as the runner uses it (DESIGN.md: never its database). */
export function createHistoryClient(baseUrl: string): HistoryClient {
  /** A POST to history that answered 2xx; a HistoryError (naming `what`) when it could not be reached or refused. */
  async function post(path: string, body: unknown, what: string, accept: string, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body), signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new HistoryError(`history is unreachable at ${baseUrl}: ${(err as Error).message}`, null);
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      throw new HistoryError(`history answered ${response.status} to ${what}: ${text.slice(0, 500)}`, response.status);
    }
    return response;
  }

  return {
    async selectionIds(body) {
      const response = await post('/requests/selection/ids', body, "a selection's ids", 'application/json');
      return selectionIdsSchema.parse(await response.json()).ids;
    },
    async *selection(body, signal) {
      const response = await post('/requests/selection', body, 'a selection', 'application/x-ndjson', signal);
      let line = 1;
      try {
        for await (const text of ndjsonLines(response.body!)) {
          const parsed = selectedRequestSchema.safeParse(JSON.parse(text));
          if (!parsed.success) throw new HistoryError(`history sent a selection line (${line}) that is not a selected request: ${parsed.error.issues[0]?.message}`, response.status);
          line++;
          yield parsed.data;
        }
      } catch (err) {
        if (err instanceof HistoryError || signal?.aborted) throw err;
        throw new HistoryError(`history's selection broke off after ${line - 1} requests: ${(err as Error).message}`, null);
      }
    },
  };
}

/** The non-empty lines of a byte stream, decoded as UTF-8, the last one with or without its newline. */
async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      const text = rest.slice(start, nl).trim();
      start = nl + 1;
      if (text) yield text;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest.trim();
}
