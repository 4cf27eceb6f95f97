import { fieldIssues, type FieldIssue } from '@reprise/contracts';
import type { FastifyError, FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';

/** What every internal API answers with a 400; the gateway turns it into BAD_USER_INPUT naming each field. */
export interface InvalidInputBody {
  error: 'invalid_input';
  issues: FieldIssue[];
}

/** A refusal raised by a route's own checks (beyond its schema), answered like a schema's: 400 and the fields. */
export class InvalidInputError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

/** Carries zod's issues through Fastify's validation step to the error handler. */
class ZodValidationError extends Error {
  constructor(readonly zodError: z.ZodError) {
    super('invalid input');
  }
}

/**
 * Routes declare zod schemas (`schema: { body, querystring, params }`) and
 * receive the parsed values; anything outside them is answered 400
 * `{ error: 'invalid_input', issues }` by one error handler, before the
 * handler runs. Register before the routes.
 */
export function useZodValidation(app: FastifyInstance): void {
  const compiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? { value: parsed.data } : { error: new ZodValidationError(parsed.error) };
  };
  app.setValidatorCompiler(compiler);
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const cause = (err.validation?.[0] as { error?: unknown } | undefined)?.error ?? err;
    if (cause instanceof ZodValidationError) return reply.code(400).send(invalidInput(fieldIssues(cause.zodError)));
    if (err instanceof InvalidInputError) return reply.code(400).send(invalidInput(err.issues));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.code ?? 'bad_request', message: err.message });
    reply.log.error({ err }, 'route failed');
    return reply.code(500).send({ error: 'internal' });
  });
}

export function invalidInput(issues: FieldIssue[]): InvalidInputBody {
  return { error: 'invalid_input', issues };
}
