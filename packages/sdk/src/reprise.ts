import { GraphQLTransport } from './graphql-transport.js';
import type { LogRequestInput } from './log-input.js';

/** Where warnings go; `console` fits, and so does a pino logger. */
export interface RepriseWarningLogger {
  warn(message: string): void;
}

export interface RepriseOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. Without it nothing is sent (one warning). */
  url: string | undefined;
  /** A Reprise API key, sent as `Authorization: Bearer <key>` and never written anywhere else. */
  apiKey: string | undefined;
  /** Records are sent at most this long after they are logged. @default 1000 */
  flushIntervalMs?: number;
  /** Records per `logRequests` call; a full batch is sent at once. @default 100 */
  batchSize?: number;
  /** Records kept while Reprise is unreachable; past it, new records are dropped (one warning per outage). @default 10000 */
  maxBuffer?: number;
  /** First retry delay after a failed send; doubles with each failure, with jitter. @default 500 */
  retryBaseMs?: number;
  /** Longest retry delay. @default 30000 */
  retryMaxMs?: number;
  /** Time allowed for one `logRequests` call. @default 10000 */
  requestTimeoutMs?: number;
  /** Where warnings go. @default console */
  logger?: RepriseWarningLogger;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

interface Entry {
  input: LogRequestInput;
  resolve: (id: string | undefined) => void;
}

/** The gateway caps one call at 1,000 records. */
const MAX_BATCH = 1000;
/** Error messages longer than this are refused by the gateway. */
const MAX_MESSAGE = 16_384;

/**
 * Ships records to Reprise: batched, in the background, with retries. Nothing here ever throws
 * into the code that logs; what cannot be delivered is dropped with a warning. One instance can
 * serve any number of wrapped clients.
 */
export class Reprise {
  readonly #transport: GraphQLTransport | undefined;
  readonly #logger: RepriseWarningLogger;
  readonly #apiKey: string | undefined;
  readonly #flushIntervalMs: number;
  readonly #batchSize: number;
  readonly #maxBuffer: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;

  /** Waiting records, oldest first; the batch being sent stays here until it is acknowledged. */
  #buffer: Entry[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #draining: Promise<void> | undefined;
  #flushing: Promise<void> | undefined;
  /** Failed sends in a row; while above zero a backoff timer, not the flush interval, decides the next send. */
  #failures = 0;
  #lastFailure = '';
  #closed = false;
  /** Conditions already warned about since the last successful send: one warning per outage. */
  readonly #warned = new Set<string>();

