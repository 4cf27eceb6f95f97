import { pipeline } from 'node:stream/promises';
import type { Logger } from '@reprise/runtime';
import type { Request, Response } from 'express';
import { coerceInputValue, GraphQLError, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import type { RequestFilter } from './__generated__/resolvers-types.js';
import type { Authenticator } from './auth/authenticator.js';
import type { HistoryClient } from './clients/history.client.js';
import { badUserInput, ErrorCode } from './errors.js';
import { toFilter } from './resolvers/request.input.js';

interface ExportDeps {
  auth: Authenticator;
  history: HistoryClient;
  /** The filter is read as GraphQL reads a `RequestFilter` variable: the same checks, enum values and field names. */
  schema: GraphQLSchema;
  logger: Logger;
}

/** A filter given as JSON, coerced as the schema's `RequestFilter` input; BAD_USER_INPUT naming `filter.<field>` otherwise. */
function filterFrom(json: unknown, schema: GraphQLSchema): RequestFilter | null {
  const type = schema.getType('RequestFilter') as GraphQLInputType;
  return coerceInputValue(json, type, (path, _invalid, error) => {
    throw badUserInput([{ field: ['filter', ...path].join('.'), message: error.message }]);
  }) as RequestFilter | null;
}

/**
 * `GET /export?format=jsonl|csv&filter=<RequestFilter as JSON>` (or `&batch=<id>`
 * for a bulk replay's results), with the same
 * `Authorization: Bearer <key>` as the GraphQL endpoint. The history service's
 * stream is piped through as it arrives, so an export of any size holds one
 * batch of documents in memory, never the whole result.
 */
export function exportHandler({ auth, history, schema, logger }: ExportDeps) {
  return async (req: Request, res: Response) => {
    const refuse = (status: number, code: string, message: string, field?: string) =>
      res.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
    try {
      const { workspaceId } = await auth.authenticate(req.headers.authorization);
      const format = req.query.format ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv') return refuse(400, ErrorCode.BadUserInput, 'format: must be jsonl or csv', 'format');
      let filterInput: unknown = undefined;
      if (typeof req.query.filter === 'string') {
        try {
          filterInput = JSON.parse(req.query.filter);
        } catch {
          return refuse(400, ErrorCode.BadUserInput, 'filter: not JSON', 'filter');
        }
      }
      // `batch=<id>`: a bulk replay's results, each original beside its replay, instead of requests.
      const batchId = typeof req.query.batch === 'string' && req.query.batch ? req.query.batch : null;
      const body = batchId
        ? await history.exportBatch(workspaceId, batchId, format)
        : await history.exportRequests(workspaceId, toFilter(filterInput === undefined ? undefined : filterFrom(filterInput, schema)), format);
      res.status(200);
      res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="reprise-${batchId ? 'batch-results' : 'requests'}.${format}"`);
      await pipeline(body, res);
    } catch (err) {
      if (res.headersSent) {
        logger.error({ err }, 'export interrupted');
        res.destroy();
        return;
      }
      if (err instanceof GraphQLError) {
        const code = String(err.extensions.code);
        const status = code === ErrorCode.Unauthenticated ? 401 : code === ErrorCode.BadUserInput ? 400 : 503;
        return refuse(status, code, err.message, err.extensions.field as string | undefined);
      }
      logger.error({ err }, 'export failed');
      return refuse(500, ErrorCode.Internal, 'Internal server error');
    }
  };
}
