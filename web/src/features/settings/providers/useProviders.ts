import { useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../../gql';
import type { SettingsProviderFieldsFragment } from '../../../gql/graphql';

/** Everything the settings show of a provider; every mutation of a provider answers with it. */
export const ProviderFieldsFragment = graphql(`
  fragment SettingsProviderFields on Provider {
    id name kind baseURL apiKeyLast4 organization project apiVersion headers builtIn createdAt updatedAt
    models { id label inputPricePerM outputPricePerM supports { tools structuredOutput images streaming } source }
    limits { rpm concurrency }
  }
`);

const providersQuery = graphql(`
  query SettingsProviders {
    providers { ...SettingsProviderFields }
  }
`);

export type Provider = SettingsProviderFieldsFragment;
export type ProviderModel = Provider['models'][number];

/** The providers a run can name: the built-ins first, then the workspace's own. */
export function useProviders() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: providersQuery });
  const providers = useFragment(ProviderFieldsFragment, data?.providers ?? []);
  return {
    providers: providers as readonly Provider[],
    loaded: data !== undefined,
    fetching,
    error,
    /** Asks again, after a failed load. (Changes need no refetch: graphql/cache.ts updates the list and the playground's models.) */
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
  };
}

/**
 * A provider as a mutation answered it, unmasked; null without an answer.
 * (Codegen's `useFragment` is a plain function despite its name, so it may be called after an await.)
 */
export const providerFrom = (ref: FragmentType<typeof ProviderFieldsFragment> | null | undefined): Provider | null =>
  ref ? useFragment(ProviderFieldsFragment, ref) : null;