  constructor(options: RepriseOptions) {
    this.#logger = options.logger ?? console;
    this.#apiKey = options.apiKey || undefined;
    this.#flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.#batchSize = Math.min(Math.max(1, options.batchSize ?? 100), MAX_BATCH);
    this.#maxBuffer = Math.max(1, options.maxBuffer ?? 10_000);
    this.#retryBaseMs = options.retryBaseMs ?? 500;
    this.#retryMaxMs = options.retryMaxMs ?? 30_000;
    if (options.url) {
      this.#transport = new GraphQLTransport({
        url: options.url,
        apiKey: this.#apiKey,
        timeoutMs: options.requestTimeoutMs ?? 10_000,
        fetch: options.fetch ?? globalThis.fetch,
      });
    } else {
      this.#warn('no-url', 'no url given: requests will not be logged');
    }
  }

  /** Records waiting to be sent (including a batch in flight). */
  get buffered(): number {
    return this.#buffer.length;
  }

  /**
   * Queues one record. Resolves with its Reprise id once Reprise has stored it, or undefined
   * when it was dropped (buffer full, refused, closed). Never rejects.
   */
  log(input: LogRequestInput): Promise<string | undefined> {
    if (!this.#transport) return Promise.resolve(undefined);
    if (this.#closed) {
      this.#warn('closed', 'log() after close(): the record was dropped');
      return Promise.resolve(undefined);
    }
    if (this.#buffer.length >= this.#maxBuffer) {
      this.#warn(
        'overflow',
        `${this.#buffer.length} records are waiting to be sent${this.#lastFailure ? ` (${this.#lastFailure})` : ''}; ` +
          'new records are dropped until it answers again',
      );
      return Promise.resolve(undefined);
    }
    const safe = input.error && input.error.message.length > MAX_MESSAGE ? { ...input, error: { ...input.error, message: input.error.message.slice(0, MAX_MESSAGE) } } : input;
    return new Promise((resolve) => {
      this.#buffer.push({ input: safe, resolve });
      this.#kick();
    });
  }

  /**
   * Sends everything waiting now, without waiting for the timer or a backoff delay. Resolves
   * once the buffer is empty or a send failed (the records then stay for the next retry).
   */
  flush(): Promise<void> {
    this.#flushing ??= (async () => {
      try {
        // A send already under way finishes first; then whatever is left goes at once.
        await this.#draining;
        this.#clearTimer();
        if (this.#buffer.length > 0) await this.#drain();
      } finally {
        this.#flushing = undefined;
        // Records logged while the flush was ending still need a timer.
        if (!this.#draining) this.#afterDrain();
      }
    })();
    return this.#flushing;
  }

  /** Flushes, then stops: timers are cleared and later records are dropped. Records still undelivered are dropped with a warning. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    this.#clearTimer();
    await this.#draining;
    if (this.#buffer.length > 0) {
      this.#warn('close', `closed with ${this.#buffer.length} records undelivered (${this.#lastFailure}); they are dropped`);
      for (const entry of this.#buffer.splice(0)) entry.resolve(undefined);
    }
  }

  /** Reports trouble in this package's own code: logging must never take the caller down with it. */
  reportInternalError(err: unknown): void {
    this.#warn('internal', `could not log a request: ${err instanceof Error ? err.message : String(err)}`);
  }

  #kick(): void {
    // A send under way picks new records up when it loops; during an outage the backoff timer decides.
    if (this.#draining || this.#flushing || this.#failures > 0) return;
    if (this.#buffer.length >= Math.min(this.#batchSize, this.#maxBuffer)) {
      this.#clearTimer();
      void this.#drain();
    } else if (!this.#timer) {
      this.#schedule(this.#flushIntervalMs);
    }
  }

  /** Sends batches until the buffer is empty or a send fails. One at a time, so records arrive in order. */
  #drain(): Promise<void> {
    this.#draining ??= this.#sendAll().finally(() => {
      this.#draining = undefined;
      this.#afterDrain();
    });
    return this.#draining;
  }

  async #sendAll(): Promise<void> {
    const transport = this.#transport;
    if (!transport) return;
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.slice(0, this.#batchSize);
      const outcome = await transport.send(batch.map((e) => e.input));
      switch (outcome.kind) {
        case 'stored':
          this.#remove(batch);
          batch.forEach((entry, i) => entry.resolve(outcome.ids[i]));
          this.#failures = 0;
          this.#lastFailure = '';
          this.#warned.clear();
          break;
        case 'retry':
          this.#failures += 1;
          this.#lastFailure = `last attempt: ${outcome.reason}`;
          return;
        case 'refused': {
          // Retrying cannot fix a refusal: drop what was refused and go on with the rest.
          const refused = outcome.items ? outcome.items.map((i) => batch[i]!) : batch;
          this.#remove(refused);
          for (const entry of refused) entry.resolve(undefined);
          const what = `${refused.length} record${refused.length === 1 ? '' : 's'}`;
          if (outcome.condition === 'bad-input') this.#logger.warn(this.#redact(`[reprise] Reprise refused ${what}, dropped: ${outcome.reason}`));
          else this.#warn(outcome.condition, `Reprise refused ${what}, dropped (later refusals for the same reason are not reported): ${outcome.reason}`);
          break;
        }
      }
    }
  }

  #afterDrain(): void {
    if (this.#closed || this.#buffer.length === 0 || this.#flushing) return;
    if (this.#failures > 0) this.#schedule(this.#backoff());
    else if (this.#buffer.length >= Math.min(this.#batchSize, this.#maxBuffer)) void this.#drain();
    else this.#schedule(this.#flushIntervalMs);
  }

  /** Exponential, with "equal jitter": half the delay fixed, half random, so clients spread out but still back off. */
  #backoff(): number {
    const ceiling = Math.min(this.#retryMaxMs, this.#retryBaseMs * 2 ** Math.min(this.#failures - 1, 30));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  #schedule(ms: number): void {
    this.#clearTimer();
    const timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, ms);
    // A logger must never be what keeps a process alive. (Only Node's timers have unref.)
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #remove(entries: Entry[]): void {
    const gone = new Set(entries);
    this.#buffer = this.#buffer.filter((e) => !gone.has(e));
  }

  #warn(condition: string, message: string): void {
    if (this.#warned.has(condition)) return;
    this.#warned.add(condition);
    this.#logger.warn(this.#redact(`[reprise] ${message}`));
  }

  /** Belt and braces: no message this package writes may carry the key, whatever a server echoes. */
  #redact(message: string): string {
    return this.#apiKey ? message.split(this.#apiKey).join('[redacted]') : message;
  }
}
