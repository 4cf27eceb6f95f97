import { useMutation } from 'urql';
import { graphql } from '../../gql';

// Each edit selects what the table and the detail show of the field it
// changes: the normalised cache (graphql/cache.ts) then updates the one
// Request both hold, so the row shows the edit without a refetch.
const setTagsMutation = graphql(`
  mutation SetRequestTags($id: ID!, $tags: [String!]!) {
    setTags(id: $id, tags: $tags) { id tags }
  }
`);

const setScoreMutation = graphql(`
  mutation SetRequestScore($id: ID!, $score: Float) {
    setScore(id: $id, score: $score) { id score }
  }
`);

const deleteRequestsMutation = graphql(`
  mutation DeleteRequests($ids: [ID!]!) {
    deleteRequests(ids: $ids)
  }
`);

export function useSetTags() {
  const [{ fetching, error }, execute] = useMutation(setTagsMutation);
  return { saving: fetching, error, setTags: (id: string, tags: string[]) => execute({ id, tags }) };
}

export function useSetScore() {
  const [{ fetching, error }, execute] = useMutation(setScoreMutation);
  return { saving: fetching, error, setScore: (id: string, score: number | null) => execute({ id, score }) };
}

/** At most this many ids per deleteRequests call (the gateway's limit). */
export const DELETE_BATCH = 1000;

export function useDeleteRequests() {
  const [{ fetching, error }, execute] = useMutation(deleteRequestsMutation);
  return {
    deleting: fetching,
    error,
    // The answer is a count, which names no type: the document cache is told
    // which lists to refetch; Graphcache's `updates` removes the rows instead.
    deleteRequests: (ids: string[]) => execute({ ids }, { additionalTypenames: ['Request', 'RequestStats'] }),
  };
}
