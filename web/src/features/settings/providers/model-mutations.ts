import { graphql } from '../../../gql';
import type { CombinedError } from '@urql/core';
import { formErrors } from '../field-errors';

// addModel replaces the model with the same id whole: editing a row and
// adding one by hand are the same call.
export const addModelMutation = graphql(`
  mutation SettingsAddModel($providerId: ID!, $input: ModelInput!) {
    addModel(providerId: $providerId, input: $input) { ...SettingsProviderFields }
  }
`);

export const removeModelMutation = graphql(`
  mutation SettingsRemoveModel($providerId: ID!, $modelId: String!) {
    removeModel(providerId: $providerId, modelId: $modelId) { ...SettingsProviderFields }
  }
`);

/** The model row's fields, by the API's names under `input`. */
const MODEL_FIELDS = new Set(['id', 'label', 'inputPricePerM', 'outputPricePerM']);
export const modelErrors = (error: CombinedError | undefined) => formErrors(error, { fieldOf: (path) => (MODEL_FIELDS.has(path) ? path : undefined) });

