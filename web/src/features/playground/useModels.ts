import { useQuery } from 'urql';
import { ModelsQuery } from './documents';

/** The gateway's models, with the one to preselect: the default, else the first. */
export function useModels() {
  const [{ data, fetching, error }] = useQuery({ query: ModelsQuery });
  const models = data?.models ?? [];
  const preferred = models.find((m) => m.isDefault) ?? models[0] ?? null;
  return { models, preferred, fetching, error: error?.message ?? null };
}
