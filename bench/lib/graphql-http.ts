/** A GraphQL answer: `data`, or `errors` naming what went wrong. */
export interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * POSTs a GraphQL request whose JSON body is already serialized (so timing
 * covers the round trip, not building the payload) over Node's keep-alive
 * fetch, with the API key; throws on an HTTP error or any GraphQL error.
 */
export async function postGraphql<T>(url: string, auth: { authorization: string }, body: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body, signal });
  const answer = (await res.json()) as GraphqlAnswer<T>;
  if (!res.ok || answer.errors?.length || !answer.data) {
    throw new Error(`gateway answered ${res.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 1000)}`);
  }
  return answer.data;
}

export function graphqlBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}
