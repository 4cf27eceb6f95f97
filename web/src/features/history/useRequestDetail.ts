import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { RequestDetailQuery } from '../../gql/graphql';

const requestDetailQuery = graphql(`
  query RequestDetail($id: ID!) {
    request(id: $id) {
      id
      source
      provider
      model
      status
      startedAt
      endedAt
      requestBody
      responseBody
      output
      error { kind message status }
      usage { promptTokens completionTokens totalTokens }
      latencyMs
      ttftMs
      cost
      tags
      score
      replayOf
      forkedFrom
      batchId
      runId
      externalId
      metadata
      replayInput {
        provider
        model
        messages {
          role
          content
          name
          toolCallId
          parts { type text imageUrl }
          toolCalls { id name arguments }
        }
        tools { name }
      }
      replayNotes { kind field message }
    }
  }
`);

export type RequestDetail = NonNullable<RequestDetailQuery['request']>;
export type ChatMessage = RequestDetail['replayInput']['messages'][number];

/** One logged request with what the detail panel shows: the conversation, the answer, figures and raw bodies. */
export function useRequestDetail(id: string) {
  // Asked of the network too when opened again: a request may have been deleted, or recorded, meanwhile.
  const [{ data, fetching, error }] = useQuery({ query: requestDetailQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  return { request: data?.request ?? null, fetching, error, found: data !== undefined };
}
