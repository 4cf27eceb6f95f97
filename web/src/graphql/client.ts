import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';

/**
 * The gateway's WebSocket endpoint on the page's own origin: the dev server
 * (and any reverse proxy in front of the built app) forwards /graphql.
 */
function graphqlWsUrl(location: Location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/** Queries and mutations over HTTP, subscriptions over one graphql-ws connection. */
export function createGraphqlClient(location: Location = window.location): Client {
  // lazy: the socket opens with the first subscription and closes after the last.
  const ws = createWsClient({ url: graphqlWsUrl(location), lazy: true });

  return new Client({
    url: '/graphql',
    // Apollo's CSRF prevention rejects simple GET requests; a JSON POST passes.
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
