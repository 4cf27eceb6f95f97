import { Client, fetchExchange, mapExchange, subscriptionExchange, type Operation, type SubscriptionForwarder } from '@urql/core';
import { Kind } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { normalisedCache } from './cache';
import { isUnauthenticated, isUnauthorizedClose } from './errors';

/**
 * The gateway's WebSocket endpoint on the page's own origin: the dev server
 * (and any reverse proxy in front of the built app) forwards /graphql.
 */
function graphqlWsUrl(location: Location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/** Whether the operation subscribes to `runEvents`. */
function isRunEvents(operation: Operation): boolean {
  if (operation.kind !== 'subscription') return false;
  return operation.query.definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'runEvents'),
  );
}

export interface GraphqlClientOptions {
  /** The API key, read for every HTTP request and at every WebSocket connect. */
  apiKey: () => string;
  /**
   * Called when the gateway refuses the key: an UNAUTHENTICATED error over
   * HTTP, or the WebSocket closed with 4401. `reason` is the gateway's words.
   */
  onUnauthenticated?: (reason: string) => void;
  location?: Location;
}

export interface GraphqlClient {
  client: Client;
  /** Closes the WebSocket, if open. A later subscription would open a new one. */
  dispose(): void;
}

/**
 * Queries and mutations over HTTP, subscriptions over one graphql-ws
 * connection, both carrying the API key. Build one per key: when the key
 * changes, dispose this one and build another.
 */
export function createGraphqlClient({ apiKey, onUnauthenticated, location = window.location }: GraphqlClientOptions): GraphqlClient {
  const authorization = () => `Bearer ${apiKey()}`;

  let ws: WsClient | null = null;
  // Made on first use, and again after dispose (React's StrictMode disposes
  // and reuses a memoised client once in development).
  const socket = () => {
    if (ws) return ws;
    const client = createWsClient({
      url: graphqlWsUrl(location),
      // lazy: the socket opens with the first subscription and closes after the last.
      lazy: true,
      // The gateway checks this payload's key before it acknowledges the connection.
      connectionParams: () => ({ authorization: authorization() }),
    });
    client.on('closed', (event) => {
      if (isUnauthorizedClose(event)) onUnauthenticated?.(event.reason);
    });
    return (ws = client);
  };

  const forwardSubscription: SubscriptionForwarder = (request) => ({
    subscribe: (sink) => ({ unsubscribe: socket().subscribe({ ...request, query: request.query ?? '' }, sink) }),
  });

  const client = new Client({
    url: '/graphql',
    // Apollo's CSRF prevention rejects simple GET requests; a JSON POST passes.
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: authorization() } }),
    exchanges: [
      // A run's events go past the cache: they are a stream for the one view
      // that follows the run, with nothing to share, and Graphcache would
      // write each into its store on the page's thread (measured: ~25 µs an
      // event, a quarter of a second over a 10,000-token answer). The socket
      // refuses a revoked key by closing with 4401 (handled above), so the
      // error check after the cache misses nothing.
      subscriptionExchange({ forwardSubscription, isSubscriptionOperation: isRunEvents }),
      // One normalised cache per client (per key): nothing of another key's data is kept.
      normalisedCache(),
      // After the cache, so it sees every result from the network and none twice.
      mapExchange({
        onError: (error) => {
          if (isUnauthenticated(error)) onUnauthenticated?.(error.graphQLErrors[0]?.message ?? error.message);
        },
      }),
      fetchExchange,
      subscriptionExchange({ forwardSubscription }),
    ],
  });

  return {
    client,
    dispose() {
      const current = ws;
      ws = null;
      if (current) void Promise.resolve(current.dispose()).catch(() => undefined);
    },
  };
}
