/** One refused field, as the gateway's BAD_USER_INPUT names it: `overrides.temperature`, `options.concurrency`, `selection.ids.3`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** What this reads of urql's CombinedError: the GraphQL errors and their extensions. */
interface ErrorLike {
  graphQLErrors: readonly { message: string; extensions?: Record<string, unknown> }[];
}

const isIssue = (v: unknown): v is FieldIssue =>
  typeof v === 'object' && v !== null && typeof (v as FieldIssue).field === 'string' && typeof (v as FieldIssue).message === 'string';

/**
 * Every field a BAD_USER_INPUT error names, from `extensions.issues` (all of
 * them) or, failing that, `extensions.field` with the error's message.
 */
export function fieldIssues(error: ErrorLike | null | undefined): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const e of error?.graphQLErrors ?? []) {
    if (e.extensions?.code !== 'BAD_USER_INPUT') continue;
    const issues = Array.isArray(e.extensions.issues) ? e.extensions.issues.filter(isIssue) : [];
    if (issues.length) out.push(...issues);
    else if (typeof e.extensions.field === 'string') out.push({ field: e.extensions.field, message: stripField(e.message, e.extensions.field) });
  }
  return out;
}

/** The gateway writes "field: message"; beside the field, the field's name is noise. */
function stripField(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

const under = (field: string, prefix: string) => field === prefix || field.startsWith(`${prefix}.`);

/** The first issue at or under any of the paths, in words; null when the API found nothing wrong there. */
export function issueAt(issues: readonly FieldIssue[], ...paths: string[]): string | null {
  return issues.find((i) => paths.some((p) => under(i.field, p)))?.message ?? null;
}

/** The issues under none of the paths a form shows beside a field: said at the form's foot, naming their field. */
export function unplacedIssues(issues: readonly FieldIssue[], placed: readonly string[]): FieldIssue[] {
  return issues.filter((i) => !placed.some((p) => under(i.field, p)));
}

/** An error's message as people read it: urql's "[GraphQL] " or "[Network] " prefix is for developers. */
export const errorWords = (error: { message: string }) => error.message.replace(/^\[\w+\] /, '');
