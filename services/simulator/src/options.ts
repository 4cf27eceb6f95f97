import type { IncomingHttpHeaders } from 'node:http';
import { lastUserMessage, messageText, type ChatMessageLike } from './messages.js';

/** Statuses a request can ask the simulator to fail with (`fail=` / `x-sim-fail`). */
export const FAIL_STATUSES = [400, 401, 429, 500, 503] as const;
export type FailStatus = (typeof FAIL_STATUSES)[number];

/** How the simulator answers one request. */
export interface SimOptions {
  /** Milliseconds before the first content chunk. @default 0 */
  ttftMs: number;
  /** Milliseconds between content chunks. @default 0 */
  delayMs: number;
  /** Length of the text answer, in tokens (one streamed chunk each). @default 16 */
  tokens: number;
  /** Answer with this error instead of a completion. @default null */
  fail: FailStatus | null;
  /** `Retry-After` seconds sent with a 429. @default 1 */
  retryAfterSec: number;
  /** Destroy the connection after this many content chunks. @default null (never) */
  dropAfter: number | null;
  /** Call tools (when the request has some) instead of answering with text. @default false */
  toolCall: boolean;
  /**
   * Apply `fail` and `drop-after` only to the first N requests with the same
   * messages, then answer normally: a provider that recovers, for retry
   * tests. @default null (every request)
   */
  failTimes: number | null;
}

export const DEFAULT_SIM_OPTIONS: Readonly<SimOptions> = {
  ttftMs: 0,
  delayMs: 0,
  tokens: 16,
  fail: null,
  retryAfterSec: 1,
  dropAfter: null,
  toolCall: false,
  failTimes: null,
};

/** A marker or header the simulator cannot read; the server answers it with a 400. */
export class SimOptionError extends Error {}

type Parser<K extends keyof SimOptions> = (raw: string) => SimOptions[K] | undefined;

function count(max: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return n <= max ? n : undefined;
  };
}

const PARSERS: { [K in keyof SimOptions]: Parser<K> } = {
  ttftMs: count(600_000),
  delayMs: count(600_000),
  tokens: count(100_000),
  fail: (raw) => FAIL_STATUSES.find((s) => String(s) === raw),
  retryAfterSec: count(86_400),
  dropAfter: count(100_000),
  toolCall: (raw) => (['1', 'true', 'yes'].includes(raw) ? true : ['0', 'false', 'no'].includes(raw) ? false : undefined),
  failTimes: count(1000),
};

/** The same options, named as a prompt marker key and as a header. */
const NAMES: ReadonlyArray<{ option: keyof SimOptions; marker: string; header: string }> = [
  { option: 'ttftMs', marker: 'ttft', header: 'x-sim-ttft-ms' },
  { option: 'delayMs', marker: 'delay', header: 'x-sim-delay-ms' },
  { option: 'tokens', marker: 'tokens', header: 'x-sim-tokens' },
  { option: 'fail', marker: 'fail', header: 'x-sim-fail' },
  { option: 'retryAfterSec', marker: 'retry-after', header: 'x-sim-retry-after' },
  { option: 'dropAfter', marker: 'drop-after', header: 'x-sim-drop-after' },
  { option: 'toolCall', marker: 'tool', header: 'x-sim-tool-call' },
  { option: 'failTimes', marker: 'fail-times', header: 'x-sim-fail-times' },
];

function expectation(option: keyof SimOptions): string {
  if (option === 'fail') return `one of ${FAIL_STATUSES.join(', ')}`;
  if (option === 'toolCall') return '1 or 0';
  return 'a non-negative integer';
}

function parseOne(option: keyof SimOptions, raw: string, where: string): Partial<SimOptions> {
  const value = PARSERS[option](raw);
  if (value === undefined) {
    throw new SimOptionError(`Invalid simulator option in ${where}: expected ${expectation(option)}, got ${JSON.stringify(raw)}.`);
  }
  return { [option]: value };
}

/** Options from `x-sim-*` request headers. */
export function headerOptions(headers: IncomingHttpHeaders): Partial<SimOptions> {
  let options: Partial<SimOptions> = {};
  for (const { option, header } of NAMES) {
    const value = headers[header];
    const raw = Array.isArray(value) ? value[0] : value;
    if (raw !== undefined) options = { ...options, ...parseOne(option, raw.trim(), `header ${header}`) };
  }
  return options;
}

// `[sim ttft=50 delay=5]`, `[sim tool]`: a bare key is a flag meaning "1".
const MARKER = /\[sim(?:\s+([^\]]*))?\]/gi;

/** Options from `[sim ...]` markers in one text, later settings winning. */
export function parseMarkers(text: string): Partial<SimOptions> {
  let options: Partial<SimOptions> = {};
  for (const match of text.matchAll(MARKER)) {
    for (const item of (match[1] ?? '').trim().split(/\s+/).filter(Boolean)) {
      const [key = '', raw = '1'] = item.split('=', 2);
      const name = NAMES.find((n) => n.marker === key.toLowerCase());
      if (!name) {
        const known = NAMES.map((n) => n.marker).join(', ');
        throw new SimOptionError(`Unknown simulator option "${key}" in ${match[0]}; known: ${known}.`);
      }
      options = { ...options, ...parseOne(name.option, raw, match[0]) };
    }
  }
  return options;
}

/**
 * Options from markers in the messages. Any message may carry them, except the
 * tool flag, which only counts in the last user message: otherwise every later
 * turn of the conversation would call tools again.
 */
export function markerOptions(messages: ReadonlyArray<ChatMessageLike>): Partial<SimOptions> {
  let options: Partial<SimOptions> = {};
  for (const message of messages) {
    const { toolCall: _ignored, ...found } = parseMarkers(messageText(message));
    options = { ...options, ...found };
  }
  const last = lastUserMessage(messages);
  const toolCall = last ? parseMarkers(messageText(last)).toolCall : undefined;
  return toolCall === undefined ? options : { ...options, toolCall };
}

/** Server defaults, then headers, then prompt markers: the most specific wins. */
export function resolveOptions(
  defaults: Partial<SimOptions>,
  headers: IncomingHttpHeaders,
  messages: ReadonlyArray<ChatMessageLike>,
): SimOptions {
  return { ...DEFAULT_SIM_OPTIONS, ...defaults, ...headerOptions(headers), ...markerOptions(messages) };
}
