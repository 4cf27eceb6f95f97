import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLError } from 'graphql';
import { HistoryClient } from '../clients/history.client.js';

/**
 * A server answering POST /requests as history refuses a body: 400 with its
 * own field paths (`items.<i>.…`). History checks the bodies' JSON, the
 * gateway does not, so these paths are what the caller is told.
 */
let server: Server;
let history: HistoryClient;
let issues: { field: string; message: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_input', issues }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  history = new HistoryClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const item = { provider: 'openai', requestBody: '{nope', startedAt: '2025-03-01T12:00:00.000Z' };

async function refusal(call: Promise<unknown>): Promise<GraphQLError> {
  try {
    await call;
  } catch (err) {
    return err as GraphQLError;
  }
  throw new Error('not refused');
}

describe("history's refusal of a logged body, as the GraphQL caller reads it", () => {
  it('names logRequests fields by the item index: inputs.<i>.requestBody', async () => {
    issues = [{ field: 'items.3.requestBody', message: 'not JSON: a chat completions request must be JSON text' }];
    const err = await refusal(history.log('ws', [item, item, item, item], 'inputs'));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs.3.requestBody' });
    expect(err.message).toBe('inputs.3.requestBody: not JSON: a chat completions request must be JSON text');
  });

  it("names logRequest's one item as its argument: input.responseBody", async () => {
    issues = [{ field: 'items.0.responseBody', message: 'not a chat completion: choices: expected an array' }];
    const err = await refusal(history.log('ws', [item], 'input'));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.responseBody' });
    expect(err.message).toContain('input.responseBody');
  });
});
