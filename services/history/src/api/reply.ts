import type { FastifyReply } from 'fastify';

/**
 * Another workspace's id reads exactly like an unknown one. (Input outside a
 * route's schema never reaches a handler: useZodValidation answers it 400.)
 */
export function notFound(reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found' });
}
