import { useMutation } from 'urql';
import { graphql } from '../../gql';

// Selects what the table and the detail show of the edited fields; urql's
// document cache then refetches every query that holds a Request, so the
// table shows the new tags too (Graphcache, a later slice, will update in place).
const setTagsMutation = graphql(`
  mutation SetRequestTags($id: ID!, $tags: [String!]!) {
    setTags(id: $id, tags: $tags) { id tags }
  }
`);

export function useSetTags() {
  const [{ fetching, error }, execute] = useMutation(setTagsMutation);
  return { saving: fetching, error, setTags: (id: string, tags: string[]) => execute({ id, tags }) };
}
