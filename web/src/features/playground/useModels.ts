import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ModelsQuery } from '../../gql/graphql';

const modelsQuery = graphql(`
  query Models {
    models { provider providerLabel name isDefault }
  }
`);

/** One model as the picker lists it and `startRun` names it. */
export type Model = ModelsQuery['models'][number];

/** The gateway's models, with the one to preselect: the default, else the first. */
export function useModels() {
  const [{ data, fetching, error }] = useQuery({ query: modelsQuery });
  const models = data?.models ?? [];
  const preferred = models.find((m) => m.isDefault) ?? models[0] ?? null;
  return { models, preferred, fetching, error: error?.message ?? null };
}
