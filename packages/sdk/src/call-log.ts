import type OpenAI from 'openai';
import type { APIPromise } from 'openai/core/api-promise';
import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { CompletionAssembler } from './completion-assembler.js';
import type { LogErrorInput, LogRequestInput, Metadata, RequestStatus } from './log-input.js';
import { isAbort, toLogError } from './provider-error.js';
import { rememberRepriseId } from './reprise-id.js';
import { isA } from './same-class.js';
import type { Reprise } from './reprise.js';

/** The per-call option: `create(body, { reprise: { ... } })`. */
export interface RepriseCallOptions {
  /** Added to the client's tags. */
  tags?: readonly string[];
  /** Merged over the client's metadata (same key: this call's value wins). */
  metadata?: Metadata;
  /** Your id for this request; logging the same one twice stores it once. @default a random UUID */
  externalId?: string;
  /** Do not log this call. @default false */
  skip?: boolean;
}

/** What a wrapped client adds to every record it logs. */
export interface CallDefaults {
  provider: string;
  tags: readonly string[];
  metadata: Metadata;
}

/**
 * One `chat.completions.create` call, from the moment it is made until its outcome is known,
 * then one record for Reprise. Everything it does beside the call swallows its own errors:
 * the caller gets what the openai SDK gave, nothing else.
 */
export class CallLog {
  readonly #reprise: Reprise;
  readonly #defaults: CallDefaults;
  readonly #client: OpenAI;
  readonly #call: RepriseCallOptions | undefined;
  readonly #requestBody: string;
  readonly #startedAt = new Date();
  readonly #t0 = performance.now();
  #responseAt: number | undefined;
  #firstTokenAt: number | undefined;
  #done = false;
  #resolveId: (id: string | undefined) => void = () => undefined;
  /** The Reprise id of the record, once stored; undefined when it is not. */
  readonly id = new Promise<string | undefined>((resolve) => {
    this.#resolveId = resolve;
  });

  constructor(reprise: Reprise, defaults: CallDefaults, client: OpenAI, body: unknown, call: RepriseCallOptions | undefined) {
    this.#reprise = reprise;
    this.#defaults = defaults;
    this.#client = client;
    this.#call = call;
    // The text the SDK sends: its encoder is JSON.stringify(body). Taken now, before the
    // caller can change the object (appending the answer to `messages`, say).
    this.#requestBody = JSON.stringify(body);
  }

  /** The caller's promise, observed: the same APIPromise methods, the same values, the same errors. */
  observe<T>(inner: APIPromise<T>): APIPromise<T> {
    // asResponse() waits for the headers without reading the body, so the outcome is seen even
    // if the caller never parses, and the body is left to the caller.
    inner.asResponse().then(
      () => {
        this.#responseAt ??= performance.now();
      },
      (err: unknown) => this.#fail(err),
    );
    const outer = inner._thenUnwrap((data) => this.#received(data));
    rememberRepriseId(outer, this.id);
    return outer;
  }

  /** The call never reached the SDK's request (it threw synchronously): nothing to log. */
  abandon(): void {
    this.#done = true;
    this.#resolveId(undefined);
  }

  #received<T>(data: T): T {
    try {
      this.#responseAt ??= performance.now();
      if (isA(data, Stream)) {
        const observed = this.#observeStream(data as Stream<ChatCompletionChunk>);
        rememberRepriseId(observed, this.id);
        return observed as T;
      }
      rememberRepriseId(data, this.id);
      this.#record({ status: 'COMPLETED', responseBody: data === undefined ? undefined : JSON.stringify(data), endAt: this.#responseAt });
    } catch (err) {
      this.#reprise.reportInternalError(err);
    }
    return data;
  }

  /**
   * A Stream over the same chunks, logged once the caller has read it to the end (or stopped
   * early, or it failed). A new Stream rather than a patched one: iteration, tee(),
   * toReadableStream() and the controller all work as on the SDK's own, since they are built
   * on the iterator this class is given.
   */
  #observeStream(source: Stream<ChatCompletionChunk>): Stream<ChatCompletionChunk> {
    const assembler = new CompletionAssembler();
    const aborted = () => source.controller.signal.aborted;
    const chunks = async function* (this: CallLog): AsyncGenerator<ChatCompletionChunk> {
      let ended = false;
      try {
        for await (const chunk of source) {
          try {
            if (assembler.add(chunk)) this.#firstTokenAt ??= performance.now();
          } catch (err) {
            this.#reprise.reportInternalError(err);
          }
          yield chunk;
        }
        ended = true;
        // The SDK ends a stream quietly when its controller is aborted: that is a cancel.
        this.#record({ status: aborted() ? 'CANCELLED' : 'COMPLETED', responseBody: body(assembler), endAt: performance.now() });
      } catch (err) {
        ended = true;
        this.#fail(err, assembler);
        throw err;
      } finally {
        // The caller stopped reading (break, return, cancel): the SDK aborts the request.
        if (!ended) this.#record({ status: 'CANCELLED', responseBody: body(assembler), endAt: performance.now() });
      }
    };
    let started = false;
    // A second iteration fails in the SDK ("consumed stream"); that must not be logged as the outcome.
    const iterator = () => {
      if (started) return source[Symbol.asyncIterator]();
      started = true;
      return chunks.call(this);
    };
    // The caller's own Stream class, should its openai copy not be this module's.
    const StreamClass = source.constructor as typeof Stream<ChatCompletionChunk>;
    return new StreamClass(iterator, source.controller, this.#client);
  }

  #fail(err: unknown, assembler?: CompletionAssembler): void {
    const cancelled = isAbort(err);
    this.#record({
      status: cancelled ? 'CANCELLED' : 'FAILED',
      responseBody: assembler ? body(assembler) : undefined,
      error: cancelled ? undefined : toLogError(err),
      endAt: performance.now(),
    });
  }

  #record(outcome: { status: RequestStatus; responseBody: string | undefined; error?: LogErrorInput; endAt: number }): void {
    if (this.#done) return;
    this.#done = true;
    try {
      const { provider } = this.#defaults;
      const tags = [...new Set([...this.#defaults.tags, ...(this.#call?.tags ?? [])])];
      const metadata = { ...this.#defaults.metadata, ...this.#call?.metadata };
      const elapsed = outcome.endAt - this.#t0;
      const input: LogRequestInput = {
        provider,
        requestBody: this.#requestBody,
        ...(outcome.responseBody !== undefined ? { responseBody: outcome.responseBody } : {}),
        status: outcome.status,
        ...(outcome.error ? { error: outcome.error } : {}),
        startedAt: this.#startedAt.toISOString(),
        endedAt: new Date(this.#startedAt.getTime() + elapsed).toISOString(),
        latencyMs: Math.max(0, Math.round(elapsed)),
        ...(this.#firstTokenAt !== undefined ? { ttftMs: Math.max(0, Math.round(this.#firstTokenAt - this.#t0)) } : {}),
        ...(tags.length > 0 ? { tags } : {}),
        ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
        externalId: this.#call?.externalId ?? globalThis.crypto.randomUUID(),
      };
      void this.#reprise.log(input).then(this.#resolveId);
    } catch (err) {
      this.#reprise.reportInternalError(err);
      this.#resolveId(undefined);
    }
  }
}

/** What was received of a stream, as a chat completion; nothing when no chunk came. */
function body(assembler: CompletionAssembler): string | undefined {
  return assembler.chunks > 0 ? JSON.stringify(assembler.completion()) : undefined;
}
