import { fieldIssues, type FieldIssue } from '@reprise/contracts';
import type { z } from 'zod';
import { badUserInput, serviceUnavailable } from '../errors.js';

/** The body internal services send with a 400. */
interface InvalidInputBody {
  error: 'invalid_input';
  issues: FieldIssue[];
}

export interface JsonCall {
  service: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Prepended to the field paths of a 400's issues, e.g. `input`. */
  fieldPrefix?: string;
}

/**
 * Calls an internal service and validates its answer against the contract.
 * Returns null on 404. A 400 becomes BAD_USER_INPUT with the service's field
 * paths; an unreachable service becomes SERVICE_UNAVAILABLE.
 */
export async function callJson<T extends z.ZodType>(call: JsonCall, schema: T): Promise<z.infer<T> | null> {
  let res: Response;
  try {
    res = await fetch(call.url, {
      method: call.method ?? 'GET',
      headers: call.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
  } catch {
    throw serviceUnavailable(call.service);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.status === 400 && isInvalidInput(json)) {
    const prefix = call.fieldPrefix;
    throw badUserInput(json.issues.map((i) => ({ ...i, field: prefix ? `${prefix}.${i.field}` : i.field })));
  }
  if (!res.ok) throw new Error(`${call.service} answered ${res.status} to ${call.method ?? 'GET'} ${new URL(call.url).pathname}`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${call.service} answered outside its contract: ${JSON.stringify(fieldIssues(parsed.error))}`);
  }
  return parsed.data;
}

function isInvalidInput(json: unknown): json is InvalidInputBody {
  return typeof json === 'object' && json !== null && (json as InvalidInputBody).error === 'invalid_input' && Array.isArray((json as InvalidInputBody).issues);
}
