import OpenAI, { AzureOpenAI } from 'openai';
import type { APIPromise } from 'openai/core/api-promise';
import type { Stream } from 'openai/core/streaming';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { CallLog, type CallDefaults, type RepriseCallOptions } from './call-log.js';
import type { Metadata } from './log-input.js';
import { Reprise, type RepriseOptions } from './reprise.js';
import { isA } from './same-class.js';

/** What one wrapped client adds to each of its records. */
export interface RepriseClientOptions {
  /** @default 'azure-openai' for an AzureOpenAI client, else 'openai' */
  provider?: string;
  /** On every record of this client; a call's own tags are added. */
  tags?: readonly string[];
  /** On every record of this client; a call's own metadata is merged over it. */
  metadata?: Metadata;
}

/** Either the connection to Reprise, or a `Reprise` instance to share with other clients. */
export type WithRepriseOptions = RepriseClientOptions & (RepriseOptions | { reprise: Reprise });

type SdkRequestOptions = NonNullable<Parameters<OpenAI['chat']['completions']['create']>[1]>;

/** The openai SDK's request options plus `reprise`, which is removed before the SDK sees them. */
export type RepriseRequestOptions = SdkRequestOptions & { reprise?: RepriseCallOptions };

/** `chat.completions.create`, accepting the `reprise` option. */
export interface RepriseCreate {
  (body: ChatCompletionCreateParamsNonStreaming, options?: RepriseRequestOptions): APIPromise<ChatCompletion>;
  (body: ChatCompletionCreateParamsStreaming, options?: RepriseRequestOptions): APIPromise<Stream<ChatCompletionChunk>>;
  (body: ChatCompletionCreateParamsBase, options?: RepriseRequestOptions): APIPromise<Stream<ChatCompletionChunk> | ChatCompletion>;
}

/**
 * The client as given, plus the `reprise` option on `chat.completions.create` and the
 * `Reprise` instance that ships its records. Still an `OpenAI` (or whatever `C` is).
 */
export type WithReprise<C extends OpenAI> = C & {
  readonly chat: { readonly completions: { create: RepriseCreate } };
  /** `flush()`, `close()`, `buffered`. */
  readonly reprise: Reprise;
};

/**
 * Wraps an openai client so that every `chat.completions.create` call (streaming or not, and
 * through the SDK's helpers built on it: `parse`, `stream`, `runTools`) is logged to Reprise.
 * The client is not modified: the result is a view of it in which only that method differs.
 */
export function withReprise<C extends OpenAI>(client: C, options: WithRepriseOptions): WithReprise<C> {
  const reprise = 'reprise' in options ? options.reprise : new Reprise(options);
  const defaults: CallDefaults = {
    provider: options.provider ?? (isA(client, AzureOpenAI) ? 'azure-openai' : 'openai'),
    tags: options.tags ?? [],
    metadata: options.metadata ?? {},
  };
  const completions = client.chat.completions;

  const create = (body: ChatCompletionCreateParamsBase, options?: RepriseRequestOptions) => {
    const { reprise: call, ...sdkOptions } = options ?? {};
    const forward = options === undefined ? undefined : sdkOptions;
    if (call?.skip) return completions.create(body, forward);
    let log: CallLog | undefined;
    try {
      log = new CallLog(reprise, defaults, client, body, call);
    } catch (err) {
      reprise.reportInternalError(err);
    }
    let inner: APIPromise<Stream<ChatCompletionChunk> | ChatCompletion>;
    try {
      inner = completions.create(body, forward);
    } catch (err) {
      log?.abandon();
      throw err;
    }
    if (!log) return inner;
    try {
      return log.observe(inner);
    } catch (err) {
      reprise.reportInternalError(err);
      return inner;
    }
  };

  // Views over the SDK's objects rather than patches of them. The helpers on `completions`
  // (parse, stream, runTools) call `this._client.chat.completions.create`: answering `_client`
  // with the wrapped client routes them through `create` above.
  let wrapped: WithReprise<C>;
  const completionsView = new Proxy(completions, {
    get: (target, prop, receiver) => (prop === 'create' ? create : prop === '_client' ? wrapped : Reflect.get(target, prop, receiver)),
  });
  const chatView = new Proxy(client.chat, {
    get: (target, prop, receiver) => (prop === 'completions' ? completionsView : Reflect.get(target, prop, receiver)),
  });
  const methods = new Map<PropertyKey, { of: unknown; bound: unknown }>();
  wrapped = new Proxy(client, {
    get: (target, prop) => {
      if (prop === 'chat') return chatView;
      if (prop === 'reprise') return reprise;
      if (prop === 'withOptions') return (opts: Parameters<OpenAI['withOptions']>[0]) => withReprise(target.withOptions(opts), { ...defaults, reprise });
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      // The client's methods use its #private fields: they must run on the client itself.
      let method = methods.get(prop);
      if (method?.of !== value) methods.set(prop, (method = { of: value, bound: (value as (...a: unknown[]) => unknown).bind(target) }));
      return method.bound;
    },
  }) as WithReprise<C>;
  return wrapped;
}
