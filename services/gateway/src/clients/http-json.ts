import { fieldIssues, type FieldIssue } from '@reprise/contracts';
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { badUserInput, conflict, serviceUnavailable } from '../errors.js';

/** The body internal services send with a 400. */
interface InvalidInputBody {
  error: 'invalid_input';
  issues: FieldIssue[];
}

export interface JsonCall {
  service: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Prepended to the field paths of a 400's issues, e.g. `input`. */
  fieldPrefix?: string;
  /** Removed from the start of those paths first: the service's own name for the field, e.g. `items`. */
  stripPrefix?: string;
}

/**
 * One keep-alive pool for calls to internal services: undici's `request` is
 * several times cheaper per call than WHATWG `fetch`, and this is every
 * mutation's hot path.
 */
const dispatcher: Dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

/**
 * Calls an internal service and validates its answer against the contract.
 * Returns null on 404. A 400 becomes BAD_USER_INPUT with the service's field
 * paths, a 409 CONFLICT with its message; an unreachable service becomes
 * SERVICE_UNAVAILABLE.
 */
export async function callJson<T extends z.ZodType>(call: JsonCall, schema: T): Promise<z.infer<T> | null> {
  const res = await send(call);
  const status = res.statusCode;
  if (status === 404) {
    await res.body.dump();
    return null;
  }
  const json: unknown = await res.body.json().catch(() => null);
  if (status === 400 && isInvalidInput(json)) {
    const { fieldPrefix, stripPrefix } = call;
    throw badUserInput(
      json.issues.map((i) => {
        const own = stripPrefix && i.field.startsWith(stripPrefix) ? i.field.slice(stripPrefix.length).replace(/^\./, '') : i.field;
        return { ...i, field: [fieldPrefix, own].filter(Boolean).join('.') };
      }),
    );
  }
  // Refused for the state it is in (a completed batch paused): the service's words, not an internal error.
  if (status === 409) throw conflict(typeof (json as { message?: unknown } | null)?.message === 'string' ? (json as { message: string }).message : 'conflict');
  if (status < 200 || status >= 300) throw new Error(`${call.service} answered ${status} to ${call.method ?? 'GET'} ${new URL(call.url).pathname}`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${call.service} answered outside its contract: ${JSON.stringify(fieldIssues(parsed.error))}`);
  }
  return parsed.data;
}

async function send(call: JsonCall): Promise<Dispatcher.ResponseData> {
  try {
    return await request(call.url, {
      dispatcher,
      method: call.method ?? 'GET',
      headers: call.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
  } catch {
    throw serviceUnavailable(call.service);
  }
}

/** Opens a streamed answer (an export): the body is handed on as it arrives. */
export async function openStream(call: JsonCall): Promise<Readable> {
  const res = await send(call);
  if (res.statusCode === 400) {
    const json: unknown = await res.body.json().catch(() => null);
    if (isInvalidInput(json)) throw badUserInput(json.issues);
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`${call.service} answered ${res.statusCode} to ${call.method ?? 'GET'} ${new URL(call.url).pathname}`);
  }
  return res.body;
}

function isInvalidInput(json: unknown): json is InvalidInputBody {
  return typeof json === 'object' && json !== null && (json as InvalidInputBody).error === 'invalid_input' && Array.isArray((json as InvalidInputBody).issues);
}
