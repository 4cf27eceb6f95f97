import { fieldIssues } from '@reprise/contracts';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** The 400 every internal API answers to input outside its contract; the gateway maps it to BAD_USER_INPUT. */
export function invalidInput(reply: FastifyReply, error: z.ZodError) {
  return reply.code(400).send({ error: 'invalid_input', issues: fieldIssues(error) });
}

/** Another workspace's id reads exactly like an unknown one. */
export function notFound(reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found' });
}
