import { fieldIssues } from '@reprise/contracts';
import type { z } from 'zod';
import { badUserInput } from '../errors.js';

/** Drops null and undefined fields: GraphQL sends null for what the caller left out. */
export function defined<T extends object>(obj: T): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null && v !== undefined)) as never;
}

/** Validates with a contract schema; a refusal names each field under `path` (e.g. `inputs.3`). */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, path: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badUserInput(fieldIssues(parsed.error, path));
  return parsed.data;
}
