import { batchStatusSchema, fieldDifferenceSchema, requestSourceSchema, requestStatusSchema, runErrorKindSchema, textChangeSchema } from '@reprise/contracts';
import type { Resolvers } from '../__generated__/resolvers-types.js';

/** `{ COMPLETED: 'completed' }` from the contracts' values: GraphQL spells enum values in capitals. */
function capitalised<T extends string>(values: readonly T[]): { [K in T as Uppercase<K>]: K } {
  return Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as never;
}

/**
 * The schema's enums carry the contracts' values inside the gateway: GraphQL
 * reads `FAILED` in a filter as `failed` and writes a record's `failed` as
 * `FAILED`, so no resolver changes case by hand.
 */
export const enumResolvers = {
  RequestSource: capitalised(requestSourceSchema.options),
  RequestStatus: capitalised(requestStatusSchema.options),
  RunErrorKind: capitalised(runErrorKindSchema.options),
  ReplayNoteKind: capitalised(['shown_differently', 'cannot_send'] as const),
  BatchStatus: capitalised(batchStatusSchema.options),
  BatchResultOutcome: capitalised(['changed', 'unchanged', 'failed'] as const),
  TextChangeOp: capitalised(textChangeSchema.shape.op.options),
  FieldDifferenceKind: capitalised(fieldDifferenceSchema.shape.kind.options),
} satisfies Resolvers;
