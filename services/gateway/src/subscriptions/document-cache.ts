import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Parses and validates each distinct operation text once. graphql-ws would
 * otherwise re-parse and re-validate the same subscription document for every
 * run a client watches; Apollo caches its own documents for HTTP.
 */
export function createDocumentCache(schema: GraphQLSchema, maxEntries = 1000) {
  const cache = new LRUCache<string, DocumentNode | readonly GraphQLError[]>({ max: maxEntries });
  return function documentFor(query: string): DocumentNode | readonly GraphQLError[] {
    let entry = cache.get(query);
    if (entry) return entry;
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      entry = errors.length > 0 ? errors : document;
    } catch (err) {
      entry = [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
    }
    cache.set(query, entry);
    return entry;
  };
}
