import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, NoUnusedFragmentsRule, specifiedRules, validate, type DocumentNode } from 'graphql';
import * as generated from '../../gql/graphql';

// The gateway's SDL as it is in the workspace (read as files: the web depends on no service's code).
// Codegen validated these documents against the SDL it saw when src/gql/ was written; this fails
// as soon as the gateway's schema changes under a committed document, codegen run or not.
const SCHEMA_DIR = join(import.meta.dirname, '../../../../services/gateway/src/schema');
const schema = buildSchema(
  readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'run.graphql' ? -1 : b === 'run.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(join(SCHEMA_DIR, f), 'utf8'))
    .join('\n'),
);

// Every document codegen wrote (`ModelsDocument`, ...), so a new one is checked without listing it here.
const documents = Object.entries(generated).filter(
  (entry): entry is [string, DocumentNode] => (entry[1] as Partial<DocumentNode> | undefined)?.kind === 'Document',
);

// A fragment's own document (`...FragmentDoc`) holds the fragment and no operation that spreads it.
const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

describe("the web's generated documents", () => {
  it.each(documents)('%s is valid against the gateway schema', (_name, document) => {
    expect(validate(schema, document, rules).map((e) => e.message)).toEqual([]);
  });
});
