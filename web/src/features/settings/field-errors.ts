import type { CombinedError } from '@urql/core';
import { BAD_USER_INPUT, errorMessage, fieldIssues } from '../../graphql/errors';

/** An error split for a form: messages by the field they name, and the rest for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>;
  other: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, other: [] };

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface FormErrorsOptions {
  /** Stripped from the API's field paths: `input.baseURL` is the form's `baseURL`. @default 'input' */
  prefix?: string;
  /** The form's name for an API field path, when it shows that field; undefined sends the message to `other`. */
  fieldOf: (path: string) => string | undefined;
}

/**
 * Places a refusal next to what it concerns: BAD_USER_INPUT errors name their
 * fields (graphql/errors' fieldIssues); any other error, or an issue about a
 * field the form does not show, is said above the form's buttons.
 */
export function formErrors(error: CombinedError | undefined | null, { prefix = 'input', fieldOf }: FormErrorsOptions): FormErrors {
  if (!error) return NO_ERRORS;
  const result: FormErrors = { fields: {}, other: [] };
  for (const issue of fieldIssues(error)) {
    const path = prefix && issue.field.startsWith(`${prefix}.`) ? issue.field.slice(prefix.length + 1) : issue.field;
    // A lone extensions.field comes with the whole message, "<field>: <why>": beside the field, the why is enough.
    const message = sentence(issue.message.replace(`${issue.field}: `, ''));
    const field = fieldOf(path);
    if (field === undefined) result.other.push(message);
    else result.fields[field] ??= message;
  }
  for (const e of error.graphQLErrors) if (e.extensions?.code !== BAD_USER_INPUT) result.other.push(e.message);
  if (error.networkError) result.other.push(`The gateway did not answer: ${error.networkError.message}`);
  if (result.other.length === 0 && Object.keys(result.fields).length === 0) result.other.push(errorMessage(error));
  return result;
}

/** An error in words, for a place that has no fields (a button's outcome). */
export function errorText(error: CombinedError | undefined): string {
  return error ? formErrors(error, { fieldOf: () => undefined }).other.join(' ') : 'the gateway sent no answer';
}
