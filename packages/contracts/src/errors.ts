import type { z } from 'zod';

/** One refused field: a dotted path such as `input.messages.0.role`, and why. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Flattens a zod error into field issues, each path prefixed (for example with `input`). */
export function fieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
