import { graphql } from '../../gql';
import { createGraphqlClient } from '../../graphql/client';
import { isUnauthenticated } from '../../graphql/errors';

/** The cheapest authenticated query: it needs history only, which checking a key needs anyway. */
const verifyApiKeyQuery = graphql(`
  query VerifyApiKey {
    apiKeys { id }
  }
`);

export const REFUSED_KEY_MESSAGE = 'This API key is unknown or revoked';

/** `refused`: the gateway said no to the key; otherwise it could not be asked. */
export type Verification = { ok: true } | { ok: false; refused: boolean; message: string };

/** Printable ASCII, no spaces: anything else cannot be a key, nor go in an HTTP header. */
const PLAUSIBLE_KEY = /^[\x21-\x7e]+$/;

/** Asks the gateway whether it accepts `apiKey`, with a client of its own that is discarded after. */
export async function verifyApiKey(apiKey: string): Promise<Verification> {
  if (!PLAUSIBLE_KEY.test(apiKey)) return { ok: false, refused: true, message: REFUSED_KEY_MESSAGE };
  const { client, dispose } = createGraphqlClient({ apiKey: () => apiKey });
  try {
    const result = await client.query(verifyApiKeyQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (result.data) return { ok: true };
    if (isUnauthenticated(result.error)) return { ok: false, refused: true, message: REFUSED_KEY_MESSAGE };
    const reason = result.error?.graphQLErrors[0]?.message ?? result.error?.networkError?.message ?? 'no answer';
    return { ok: false, refused: false, message: `Could not check the key with the gateway: ${reason}` };
  } finally {
    dispose();
  }
}
